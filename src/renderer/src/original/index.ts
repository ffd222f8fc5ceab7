// The original pane: its public component, the types the desk passes it, and the agency controls of its head.
export { Original } from './Original';
export type { Focus, Highlight, HighlightCls } from './types';
export { AgencyControls } from './Agency';
