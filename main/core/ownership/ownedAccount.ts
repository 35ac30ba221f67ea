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
}
