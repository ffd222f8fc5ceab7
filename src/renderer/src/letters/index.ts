// 反馈意见书: letters to agencies.
export { Letters } from './Letters';
