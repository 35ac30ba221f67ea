/**
 * "Log to Salesforce": a completed Task on the moment's Account, owned by the signed-in user, so the
 * touchpoint shows in the account's activity timeline. Subject: the rule's name; description: the
 * message and every event field. Created with jsforce (`conn.sobject('Task').create`) through the
 * bounded session of `ownership/salesforceSession.ts`; an expired access token is renewed once
 * (desktop sign-in) and the Task created with the new one.
 */

import { CONTROL_BUT_TAB_AND_NEWLINE, CONTROL_RUNS } from '../../../shared/controlCharacters.ts'
import type { EventFields } from '../../../shared/moment.ts'
import { currentUserId } from '../ownership/currentSalesforceUser.ts'
import { SalesforceSessionExpiredError, SalesforceSettingError } from '../ownership/salesforceErrors.ts'
import { isSalesforceId } from '../ownership/salesforceId.ts'
import { openSalesforceSession, type SalesforceSession } from '../ownership/salesforceSession.ts'
import type { AccessTokenSource } from '../wiring/ownershipSources.ts'

/** Salesforce's limits on Task: Subject 255 characters, Description 32,000. */
const SUBJECT_MAX = 255
const DESCRIPTION_MAX = 32_000
const FIELD_VALUE_MAX = 2_000

export interface SalesforceAccess {
  instanceUrl: string
  apiVersion?: string
  token: AccessTokenSource
  /** Per request; default 30 s */
  timeoutMs?: number
}

export interface LoggedMoment {
  id: string
  rule: string
  ruleName: string
  accountId: string
  title: string
  body: string
  occurredAt: string
  event: EventFields
}

/** A token that cannot be renewed: `salesforce.accessToken` of moments.yaml, a pasted token. */
export function fixedToken(accessToken: string): AccessTokenSource {
  return {
    current: async () => accessToken,
    refresh: async () => {
      throw new SalesforceSessionExpiredError()
    },
  }
}

/** Runs `work` with a session; once more with a renewed token if Salesforce refused the first. */
export async function withSalesforce<T>(
  access: SalesforceAccess,
  work: (session: SalesforceSession) => Promise<T>,
): Promise<T> {
  const open = (accessToken: string) =>
    openSalesforceSession({
      instanceUrl: access.instanceUrl,
      accessToken,
      apiVersion: access.apiVersion,
      timeoutMs: access.timeoutMs,
      retries: 1,
    })
  try {
    return await work(open(await access.token.current()))
  } catch (error) {
    if (!(error instanceof SalesforceSessionExpiredError)) throw error
    // A 401 means nothing was saved: asking again with a renewed token cannot create a second Task.
    return work(open(await access.token.refresh()))
  }
}

/** Creates the completed Task; its Id. */
export async function logTask(access: SalesforceAccess, moment: LoggedMoment, now: number): Promise<string> {
  if (!isSalesforceId(moment.accountId)) {
    throw new SalesforceSettingError(
      'account_id',
      `${JSON.stringify(moment.accountId)} is not a Salesforce Account Id`,
    )
  }
  return withSalesforce(access, async (session) => {
    const ownerId = await currentUserId(session)
    return session.create('Task', taskFields(moment, ownerId, now))
  })
}

export function taskFields(moment: LoggedMoment, ownerId: string, now: number): Record<string, unknown> {
  return {
    Subject: cut(oneLine(moment.ruleName) || moment.rule, SUBJECT_MAX),
    Description: cut(description(moment), DESCRIPTION_MAX),
    Status: 'Completed',
    ActivityDate: localDate(now),
    WhatId: moment.accountId,
    OwnerId: ownerId,
  }
}

function description(moment: LoggedMoment): string {
  const fields = Object.entries(moment.event).map(
    ([name, value]) => `${name}: ${value === null ? '' : cut(oneLine(String(value)), FIELD_VALUE_MAX)}`,
  )
  return clean(
    [
      moment.body,
      '',
      `${moment.title}, ${moment.occurredAt} (rule ${moment.rule}, moment ${moment.id})`,
      '',
      'Event:',
      ...fields,
      '',
      'Logged from Moments.',
    ].join('\n'),
  )
}

/** The user's own date (Task's ActivityDate is a date without a zone). */
function localDate(now: number): string {
  const d = new Date(now)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/** Control characters other than line breaks and tabs have no place in a Task. */
function clean(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL_BUT_TAB_AND_NEWLINE, '')
}

function oneLine(text: string): string {
  return text.replace(CONTROL_RUNS, ' ').trim()
}

/** At most `max` UTF-16 units, never half a surrogate pair, "…" when cut. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text
  let end = max - 1
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end--
  return `${text.slice(0, end)}…`
}
