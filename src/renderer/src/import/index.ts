// Importing: what an import did (summary dialog, status, unreadable files) and a review file's conflicts.
export { ImportSummaryDialog } from './ImportSummary';
export { ImportStatus } from './ImportStatus';
export { ImportErrors } from './ImportErrors';
export { Conflicts, type Conflict } from './Conflicts';
