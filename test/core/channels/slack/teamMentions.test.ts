import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fieldLabel } from '../../../../main/core/channels/slack/ownerMentions.ts'
import type { AccountPerson } from '../../../../main/core/ownership/ownedAccount.ts'
import type { Store } from '../../../../main/core/store/store.ts'
import { memoryStore, OWNED_ID } from '../../../support/pipelineFixtures.ts'
import { SlackStandIn } from '../../../support/slackStandIn.ts'
import { CHANNEL, forwarder, seedMoments } from './slackFixtures.ts'

// Team mode: each message mentions the account's people, found by their Salesforce e-mail
// with users.lookupByEmail; whoever Slack doesn't know is named in plain text.

const ada: AccountPerson = {
  field: 'OwnerId',
  userId: '005000000000001AAA',
  name: 'Ada Manager',
  email: 'ada@example.com',
}
const sam: AccountPerson = {
  field: 'Solutions_Engineer__c',
  userId: '005000000000002AAA',
  name: 'Sam <!channel> Engineer',
  email: 'sam@example.com',
}

let slack: SlackStandIn
let store: Store

beforeEach(async () => {
  slack = new SlackStandIn({ users: [{ id: 'U0ADA', name: 'ada', email: 'Ada@Example.com' }] })
  await slack.start()
  store = memoryStore()
})

afterEach(async () => {
  store.close()
  await slack.close()
})

function directory(people: AccountPerson[]) {
  store.accounts.replace(
    { userId: 'team', accounts: [{ id: OWNED_ID, name: 'Acme Corp', people }] },
    'test',
    Date.now(),
  )
}

const team = (mentionFields = ['OwnerId', 'Solutions_Engineer__c']) => ({
  mode: 'team',
  botToken: slack.botToken,
  channel: CHANNEL,
  apiUrl: slack.apiUrl,
  mentionFields,
})

function mentionSection(index: number): string | undefined {
  const sections = (slack.messages[index]?.blocks ?? []).filter((b) => b.type === 'section') as Array<{
    text: { text: string }
  }>
  return sections[1]?.text.text
}

describe('team channel mentions', () => {
  it("mentions the owner Slack knows by e-mail and names, escaped, the one it doesn't", async () => {
    directory([ada, sam])
    seedMoments(store, 1)
    await forwarder(store, team()).drain({ timeoutMs: 5_000 })

    expect(mentionSection(0)).toBe('Owner: <@U0ADA>  ·  Solutions Engineer: Sam &lt;!channel&gt; Engineer')
    expect(
      slack.messages[0]?.text.endsWith(
        '\nOwner: <@U0ADA>  ·  Solutions Engineer: Sam &lt;!channel&gt; Engineer',
      ),
    ).toBe(true)
  })

  it('mentions only the configured fields, in their order, and a person in two fields once', async () => {
    directory([ada, { ...ada, field: 'Solutions_Engineer__c' }])
    seedMoments(store, 1)
    await forwarder(store, team(['Solutions_Engineer__c', 'OwnerId'])).drain({ timeoutMs: 5_000 })
    expect(mentionSection(0)).toBe('Solutions Engineer & Owner: <@U0ADA>')

    directory([ada, sam])
    seedMoments(store, 1, { first: 2 })
    await forwarder(store, team(['OwnerId'])).drain({ timeoutMs: 5_000 })
    expect(mentionSection(1)).toBe('Owner: <@U0ADA>')
  })

  it('asks Slack once per person: found and not-found answers are cached', async () => {
    directory([ada, sam])
    seedMoments(store, 3)
    await forwarder(store, team()).drain({ timeoutMs: 5_000 })
    await forwarder(store, team()).drain({ timeoutMs: 5_000 })

    expect(slack.messages).toHaveLength(3)
    expect(slack.requests.filter((r) => r.kind === 'lookupByEmail')).toHaveLength(2)
  })

  it('names everyone in plain text without the users:read.email scope, and still posts', async () => {
    slack.scopes = ['chat:write']
    directory([ada, sam])
    seedMoments(store, 1)
    const report = await forwarder(store, team()).drain({ timeoutMs: 5_000 })

    expect(report.sent).toBe(1)
    expect(mentionSection(0)).toBe('Owner: Ada Manager  ·  Solutions Engineer: Sam &lt;!channel&gt; Engineer')
  })

  it('falls back to names when users.lookupByEmail is rate limited, without asking again meanwhile', async () => {
    directory([ada, sam])
    seedMoments(store, 2)
    slack.failNext(1, { status: 429, retryAfterSeconds: 30, on: 'lookupByEmail' })
    await forwarder(store, team()).drain({ timeoutMs: 5_000 })

    expect(slack.messages).toHaveLength(2)
    expect(mentionSection(0)).toBe('Owner: Ada Manager  ·  Solutions Engineer: Sam &lt;!channel&gt; Engineer')
    expect(slack.requests.filter((r) => r.kind === 'lookupByEmail')).toHaveLength(1)
  })

  it('posts without a mention line for an account nobody owns, or one not in the directory yet', async () => {
    seedMoments(store, 1)
    await forwarder(store, team()).drain({ timeoutMs: 5_000 })
    expect(slack.messages[0]?.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context'])
  })
})

describe('field labels', () => {
  it.each([
    ['OwnerId', 'Owner'],
    ['Solutions_Engineer__c', 'Solutions Engineer'],
    ['acme__Partner_Manager__c', 'Partner Manager'],
    ['CreatedById', 'Created By'],
  ])('%s → %s', (field, label) => expect(fieldLabel(field)).toBe(label))
})
