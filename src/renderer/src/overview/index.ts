// 总览: the round's figures and charts.
export { Overview, type KeyFilter } from './Overview';
