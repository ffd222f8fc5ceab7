// Scroll a container so that a set of elements is in view together (the original, the tables pane),
// on both axes: a zoomed page is wider than its pane, and what is lit may lie right or left of it.

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const MARGIN = 12;

/** Horizontal scroll that shows [left, right] (viewport x), keeping `keep` in view when all of it does not fit. */
function dxFor(container: HTMLElement, c: DOMRect, left: number, right: number, keep?: Box): number {
  const from = c.left + MARGIN;
  const to = c.left + container.clientWidth - MARGIN;
  if (left >= from && right <= to) return 0;
  if (right - left <= to - from) return (left + right) / 2 - (from + to) / 2;
  // Too wide: from its left edge, moved so that the element that matters most is inside.
  let dx = left - from;
  if (keep && keep.right - dx > to) dx += keep.right - dx - to;
  return dx;
}

/** Scroll a container so that a box (viewport coordinates) is in view: centred vertically, inside horizontally. */
export function revealBox(container: HTMLElement, b: Box): void {
  const c = container.getBoundingClientRect();
  container.scrollTop += (b.top + b.bottom) / 2 - (c.top + container.clientHeight / 2);
  container.scrollLeft += dxFor(container, c, b.left, b.right);
}

/** Scroll a container so that all the elements are in view together if they fit, else the first total. */
export function revealAll(container: HTMLElement, els: HTMLElement[]): boolean {
  if (!els.length) return true;
  const c = container.getBoundingClientRect();
  let top = Infinity;
  let bottom = -Infinity;
  let left = Infinity;
  let right = -Infinity;
  for (const e of els) {
    const r = e.getBoundingClientRect();
    top = Math.min(top, r.top);
    bottom = Math.max(bottom, r.bottom);
    left = Math.min(left, r.left);
    right = Math.max(right, r.right);
  }
  const first = els.find((e) => e.dataset.evidence === 'total') ?? els[0]!;
  const f = first.getBoundingClientRect();
  const fits = bottom - top <= container.clientHeight - 24;
  if (fits) {
    container.scrollTop += (top + bottom) / 2 - (c.top + container.clientHeight / 2);
    container.scrollLeft += dxFor(container, c, left, right, f);
  } else {
    container.scrollTop += f.top - c.top - container.clientHeight / 3;
    container.scrollLeft += dxFor(container, c, f.left, f.right);
  }
  return fits;
}
