// The extracted tables of a report.
export { cellName, Tables } from './Tables';
export { CorrectableTables } from './Corrections';
