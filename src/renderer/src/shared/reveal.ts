// Scroll a container so that a set of elements is in view together (the original, the tables pane).

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
  const fits = bottom - top <= container.clientHeight - 24;
  if (fits) {
    container.scrollTop += (top + bottom) / 2 - (c.top + container.clientHeight / 2);
    if (right - left <= container.clientWidth - 24) container.scrollLeft += (left + right) / 2 - (c.left + container.clientWidth / 2);
    else container.scrollLeft += left - c.left - 12;
  } else {
    const first = els.find((e) => e.dataset.evidence === 'total') ?? els[0]!;
    const r = first.getBoundingClientRect();
    container.scrollTop += r.top - c.top - container.clientHeight / 3;
  }
  return fits;
}
