import type { Db } from './openStore.ts'

/** `once` rules: the keys ever seen, so only the first occurrence becomes a moment. */
export function onceKeysRepo(db: Db) {
  const claim = db.prepare(
    'INSERT OR IGNORE INTO once_keys (rule_id, once_key, first_event_id) VALUES (?, ?, ?)',
  )
  return {
    /** True for the first event with this key; false for every later one. */
    claim(ruleId: string, onceKey: string, eventId: string): boolean {
      return claim.run(ruleId, onceKey, eventId).changes === 1
    },
  }
}
