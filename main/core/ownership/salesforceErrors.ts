/**
 * What can go wrong when asking Salesforce for a book of accounts, as the callers must tell apart:
 * sign in again, wait and retry, or fix a setting. None of these messages ever holds the access token.
 */

/** The access token was refused (HTTP 401 / INVALID_SESSION_ID): retrying cannot help. */
export class SalesforceSessionExpiredError extends Error {
  constructor(options?: ErrorOptions) {
    super('Salesforce session expired: sign in again or renew the access token', options)
    this.name = 'SalesforceSessionExpiredError'
  }
}

export interface SalesforceUnavailableDetails extends ErrorOptions {
  /** HTTP status, when Salesforce answered at all */
  status?: number
  /** A later attempt may succeed (network error, timeout, 5xx, 429) */
  retryable: boolean
  /** How long Salesforce asked us to wait (Retry-After), when it did */
  retryAfterMs?: number
}

/** Salesforce could not be reached or did not answer usefully: network, timeout, 5xx, 429. */
export class SalesforceUnavailableError extends Error {
  readonly status: number | undefined
  readonly retryable: boolean
  readonly retryAfterMs: number | undefined

  constructor(message: string, details: SalesforceUnavailableDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = 'SalesforceUnavailableError'
    this.status = details.status
    this.retryable = details.retryable
    this.retryAfterMs = details.retryAfterMs
  }
}

/** Salesforce refused the query itself (HTTP 400/403/404), e.g. a misspelt owner field. */
export class SalesforceQueryError extends Error {
  constructor(
    message: string,
    readonly errorCode: string,
    /** The owner field Salesforce did not know, when the error names one */
    readonly field?: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
    this.name = 'SalesforceQueryError'
  }
}

/**
 * A setting is unusable before anything is sent (bad owner field name, malformed user Id,
 * plain-http instance URL): the user must fix `moments.yaml`, so the CLI treats it as bad config.
 */
export class SalesforceSettingError extends Error {
  constructor(
    /** The key at fault, e.g. `salesforce.ownerFields[1]` */
    readonly setting: string,
    reason: string,
  ) {
    super(`${setting}: ${reason}`)
    this.name = 'SalesforceSettingError'
  }
}

/** One error of a refused save, as Salesforce lists it. */
export interface SalesforceSaveError {
  errorCode: string
  message: string
  /** The fields at fault; empty for a record-level error (a validation rule shown at the top) */
  fields: string[]
}

/**
 * Salesforce refused to save a record (HTTP 400/403/404): no permission, a required field, a
 * validation rule. Its message is Salesforce's own reasons, every one of them.
 */
export class SalesforceRefusedError extends Error {
  constructor(
    readonly status: number,
    readonly errors: readonly SalesforceSaveError[],
    options?: ErrorOptions,
  ) {
    super(
      `Salesforce refused it (HTTP ${status}): ${errors
        .map(
          (e) =>
            `${e.errorCode ? `${e.errorCode}: ` : ''}${e.message}${e.fields.length ? ` (${e.fields.join(', ')})` : ''}`,
        )
        .join('; ')}`,
      options,
    )
    this.name = 'SalesforceRefusedError'
  }
}
