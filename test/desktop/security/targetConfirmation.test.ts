import { describe, expect, it } from 'vitest'
import {
  confirmTargetChanges,
  type TargetQuestion,
} from '../../../main/desktop/security/targetConfirmation.ts'
import type { WorkerChannel } from '../../../shared/ipc/contract.ts'

// settings.save from a window reaches the worker only after the user confirmed, in main's native
// dialog, any new warehouse, query, Salesforce org or chat target (the dialog faked: it records).

function harness(answer: boolean) {
  const questions: TargetQuestion[] = []
  const passed: [WorkerChannel, unknown][] = []
  const invoke = confirmTargetChanges(
    {
      confirm: async (question) => {
        questions.push(question)
        return answer
      },
    },
    async (channel, request) => {
      passed.push([channel, request])
      return { ok: true }
    },
  )
  return { invoke, questions, passed }
}

describe('a change of target from a window', () => {
  it('is asked about, secrets shown only by host, and dropped when declined', async () => {
    const { invoke, questions, passed } = harness(false)
    const answer = await invoke('settings.save', {
      warehouseUrl: 'postgres://reader:pw@wh.attacker.example/db?password=pw2',
      slackWebhookUrl: 'https://hooks.slack.com/services/T0/B0/secret-part',
      pollInterval: '1m',
    })
    expect(passed).toEqual([])
    expect(answer).toEqual({
      ok: false,
      errors: [
        { field: 'warehouseUrl', message: 'Not saved: the change was not confirmed' },
        { field: 'slackWebhookUrl', message: 'Not saved: the change was not confirmed' },
      ],
    })
    expect(questions).toHaveLength(1)
    expect(questions[0]?.detail).toBe(
      'Warehouse: postgres://reader@wh.attacker.example/db\nSlack webhook: hooks.slack.com (…)',
    )
    expect(JSON.stringify(questions)).not.toMatch(/pw|secret-part/)
  })

  it('goes through when confirmed; other settings, removals and other channels are not asked about', async () => {
    const { invoke, questions, passed } = harness(true)
    await invoke('settings.save', { salesforceInstanceUrl: 'https://acme.my.salesforce.com' })
    expect(questions.map((q) => q.detail)).toEqual(['Salesforce org: https://acme.my.salesforce.com'])
    await invoke('settings.save', { pollInterval: '1m', slackWebhookUrl: '', warehouseUrl: null })
    await invoke('settings.testWarehouse', { url: 'postgres://r@h/db' })
    expect(questions).toHaveLength(1)
    expect(passed.map(([channel]) => channel)).toEqual([
      'settings.save',
      'settings.save',
      'settings.testWarehouse',
    ])
  })
})
