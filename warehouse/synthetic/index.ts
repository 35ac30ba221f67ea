// Deterministic synthetic warehouse: the public surface used by the demo, tests and benches.
export {
  DEMO_OWNER,
  OTHER_OWNERS,
  type SyntheticAccount,
  type SyntheticOwner,
  syntheticAccounts,
} from './accounts.ts'
export {
  type ContractBreakingRow,
  type ContractBreakingViews,
  contractBreakingRows,
  installContractBreakingRows,
} from './contractBreakingRows.ts'
export { type EventMix, type EventWindowOptions, generateEventWindow } from './eventWindow.ts'
export {
  generateSyntheticData,
  type SyntheticData,
  type SyntheticDataOptions,
} from './generateSyntheticData.ts'
export {
  type AppendOptions,
  appendSyntheticEvents,
  type InsertedRows,
  installWarehouseSchema,
  loadSyntheticData,
  refreshAccountDomains,
  warehouseSchemaFingerprint,
} from './loadSyntheticData.ts'
export type { RawTables } from './rawRows.ts'
export { runSqlFile, type SqlRunner, splitSqlStatements } from './sqlRunner.ts'
