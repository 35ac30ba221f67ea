/**
 * The stand-in's Task object: `POST /services/data/vNN.N/sobjects/Task` answers as Salesforce does.
 *
 * - 201 `{ id, success: true, errors: [] }`, the new Id with Task's key prefix `00T`;
 * - refusals as an array of `{ message, errorCode, fields }`, HTTP 400, several at once when a
 *   record breaks several checks (Salesforce reports every validation error of a save):
 *   `INVALID_FIELD` for a field Task does not have, `INSUFFICIENT_ACCESS_OR_READONLY` without
 *   the Create permission on Task, `REQUIRED_FIELD_MISSING` for an org's required field,
 *   `FIELD_CUSTOM_VALIDATION_EXCEPTION` for a validation rule, `INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST`
 *   for a Status the picklist lacks, `STRING_TOO_LONG`, `INVALID_CROSS_REFERENCE_KEY` for a
 *   WhatId that names no record, `MALFORMED_ID` for one that is not an Id.
 */
import { toCaseSafeId } from '../../main/core/ownership/salesforceId.ts'

export interface SalesforceError {
  message: string
  errorCode: string
  fields: string[]
}

export interface StandInTaskPolicy {
  /** The user's profile lacks Create on Task */
  canCreate: boolean
  /** Fields the org made required on Task (page layout or field setting) */
  required: string[]
  /**
   * The org's validation rules: an error message (on a field, or at the top of the page) when the
   * record `breaks` them, or (JSON-friendly, for a stand-in in another process) when the field
   * `whenEmpty` names is empty
   */
  validationRules: Array<{
    message: string
    field?: string
    breaks?: (task: Record<string, unknown>) => boolean
    whenEmpty?: string
  }>
}

export interface CreatedTask {
  id: string
  fields: Record<string, unknown>
  /** The user whose token created it */
  createdById: string
}

const TASK_FIELDS = new Map<string, number | null>([
  ['Subject', 255],
  ['Description', 32_000],
  ['Status', null],
  ['Priority', null],
  ['ActivityDate', null],
  ['WhatId', null],
  ['WhoId', null],
  ['OwnerId', null],
  ['TaskSubtype', null],
  ['Type', null],
  ['CallDisposition', 255],
])
const STATUSES = ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred']
const ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/

export function defaultTaskPolicy(): StandInTaskPolicy {
  return { canCreate: true, required: [], validationRules: [] }
}

/** The errors Salesforce would answer for this record, in its order of checks; none: it saves. */
export function taskRefusals(
  record: unknown,
  policy: StandInTaskPolicy,
  knownIds: ReadonlySet<string>,
): SalesforceError[] {
  if (!policy.canCreate) {
    return [
      {
        message: 'insufficient access rights on object id',
        errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
        fields: [],
      },
    ]
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return [{ message: 'Json Deserialization failed on token', errorCode: 'JSON_PARSER_ERROR', fields: [] }]
  }
  const task = record as Record<string, unknown>
  for (const field of Object.keys(task)) {
    if (!TASK_FIELDS.has(field)) {
      return [
        {
          message: `No such column '${field}' on sobject of type Task`,
          errorCode: 'INVALID_FIELD',
          fields: [],
        },
      ]
    }
  }
  for (const field of ['WhatId', 'WhoId', 'OwnerId']) {
    const value = task[field]
    if (value === undefined || value === null) continue
    if (typeof value !== 'string' || !ID.test(value)) {
      return [
        {
          message: `${field}: id value of incorrect type: ${String(value)}`,
          errorCode: 'MALFORMED_ID',
          fields: [field],
        },
      ]
    }
  }
  const errors: SalesforceError[] = []
  const missing = policy.required.filter(
    (field) => task[field] === undefined || task[field] === null || task[field] === '',
  )
  if (missing.length > 0) {
    errors.push({
      message: `Required fields are missing: [${missing.join(', ')}]`,
      errorCode: 'REQUIRED_FIELD_MISSING',
      fields: missing,
    })
  }
  if (task.Status !== undefined && !STATUSES.includes(String(task.Status))) {
    errors.push({
      message: `Status: bad value for restricted picklist field: ${String(task.Status)}`,
      errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      fields: ['Status'],
    })
  }
  for (const [field, max] of TASK_FIELDS) {
    const value = task[field]
    if (max !== null && typeof value === 'string' && value.length > max) {
      errors.push({
        message: `${field}: data value too large: ${value.slice(0, 40)}... (max length=${max})`,
        errorCode: 'STRING_TOO_LONG',
        fields: [field],
      })
    }
  }
  const what = task.WhatId
  if (typeof what === 'string' && !knownIds.has(toCaseSafeId(what))) {
    errors.push({
      message: 'invalid cross reference id',
      errorCode: 'INVALID_CROSS_REFERENCE_KEY',
      fields: ['WhatId'],
    })
  }
  for (const rule of policy.validationRules) {
    const empty = rule.whenEmpty !== undefined && isEmpty(task[rule.whenEmpty])
    if (rule.breaks?.(task) || empty) {
      errors.push({
        message: rule.message,
        errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
        fields: rule.field ? [rule.field] : [],
      })
    }
  }
  return errors
}

/** Task Ids: key prefix 00T, then a serial, case-safe. */
export function taskId(serial: number): string {
  return toCaseSafeId(`00T5g00000${String(serial).padStart(5, '0')}`)
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === ''
}
