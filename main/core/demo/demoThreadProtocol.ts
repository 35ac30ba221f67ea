// The messages between a process and the thread that runs its demo warehouse
// (demoWarehouseInThread.ts ↔ demoWarehouseThread.ts). Both ends are this code, in one process.
import type { OwnershipSnapshot } from '../ownership/ownedAccount.ts'

export interface DemoThreadData {
  dataDir: string
  /** Epoch ms: the demo's "now" when it opens */
  now: number
  /** As DemoWarehouseOptions.template: absent for the installed one */
  template?: string | null
}

export type ToDemoThread = { kind: 'append'; id: number; now: number } | { kind: 'close' }

export type FromDemoThread =
  | { kind: 'ready'; url: string; ownership: OwnershipSnapshot }
  | { kind: 'failed'; message: string }
  | { kind: 'appended'; id: number; count: number }
  | { kind: 'appendFailed'; id: number; message: string }
  | { kind: 'log'; level: 'info' | 'warn'; fields: object; message: string }
  | { kind: 'closed' }
