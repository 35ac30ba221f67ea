import { describe, expect, it } from 'vitest'
import { reachOutDraft, slugOf } from '../../../main/core/actions/reachOutDraft.ts'
import type { ConfigError } from '../../../main/core/config/configErrors.ts'
import { loadRules, parseRulesFile } from '../../../main/core/rules/loadRules.ts'

const DEFAULT_RULES = loadRules({ kind: 'default' })
const rule = (id: string) => DEFAULT_RULES.find((r) => r.id === id) ?? null

const failedAdd = {
  rule: 'input-add-failed',
  ruleName: 'Failed to add an input',
  accountName: 'Acme Corp',
  event: {
    event_id: 'ev-1',
    account_name: 'Acme Corp',
    user_name: 'Jo Doe',
    user_email: 'jo.doe@acme.example',
    input_name: 'Google Analytics',
    pages_visited: null,
  },
}

describe('the reach-out e-mail of a moment', () => {
  it('links the documentation page of the input that failed, to the user who failed', () => {
    const draft = reachOutDraft(failedAdd, rule('input-add-failed'))
    expect(draft.to).toEqual(['jo.doe@acme.example'])
    expect(draft.subject).toBe('Adding Google Analytics')
    expect(draft.body).toContain('Hi Jo Doe,')
    expect(draft.body).toContain('https://docs.example.com/inputs/google-analytics')
  })

  it('gives every default rule a draft of its own, without a template tag left over', () => {
    for (const r of DEFAULT_RULES) {
      expect(r.reachOut, r.id).not.toBeNull()
      const draft = reachOutDraft({ ...failedAdd, rule: r.id, event: { ...failedAdd.event } }, r)
      expect(draft.subject.length, r.id).toBeGreaterThan(3)
      expect(`${draft.subject}${draft.body}`, r.id).not.toMatch(/\{\{|\}\}/)
    }
  })

  it('asks for the account’s contacts when the event has no e-mail address', () => {
    const backend = { ...failedAdd, event: { ...failedAdd.event, user_email: null, user_name: null } }
    const draft = reachOutDraft(backend, rule('events-loaded'))
    expect(draft.to).toEqual([])
    const generic = reachOutDraft(backend, null)
    expect(generic.to).toEqual([])
    expect(generic.body).toMatch(/^Hi,\n/)
  })

  it('falls back to a generic note for a rule without reachOut, or one that is gone', () => {
    const draft = reachOutDraft(failedAdd, null)
    expect(draft.to).toEqual(['jo.doe@acme.example'])
    expect(draft.subject).toBe('Following up on your Acme Corp account')
    expect(draft.body).toContain('Hi Jo Doe,')
  })

  it('keeps template syntax inside event text as text', () => {
    const hostile = { ...failedAdd, event: { ...failedAdd.event, input_name: '{{user_email}} & <b>' } }
    const draft = reachOutDraft(hostile, rule('input-add-failed'))
    expect(draft.subject).toBe('Adding {{user_email}} & <b>')
    expect(draft.body).toContain('/inputs/user-email-b\n')
  })

  it('reads `to` from the rule, and refuses a broken template at load with the rule and field', () => {
    const [custom] = parseRulesFile(
      'rules.yaml',
      `
rules:
  - id: owner-note
    name: Note
    when: "true"
    message: m
    reachOut:
      to: "{{contact_email}}, {{user_email}}"
      subject: Hi
      body: Text
`,
    )
    const draft = reachOutDraft(
      { ...failedAdd, event: { ...failedAdd.event, contact_email: 'boss@acme.example' } },
      custom ?? null,
    )
    expect(draft.to).toEqual(['boss@acme.example', 'jo.doe@acme.example'])
    let problems: string[] = []
    try {
      parseRulesFile(
        'rules.yaml',
        'rules:\n  - id: broken\n    name: N\n    when: "true"\n    message: m\n    reachOut: { subject: "{{#x}}", body: b, cc: y }\n',
      )
    } catch (error) {
      problems = (error as ConfigError).problems
    }
    expect(problems).toEqual([expect.stringMatching(/rule "broken": reachOut\.cc: unknown key/)])
    try {
      parseRulesFile(
        'rules.yaml',
        'rules:\n  - id: broken\n    name: N\n    when: "true"\n    message: m\n    reachOut: { subject: "{{#x}}", body: b }\n',
      )
    } catch (error) {
      problems = (error as ConfigError).problems
    }
    expect(problems).toEqual([expect.stringMatching(/rule "broken": reachOut\.subject: Unclosed section/)])
  })

  it('makes a slug of any script or punctuation', () => {
    expect(slugOf('Microsoft SQL Server')).toBe('microsoft-sql-server')
    expect(slugOf('Café Crème')).toBe('cafe-creme')
    expect(slugOf('../../etc/passwd?x=1#y')).toBe('etc-passwd-x-1-y')
    expect(slugOf('名前')).toBe('')
  })
})
