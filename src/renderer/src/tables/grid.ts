// The tables as one keyboard stop (a roving tabindex): Tab enters at the cell last used (else the
// selected cell, else the first), arrows move between cells as they are drawn (up and down across
// the tables), Home/End along a row, Ctrl+Home/End to the first/last cell; a move selects the cell
// as a click does. Enter opens the correction editor (CellBox).
import { useCallback, useLayoutEffect, useRef, useState } from 'react';

const CELLS = 'td[data-cell]';
const KEYS = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'];

function neighbour(root: HTMLElement, from: HTMLElement, key: string, ctrl: boolean): HTMLElement | undefined {
  const all = [...root.querySelectorAll<HTMLElement>(CELLS)];
  if (ctrl && (key === 'Home' || key === 'End')) return key === 'Home' ? all[0] : all.at(-1);
  if (key === 'ArrowLeft' || key === 'ArrowRight' || key === 'Home' || key === 'End') {
    const row = all.filter((e) => e.parentElement === from.parentElement);
    const i = row.indexOf(from);
    return key === 'Home' ? row[0] : key === 'End' ? row.at(-1) : row[key === 'ArrowLeft' ? i - 1 : i + 1];
  }
  if (key !== 'ArrowUp' && key !== 'ArrowDown') return undefined;
  // The nearest line of cells above or below, and there the cell closest in x.
  const r = from.getBoundingClientRect();
  const cx = (r.left + r.right) / 2;
  const down = key === 'ArrowDown';
  const boxes = all.map((e) => ({ e, b: e.getBoundingClientRect() })).filter(({ b }) => (down ? b.top >= r.bottom - 2 : b.bottom <= r.top + 2));
  if (!boxes.length) return undefined;
  const edge = down ? Math.min(...boxes.map(({ b }) => b.top)) : Math.max(...boxes.map(({ b }) => b.bottom));
  const line = boxes.filter(({ b }) => Math.abs((down ? b.top : b.bottom) - edge) < 4);
  const dist = (b: DOMRect) => (cx < b.left ? b.left - cx : cx > b.right ? cx - b.right : 0);
  return line.reduce((best, x) => (dist(x.b) < dist(best.b) ? x : best)).e;
}

export function useGrid(activeRef: string | null) {
  const ref = useRef<HTMLDivElement>(null);
  const [rover, setRover] = useState<string | null>(null);
  // The one stop must be a cell on screen (a new report, a table that came or went).
  useLayoutEffect(() => {
    const root = ref.current;
    if (!root || (rover && root.querySelector(`[data-cell="${rover}"]`))) return;
    const first = (activeRef && root.querySelector<HTMLElement>(`[data-cell="${activeRef}"]`)) || root.querySelector<HTMLElement>(CELLS);
    setRover(first?.dataset.cell ?? null);
  });
  // A cell selected by a click (or in the original's place) is where Tab comes back to.
  useLayoutEffect(() => {
    if (activeRef) setRover(activeRef);
  }, [activeRef]);
  const onFocus = useCallback((e: React.FocusEvent) => {
    const cell = (e.target as HTMLElement).closest<HTMLElement>(CELLS);
    if (cell) setRover(cell.dataset.cell!);
  }, []);
  const onKeyDown = useCallback((e: React.KeyboardEvent) => {
    const from = (e.target as HTMLElement).closest<HTMLElement>(CELLS);
    if (!from || !ref.current || e.altKey || e.shiftKey || !KEYS.includes(e.key)) return;
    e.preventDefault();
    const to = neighbour(ref.current, from, e.key, e.ctrlKey || e.metaKey);
    if (!to) return;
    setRover(to.dataset.cell!);
    to.focus();
    to.click();
  }, []);
  return { ref, rover, onFocus, onKeyDown };
}
