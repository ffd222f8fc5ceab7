// Evidence: all of it in view together, else chips that jump between them.
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { M } from '../shared/messages';
import { revealAll } from '../shared/reveal';
import type { Focus } from './types';

export function flash(el: HTMLElement) {
  el.classList.remove('flash');
  void el.offsetWidth;
  el.classList.add('flash');
}

/** Scroll the container so that every evidence marker is in view; false when they do not fit. */
function showEvidence(container: HTMLElement): boolean | null {
  const els = [...container.querySelectorAll<HTMLElement>('[data-evidence]:not([data-evidence="cell"])')];
  if (!els.length) return null;
  const fits = revealAll(container, els);
  for (const e of els) flash(e);
  return fits;
}

/** Evidence chips: 总计 / 各项 / 正文, each jumping (in turn) to its markers. */
export function useEvidence(ref: React.RefObject<HTMLElement | null>, focus: Focus | null, fallback: (c: HTMLElement, f: Focus) => void, ready: unknown) {
  const [roles, setRoles] = useState<string[]>([]);
  const turn = useRef<Record<string, number>>({});
  useLayoutEffect(() => {
    const c = ref.current;
    if (!c || !focus) return;
    turn.current = {};
    const fits = showEvidence(c);
    if (fits === null) {
      fallback(c, focus);
      setRoles([]);
      performance.mark('nianbao-evidence');
      return;
    }
    if (fits) setRoles([]);
    else {
      const present = new Set([...c.querySelectorAll<HTMLElement>('[data-evidence]')].map((e) => e.dataset.evidence!));
      setRoles(['total', 'part', 'text'].filter((r) => present.has(r)));
    }
    performance.mark('nianbao-evidence');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focus, ready]);
  const jump = useCallback(
    (role: string) => {
      const c = ref.current;
      if (!c) return;
      const els = [...c.querySelectorAll<HTMLElement>(`[data-evidence="${role}"]`)];
      if (!els.length) return;
      const i = (turn.current[role] ?? -1) + 1;
      turn.current[role] = i % els.length;
      const el = els[i % els.length]!;
      el.scrollIntoView({ block: 'center', inline: 'nearest' });
      flash(el);
    },
    [ref],
  );
  return { roles, jump };
}

export function Chips({ roles, jump }: { roles: string[]; jump: (r: string) => void }) {
  if (!roles.length) return null;
  return (
    <div className="ev-chips" role="toolbar" aria-label={M.evidenceJump}>
      {roles.map((r) => (
        <button key={r} className={`ev-chip ev-${r}`} data-chip={r} onClick={() => jump(r)} title={M.evidenceJump}>
          {M.evidence[r]}
        </button>
      ))}
    </div>
  );
}
