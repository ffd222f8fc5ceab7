// The desk's keys: j/k findings, n/p reports, c/x/d decide, f finish, a annotate, / search, ctrl+z undo.
import { useLayoutEffect, type RefObject } from 'react';
import type { FindingView, ReportView } from '../../../ipc/contract';
import type { Verdict } from '../../../core/review';
import { api } from '../shared/api';
import { M } from '../shared/messages';

export interface KeyboardDeps {
  view: ReportView | null;
  active: number | null;
  activate: (i: number) => void;
  decide: (f: FindingView, verdict: Verdict, comment?: string) => Promise<void>;
  openDraft: () => void;
  selectRelative: (d: number) => void;
  draft: unknown;
  say: (text: string, level?: 'info' | 'error') => void;
  tab: string;
  finishNext: () => Promise<void>;
  searchRef: RefObject<HTMLInputElement | null>;
}

export function useKeyboard({ view, active, activate, decide, openDraft, selectRelative, draft, say, tab, finishNext, searchRef }: KeyboardDeps) {
  // A layout effect: the listener acts on what is on screen from the moment it is painted (with a passive effect a key
  // pressed just after a report or finding showed acted on the one before: F finished nothing new).
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      // Esc leaves a field (outside dialogs, where Esc is the dialog's): the next key is a desk key again.
      if (e.key === 'Escape' && t.matches('input, textarea, select, [contenteditable]') && !t.closest('[role="dialog"]')) {
        t.blur();
        return;
      }
      if (t.closest('input, textarea, select, [contenteditable], [role="dialog"]') || draft) return;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        void (e.shiftKey ? api.redo({}) : api.undo({})).then((r) => r.label && say(`${e.shiftKey ? M.redo : M.undo}：${r.label}`));
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      // Finding keys act only on findings the auditor can see (the 问题 tab).
      const n = tab === 'findings' ? (view?.findings.length ?? 0) : 0;
      const cur = n && active !== null ? view?.findings[active] : undefined;
      switch (e.key) {
        case 'j':
          if (n) activate(active === null ? 0 : Math.min(n - 1, active + 1));
          break;
        case 'k':
          if (n) activate(active === null ? 0 : Math.max(0, active - 1));
          break;
        case 'n':
          selectRelative(1);
          break;
        case 'p':
          selectRelative(-1);
          break;
        case 'c':
          if (cur) void decide(cur, 'confirmed');
          break;
        case 'x':
          if (cur) void decide(cur, 'dismissed');
          break;
        case 'd':
          if (cur) void decide(cur, 'pending');
          break;
        case 'f':
          void finishNext();
          break;
        case 'a':
          // Not typed into the note field that opens.
          e.preventDefault();
          openDraft();
          break;
        case '/':
          e.preventDefault();
          searchRef.current?.focus();
          break;
        default:
          return;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [view, active, activate, decide, openDraft, selectRelative, draft, say, tab, finishNext]);
}
