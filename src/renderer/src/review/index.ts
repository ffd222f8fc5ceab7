// The review panel: findings, score, notes, history, the outline of sections; the note dialog and drafts.
export { Findings, History, ScorePanel } from './Review';
export { Notes } from './Notes';
export { NoteDialog, type Draft } from './NoteDialog';
export { Outline } from './Outline';
export { useDrafts } from './useDrafts';
