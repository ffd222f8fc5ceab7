// The review panel: findings, score, history.
export { Findings, History, ScorePanel } from './Review';
