// The extracted tables of a report.
export { cellName, Tables } from './Tables';
