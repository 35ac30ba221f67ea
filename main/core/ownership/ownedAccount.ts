import type { AccountFieldInfo, AccountValues } from './accountFields.ts'

/** An account of the user's book, as cached from Salesforce (or the demo's built-in owner). */
export interface OwnedAccount {
  /** 18-character Salesforce Account Id */
  id: string
  name: string
  /**
   * Whom each owner field (e.g. OwnerId, Solutions_Engineer__c) names, the user or someone else, so a
   * team channel can mention every owner; the fields that made it the user's are those whose
   * `userId` is the snapshot's. Empty lookups are left out.
   */
  people: AccountPerson[]
  /**
   * The account fields (`salesforce.accountFields`) as Salesforce gave them: `{ Type: 'Trial',
   * Renewal_Date__c: '2026-11-30', Owner: { Name: 'Ada' } }`. Absent when none were read.
   */
  fields?: AccountValues
}

export interface AccountPerson {
  /** The Account field that names this person, e.g. `OwnerId` */
  field: string
  userId: string
  name: string | null
  email: string | null
}

/** What any ownership source gives the pipeline. */
export interface OwnershipSnapshot {
  /** The Salesforce user the accounts belong to */
  userId: string
  accounts: OwnedAccount[]
  /** The account fields read, with the org's labels and types (how rules see each value) */
  accountFields?: AccountFieldInfo[]
  /** Requested account fields the org lacks, each with the setting that asked for it */
  notes?: string[]
}
