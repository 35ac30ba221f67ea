import { z } from 'zod'

/** A Salesforce field's API name: OwnerId, Solutions_Engineer__c. */
export const salesforceFieldName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be an API field name such as OwnerId or Solutions_Engineer__c')
