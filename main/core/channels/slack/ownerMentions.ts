import type { AccountPerson } from '../../ownership/ownedAccount.ts'
import { escapeMrkdwn } from './slackEscape.ts'
import type { SlackUserLookup } from './slackUserLookup.ts'

/**
 * Team mode: the line naming an account's people, e.g. `Owner: <@U123>  ·  Solutions Engineer: Jo Lee`.
 * Each person of the `mentionFields` (in that order) is mentioned when Slack knows their
 * Salesforce e-mail, else named in plain text; a person in two fields is named once. Only this
 * line ever holds a mention: event text cannot produce one.
 */
export async function mentionLine(
  people: readonly AccountPerson[],
  mentionFields: readonly string[],
  lookup: SlackUserLookup,
): Promise<string | null> {
  const entries: Array<{ labels: string[]; who: string; userId: string }> = []
  for (const field of mentionFields) {
    const person = people.find((p) => p.field === field)
    if (!person) continue
    const same = entries.find((entry) => entry.userId === person.userId)
    if (same) {
      same.labels.push(fieldLabel(field))
      continue
    }
    const who = await mentionOrName(person, lookup)
    if (who) entries.push({ labels: [fieldLabel(field)], who, userId: person.userId })
  }
  if (entries.length === 0) return null
  return entries.map((entry) => `${entry.labels.join(' & ')}: ${entry.who}`).join('  ·  ')
}

async function mentionOrName(person: AccountPerson, lookup: SlackUserLookup): Promise<string | null> {
  if (person.email) {
    const answer = await lookup.find(person.email)
    if ('found' in answer && answer.found && /^[UW][A-Z0-9]+$/.test(answer.userId))
      return `<@${answer.userId}>`
  }
  return person.name ? escapeMrkdwn(person.name) : null
}

/** `OwnerId` → Owner, `Solutions_Engineer__c` → Solutions Engineer, `acme__Partner_Manager__c` → Partner Manager. */
export function fieldLabel(field: string): string {
  const bare = field.endsWith('__c')
    ? (field.slice(0, -3).split('__').pop() ?? field)
    : field.replace(/Id$/, '')
  return bare
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .trim()
}
