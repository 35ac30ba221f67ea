/**
 * The e-mail "Reach out" drafts: a rule's `reachOut` templates rendered over the moment's event,
 * or a generic note when the rule has none (or no longer exists). Who it goes to: the addresses
 * the `to` template gives (default: the event's `user_email`); when it gives none, the caller
 * asks Salesforce for the account's contacts. The text is raw: `mailtoUrl.ts` encodes it.
 */
import type { EventFields } from '../../../shared/moment.ts'
import type { CompiledRule } from '../rules/compiledRule.ts'
import { compileTemplate } from '../rules/messageTemplate.ts'

export interface ReachOutDraft {
  /** Addresses from the event; empty: none there (ask for the account's contacts) */
  to: string[]
  subject: string
  body: string
}

/** What a draft is made from: the moment's event and names. */
export interface DraftedMoment {
  rule: string
  ruleName: string
  accountName: string
  event: EventFields
}

const DEFAULT_TO = compileTemplate('{{user_email}}')
const GENERIC_SUBJECT = compileTemplate('Following up on your {{account_name}} account')
const GENERIC_BODY = compileTemplate(
  `Hi{{#user_name}} {{user_name}}{{/user_name}},

I noticed some recent activity in your {{account_name}} account and wanted to check in: is there anything I can help with?

Best regards,
`,
)

export function reachOutDraft(moment: DraftedMoment, rule: CompiledRule | null): ReachOutDraft {
  const view = reachOutView(moment)
  const templates = rule?.reachOut ?? null
  return {
    to: addressesIn((templates?.to ?? DEFAULT_TO).render(view)),
    subject: (templates?.subject ?? GENERIC_SUBJECT).render(view),
    body: (templates?.body ?? GENERIC_BODY).render(view),
  }
}

/**
 * The templates' view: every event column, `account_name` as the moment has it, and `slug.<column>`,
 * each value as a URL path segment (`Google Analytics` → `google-analytics`) to link a page about it.
 */
function reachOutView(moment: DraftedMoment): Record<string, unknown> {
  const slug: Record<string, string> = {}
  for (const [name, value] of Object.entries(moment.event)) {
    if (value !== null && value !== '') slug[name] = slugOf(String(value))
  }
  return { ...moment.event, account_name: moment.event.account_name ?? moment.accountName, slug }
}

export function slugOf(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
}

/** Addresses in what `to` rendered: separated by commas, semicolons or spaces; checked later. */
function addressesIn(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter((part) => part.includes('@'))
}
