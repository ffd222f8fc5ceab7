// The queue of reports: search, filters, sort, bulk decisions.
export { folderTail, Queue } from './Queue';
