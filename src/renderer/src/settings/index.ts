// 设置: the auditor's name and the place of the review data.
export { Settings } from './Settings';
