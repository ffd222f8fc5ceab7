// The review store's public API. The parts, lowest first:
//   errors.ts          StoreError (refusals) and StoreFault (what the user must be told)
//   data.ts            the data's shape, schema version, migrations, one change operation
//   durable.ts         the fs seam (storeFs), fsync, the snapshot adapter, rolling backups
//   journal.ts         the checksummed journal: framing, reading back, appending, trimming
//   lock.ts            the lock file: taking, refreshing, taking over, releasing
//   schema-parts.ts    the pieces the record schemas share (strings, stamps, anchors)
//   record-schemas.ts  the schemas of the auditor's records
//   recovery.ts        opening: newest good snapshot or backup, journal replay, faults
//   exchange.ts        review files between auditors: schema, validation, merge
//   review-store.ts    ReviewStore: the records, undo/redo, history, snapshots
export { StoreError, type StoreErrorCode, type StoreFault } from './errors.js';
export { emptyData, migrate, SCHEMA_VERSION, type HistoryEntry, type StoreData, type WorkspaceFile } from './data.js';
export { storeFs } from './durable.js';
export { decodeRecord, encodeRecord } from './journal.js';
export { parseReviewText, reviewFileSchema, validateReviewFile, type AgencyConflict, type ReviewFile } from './exchange.js';
export { ReviewStore, type OpenOptions, type OpenResult, type SharedColl, type UndoStep } from './review-store.js';
