import { describe, expect, it } from 'vitest'
import { compileTemplate } from '../../../main/core/rules/messageTemplate.ts'

describe('message templates', () => {
  it('gives a template without a tag as written, whatever the fields', () => {
    const name = compileTemplate('Tested code in the {Code} Engine')
    expect(name.render({ user_name: 'Ada' })).toBe('Tested code in the {Code} Engine')
    expect(compileTemplate('').render({ a: 1 })).toBe('')
  })

  it('fills the tags of one that has them, raw, and never reads a value as a template', () => {
    const body = compileTemplate('{{user_name}} in {{account.Type}}{{#pages}} — {{pages}}{{/pages}}')
    expect(body.render({ user_name: '<b>{{x}}</b>', pages: 3 }, { Type: 'Trial' })).toBe(
      '<b>{{x}}</b> in Trial — 3',
    )
  })
})
