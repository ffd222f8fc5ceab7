// The queue of reports: search, filters, sort, bulk decisions; a report's siblings.
export { folderTail, Queue } from './Queue';
export { Siblings } from './Siblings';
