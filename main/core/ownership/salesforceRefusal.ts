/**
 * A refused save, with every error Salesforce listed. jsforce hands one error as `{ errorCode,
 * message, data: { message, errorCode, fields } }` and several as `MULTIPLE_API_ERRORS` with the
 * list in `data`; a body that is not Salesforce's list (a proxy's page) keeps what jsforce said.
 */
import { SalesforceRefusedError, type SalesforceSaveError } from './salesforceErrors.ts'
import { type Refusal, redact } from './salesforceFailure.ts'

export const saveRefusal: Refusal = ({ status, errorCode, message, error, accessToken }) => {
  const data = (error as { data?: unknown } | null)?.data
  const listed = (Array.isArray(data) ? data : [data]).flatMap((item) => saveError(item, accessToken))
  const errors = listed.length > 0 ? listed : [{ errorCode, message, fields: [] }]
  return new SalesforceRefusedError(status, errors, { cause: error })
}

function saveError(item: unknown, accessToken: string): SalesforceSaveError[] {
  if (typeof item !== 'object' || item === null) return []
  const { errorCode, message, fields } = item as Record<string, unknown>
  if (typeof message !== 'string') return []
  return [
    {
      errorCode: typeof errorCode === 'string' ? errorCode : '',
      message: redact(message.length > 500 ? `${message.slice(0, 500)}…` : message, { accessToken }),
      fields: Array.isArray(fields) ? fields.filter((f): f is string => typeof f === 'string') : [],
    },
  ]
}
