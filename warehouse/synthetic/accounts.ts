import { createRandom, deriveSeed, type Random } from './random.ts'
import { randomSalesforceId } from './salesforceId.ts'
import {
  COMPANY_FIRST,
  COMPANY_SECOND,
  COMPANY_SUFFIX,
  FEATURES,
  FIRST_NAMES,
  INPUTS,
  LAST_NAMES,
  OUTPUTS,
} from './vocabulary.ts'

export interface SyntheticOwner {
  /** 18-character Salesforce User Id */
  id: string
  name: string
  email: string
}

/** The owner the demo runs as: it owns about 40% of the accounts, so the filter shows. */
export const DEMO_OWNER: SyntheticOwner = {
  id: '005DEMO0000000001A',
  name: 'Demo Account Manager',
  email: 'demo.am@example.com',
}

/** Colleagues who own the rest of the book. */
export const OTHER_OWNERS: readonly SyntheticOwner[] = [
  { id: '005DEMO0000000002A', name: 'Jordan Rivera', email: 'jordan.rivera@example.com' },
  { id: '005DEMO0000000003A', name: 'Priya Raman', email: 'priya.raman@example.com' },
  { id: '005DEMO0000000004A', name: 'Tomas Berger', email: 'tomas.berger@example.com' },
]

const DEMO_OWNER_SHARE = 0.4

export interface SyntheticUser {
  name: string
  email: string
}

export interface SyntheticAccount {
  /** 18-character Salesforce Account Id */
  id: string
  name: string
  ownerId: string
  emailDomain: string
  /** Hours from UTC of the customer's office: their working day drives the daily rhythm. */
  utcOffsetHours: number
  /** Relative activity: a few accounts make most of the traffic. */
  activity: number
  users: SyntheticUser[]
  /** Platform systems (projects) whose backend logs and alerts belong to the account. */
  systems: string[]
  /** Features the account already uses; a first use of another one is rare. */
  features: string[]
  inputs: string[]
  /** Outputs its pipelines load into; a load into another one (a new destination) is rare. */
  outputs: string[]
  /** What Salesforce holds of the account: its stage, industry, revenue and renewal */
  crm: SyntheticCrm
}

/** Account fields as a CRM keeps them (Salesforce's Type, Industry, AnnualRevenue, a renewal date). */
export interface SyntheticCrm {
  /** `Trial`, `Customer - Direct`, `Customer - Channel` */
  type: string
  industry: string
  annualRevenue: number
  /** Days from the generated period's end to the renewal (a paying customer's); null in a trial */
  renewalInDays: number | null
}

const INDUSTRIES = ['Technology', 'Retail', 'Finance', 'Manufacturing', 'Healthcare', 'Media'] as const

/**
 * The customer base for a seed: the same seed and count always give the same accounts, in the
 * same order, whatever period events are generated for.
 */
export function syntheticAccounts(seed: number, count: number): SyntheticAccount[] {
  const random = createRandom(deriveSeed(seed, 'accounts', count))
  const usedNames = new Set<string>()
  const accounts: SyntheticAccount[] = []
  for (let i = 0; i < count; i++) {
    const base = uniqueCompanyName(random, usedNames, i)
    const domain = `${base.toLowerCase().replace(/[^a-z0-9]+/g, '')}.com`
    accounts.push({
      id: randomSalesforceId(random, '001'),
      name: base + random.pick(COMPANY_SUFFIX),
      ownerId: ownedByDemoOwner(i) ? DEMO_OWNER.id : random.pick(OTHER_OWNERS).id,
      emailDomain: domain,
      utcOffsetHours: random.pick([-8, -5, -5, 0, 1, 1, 1, 2, 5.5]),
      activity: 0.2 + random.next() ** 2 * 3,
      users: syntheticUsers(random, domain),
      systems: Array.from(
        { length: random.int(1, 3) },
        (_, n) => `${domain.replace('.com', '')}-${['prod', 'dev', 'eu'][n]}`,
      ),
      features: sample(
        random,
        FEATURES.map(([feature]) => feature),
        random.int(2, 5),
      ),
      inputs: sample(random, INPUTS, random.int(2, 5)),
      outputs: accountOutputs(seed, i),
      crm: accountCrm(seed, i),
    })
  }
  return accounts
}

/** From a stream of its own, so adding outputs left every other drawn value as it was. */
function accountOutputs(seed: number, index: number): string[] {
  const random = createRandom(deriveSeed(seed, 'outputs', index))
  return sample(random, OUTPUTS, random.int(1, 2))
}

/**
 * From a stream of its own, like the outputs. About a third of the book is in a trial; a paying
 * customer renews within the year, a few of them this month (the renewal rules have work to do).
 */
function accountCrm(seed: number, index: number): SyntheticCrm {
  const random = createRandom(deriveSeed(seed, 'crm', index))
  const trial = index % 3 === 1
  const type = trial ? 'Trial' : random.pick(['Customer - Direct', 'Customer - Direct', 'Customer - Channel'])
  return {
    type,
    industry: random.pick(INDUSTRIES),
    annualRevenue: Math.round(random.next() ** 2 * 400 + 5) * 100_000,
    renewalInDays: trial ? null : random.int(3, 365),
  }
}

/**
 * Spreads the demo owner's share evenly over the list (every 2nd or 3rd account at 40%), so
 * that any prefix of the accounts has owned and foreign ones; round(count × share) in total.
 */
function ownedByDemoOwner(index: number): boolean {
  return Math.floor((index + 1) * DEMO_OWNER_SHARE + 0.5) > Math.floor(index * DEMO_OWNER_SHARE + 0.5)
}

function uniqueCompanyName(random: Random, used: Set<string>, index: number): string {
  for (let attempt = 0; attempt < 50; attempt++) {
    const name = `${random.pick(COMPANY_FIRST)} ${random.pick(COMPANY_SECOND)}`
    if (!used.has(name)) {
      used.add(name)
      return name
    }
  }
  // More accounts than word pairs: number them.
  const name = `${random.pick(COMPANY_FIRST)} ${random.pick(COMPANY_SECOND)} ${index}`
  used.add(name)
  return name
}

function syntheticUsers(random: Random, domain: string): SyntheticUser[] {
  const users: SyntheticUser[] = []
  const emails = new Set<string>()
  const wanted = random.int(2, 7)
  while (users.length < wanted) {
    const first = random.pick(FIRST_NAMES)
    const last = random.pick(LAST_NAMES)
    const email = `${first}.${last}@${domain}`.toLowerCase()
    if (emails.has(email)) continue
    emails.add(email)
    users.push({ name: `${first} ${last}`, email })
  }
  return users
}

function sample<T>(random: Random, items: readonly T[], count: number): T[] {
  const pool = [...items]
  const chosen: T[] = []
  while (chosen.length < count && pool.length > 0)
    chosen.push(pool.splice(random.int(0, pool.length - 1), 1)[0] as T)
  return chosen
}
