import { useRef, useState } from 'react';

/** The split between tables and findings on the right: dragged or moved with the arrow keys, remembered. */
export function useSplit() {
  const KEY = 'nianbao.sideSplit';
  const [frac, setFrac] = useState(() => {
    const v = Number(window.localStorage.getItem(KEY));
    return v >= 0.15 && v <= 0.85 ? v : 0.5;
  });
  const ref = useRef<HTMLDivElement>(null);
  const keep = (f: number) => {
    const v = Math.min(0.85, Math.max(0.15, f));
    setFrac(v);
    window.localStorage.setItem(KEY, v.toFixed(3));
  };
  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    const box = ref.current?.getBoundingClientRect();
    if (!box) return;
    e.preventDefault();
    const handle = e.currentTarget;
    handle.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => setFrac(Math.min(0.85, Math.max(0.15, (ev.clientY - box.top) / box.height)));
    const up = (ev: PointerEvent) => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      keep((ev.clientY - box.top) / box.height);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowUp') keep(frac - 0.05);
    else if (e.key === 'ArrowDown') keep(frac + 0.05);
  };
  return { frac, ref, onPointerDown, onKeyDown };
}
