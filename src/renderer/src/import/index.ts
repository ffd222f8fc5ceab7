// What an import did: the summary dialog.
export { ImportSummaryDialog } from './ImportSummary';
