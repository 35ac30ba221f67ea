import type { SyncState } from '../../../shared/ipc/contract.ts'
import type { NoticeMoment } from '../../../shared/notice.ts'

export function syncState(overrides: Partial<SyncState> = {}): SyncState {
  return {
    phase: 'idle',
    lastSuccessAt: null,
    lastError: null,
    catchUp: null,
    pausedUntil: null,
    demo: false,
    unread: 0,
    ...overrides,
  }
}

export function notice(n: number, overrides: Partial<NoticeMoment> = {}): NoticeMoment {
  const account = overrides.accountId ?? `001000000000${String(100 + (n % 3)).padStart(3, '0')}AAA`
  return {
    id: `m${n}`,
    rule: 'code-engine-test',
    ruleName: 'Tested code in the Code Engine',
    accountId: account,
    accountName: `Account ${n % 3}`,
    severity: 'normal',
    title: `Tested code in the Code Engine — Account ${n % 3}`,
    body: `Jo tested code (${n})`,
    ...overrides,
  }
}

export function notices(count: number): NoticeMoment[] {
  return Array.from({ length: count }, (_, i) => notice(i + 1))
}

/** A local time today (the test process's time zone) as epoch ms. */
export function localTime(hours: number, minutes = 0, dayOffset = 0): number {
  const d = new Date(2026, 10, 26 + dayOffset, hours, minutes, 0, 0)
  return d.getTime()
}
