// The store keeps its SQLite connection to itself; a test that must look at (or squeeze) the state
// file with SQL of its own makes its store here and is handed the same connection.
import { type Db, openStore } from '../../main/core/store/openStore.ts'
import { createStore, type Store } from '../../main/core/store/store.ts'

const connections = new WeakMap<Store, Db>()

/** A store (in memory unless `path` is given) whose connection `stateDb` can return. */
export function inspectableStore(path = ':memory:'): Store {
  const db = openStore(path)
  const store = createStore(db)
  connections.set(store, db)
  return store
}

/** The store's own connection: only for a store made by `inspectableStore`. */
export function stateDb(store: Store): Db {
  const db = connections.get(store)
  if (!db) throw new Error('stateDb: open the store with inspectableStore()')
  return db
}
