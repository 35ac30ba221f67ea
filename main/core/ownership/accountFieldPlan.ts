/**
 * Which of the requested account fields the org has, found with the sObject Describe resource
 * (`GET /services/data/vNN.N/sobjects/Account/describe`): each field's API name, label, type and,
 * for a lookup, its relationship and the object it points to. A path through a lookup
 * (`Owner.Name`) describes that object too. A field the org lacks is left out of the query and
 * named, so a deleted custom field costs that field, never the book of accounts.
 */
import { z } from 'zod'
import type { AccountFieldInfo, AccountFieldRequest } from './accountFields.ts'
import { unexpectedAnswer } from './salesforceFailure.ts'
import type { SalesforceSession } from './salesforceSession.ts'

const describeSchema = z.object({
  name: z.string(),
  fields: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      type: z.string(),
      relationshipName: z.string().nullish(),
      referenceTo: z.array(z.string()).nullish(),
    }),
  ),
})
type Described = z.infer<typeof describeSchema>
type DescribedField = Described['fields'][number]

export interface FieldProblem {
  request: AccountFieldRequest
  reason: string
}

export interface AccountFieldPlan {
  /** What the query selects, in the order asked, with the org's spelling, labels and types */
  fields: AccountFieldInfo[]
  /** Requested fields the org does not have (or that cannot be read as a value) */
  problems: FieldProblem[]
}

// Compound and binary fields are objects or blobs, not values a rule compares.
const NOT_A_VALUE: Record<string, string> = {
  address: 'is a compound address field: list its parts instead, e.g. BillingCity, BillingCountry',
  location: 'is a compound location field: list its parts instead (…__Latitude__s, …__Longitude__s)',
  base64: 'holds a file, not a value',
  complexvalue: 'holds structured metadata, not a value',
  anyType: 'has no fixed type',
}

/** Describes Account (and the objects the paths reach through lookups) and resolves each request. */
export async function planAccountFields(
  session: SalesforceSession,
  requests: readonly AccountFieldRequest[],
): Promise<AccountFieldPlan> {
  const described = new Map<string, Promise<Described | null>>()
  const describe = (object: string) => {
    let answer = described.get(object)
    if (!answer) {
      answer = describeObject(session, object)
      described.set(object, answer)
    }
    return answer
  }
  const fields: AccountFieldInfo[] = []
  const problems: FieldProblem[] = []
  for (const request of requests) {
    const resolved = await resolvePath(request.path, describe)
    if (typeof resolved === 'string') problems.push({ request, reason: resolved })
    else if (!fields.some((field) => field.path === resolved.path)) fields.push(resolved)
  }
  return { fields, problems }
}

async function describeObject(session: SalesforceSession, object: string): Promise<Described | null> {
  const path = `/services/data/v${session.apiVersion}/sobjects/${object}/describe`
  let answer: unknown
  try {
    answer = await session.get<unknown>(path)
  } catch (error) {
    // Not found, or not readable by this user: the paths through it are named as problems.
    if ((error as { name?: string }).name === 'SalesforceQueryError') return null
    throw error
  }
  const parsed = describeSchema.safeParse(answer)
  if (!parsed.success) throw unexpectedAnswer(`a describe of ${object} without its fields`)
  return parsed.data
}

/** The field the path names, or why the org has no such field. */
async function resolvePath(
  path: string,
  describe: (object: string) => Promise<Described | null>,
): Promise<AccountFieldInfo | string> {
  const parts = path.split('.')
  let object = 'Account'
  const names: string[] = []
  const labels: string[] = []
  for (const [index, part] of parts.entries()) {
    const described = await describe(object)
    if (!described) return `${object} cannot be described by this user`
    const last = index === parts.length - 1
    if (!last) {
      const lookup = described.fields.find((f) => f.relationshipName?.toLowerCase() === part.toLowerCase())
      if (!lookup?.relationshipName) return `the org's ${object} has no lookup named ${part}`
      const targets = lookup.referenceTo ?? []
      if (targets.length !== 1) {
        return `${lookup.relationshipName} can point to ${targets.join(' or ') || 'nothing'}: a lookup to several objects cannot be followed`
      }
      names.push(lookup.relationshipName)
      labels.push(lookup.label.replace(/ ID$/, ''))
      object = targets[0] as string
      continue
    }
    const field = described.fields.find((f: DescribedField) => f.name.toLowerCase() === part.toLowerCase())
    if (!field) return `the org's ${object} has no field ${part}`
    const notValue = NOT_A_VALUE[field.type]
    if (notValue) return `${field.name} ${notValue}`
    names.push(field.name)
    labels.push(field.label)
    return { path: names.join('.'), label: labels.join(' › '), type: field.type }
  }
  return `${path} is empty`
}
