// The original pane: its document view, its head, and the types the desk passes it.
export { Original } from './Original';
export { DocHead } from './DocHead';
export type { Focus, Highlight, HighlightCls } from './types';
export { PointSection } from './PointSection';
