// The review desk: queue | original | tables & findings, with a toolbar and a status bar.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { CellView, FindingView, ImportProgress, ImportSummary, ReportView, WorkspaceView } from '../../../ipc/contract';
import type { Verdict } from '../../../core/review';
import { AgencyControls } from '../original';
import { api } from '../shared/api';
import { M } from '../shared/messages';
import { Original, type Focus, type Highlight } from '../original';
import { revealAll } from '../shared/reveal';
import { Boundary } from '../shared/Boundary';
import { cellName } from '../tables';
import { folderTail, Queue } from '../queue';
import { filterQueue, NO_FILTERS, roundCounter, type QueueFilters, type QueueSort } from '../../../core/queue';
import { ImportSummaryDialog } from '../import';
import { Tables } from '../tables';
import { Findings, History, ScorePanel } from '../review';
import { Overview, type KeyFilter } from '../overview';
import { Letters } from '../letters';
import type { RoundStats } from '../../../core/stats';
import { ChooserHost, pick } from '../chooser';

interface Draft {
  start: number;
  end: number;
  quote: string;
  cellRef?: string;
  id?: string;
  category?: string;
  severity?: string;
  note?: string;
  /** The note as it was when the dialog opened (an existing annotation's), to tell unsaved typing. */
  saved?: string;
}

export function App() {
  const [ws, setWs] = useState<WorkspaceView | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [selected, setSelectedRaw] = useState<string | null>(null);
  // A score edit that cannot be saved (over a maximum) is confirmed before the auditor leaves it.
  const unsavedScore = useRef<string | null>(null);
  const mayLeave = useCallback(() => !unsavedScore.current || window.confirm(M.leaveUnsavedScore(unsavedScore.current)), []);
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (unsavedScore.current) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, []);
  const setSelected = useCallback(
    (key: string | null) => {
      if (key === selected || mayLeave()) {
        unsavedScore.current = null;
        setSelectedRaw(key);
      }
    },
    [selected, mayLeave],
  );
  const [view, setView] = useState<ReportView | null>(null);
  const [active, setActive] = useState<number | null>(null);
  const [focus, setFocus] = useState<Focus | null>(null);
  const [activeCell, setActiveCell] = useState<string | null>(null);
  const [cellHl, setCellHl] = useState<Highlight[]>([]);
  const [filters, setFilters] = useState<QueueFilters>(NO_FILTERS);
  const [sort, setSort] = useState<QueueSort>('agency');
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [showSummary, setShowSummary] = useState(false);
  const [ruleTitles, setRuleTitles] = useState<Record<string, string>>({});
  // Comments typed on findings, kept until the decision that saves them (by report|fingerprint).
  // Explanations typed on findings not yet decided: kept on this machine until the finding is decided,
  // so that a reload or a restart of the app does not lose them.
  const [drafts, setDrafts] = useState<Record<string, string>>(readDrafts);
  useEffect(() => {
    const kept = Object.fromEntries(Object.entries(drafts).filter(([, v]) => v.trim()));
    if (Object.keys(kept).length) window.localStorage.setItem(DRAFTS_KEY, JSON.stringify(kept));
    else window.localStorage.removeItem(DRAFTS_KEY);
  }, [drafts]);
  const sawImportRunning = useRef(false);
  const [selection, setSelection] = useState<{ start: number; end: number } | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [toast, setToast] = useState<{ text: string; level: 'info' | 'error' } | null>(null);
  const [tab, setTab] = useState<'findings' | 'score' | 'notes' | 'history'>('findings');
  const [showErrors, setShowErrors] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [version, setVersion] = useState(0);
  const [stale, setStale] = useState(0);
  const [conflicts, setConflicts] = useState<{ id: string; kept: string; other: string }[] | null>(null);
  const [exporting, setExporting] = useState(false);
  const [showSettings, setShowSettings] = useState(false);
  const [auditorName, setAuditorName] = useState('');
  const [showOverview, setShowOverview] = useState(false);
  const [overview, setOverview] = useState<RoundStats | null>(null);
  const [keyFilter, setKeyFilter] = useState<KeyFilter | null>(null);
  const [showLetters, setShowLetters] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const nonce = useRef(0);
  const tablesPane = useRef<HTMLDivElement>(null);
  const split = useSplit();

  const say = useCallback((text: string, level: 'info' | 'error' = 'info') => {
    setToast({ text, level });
    window.setTimeout(() => setToast((t) => (t?.text === text ? null : t)), 4000);
  }, []);

  const refresh = useCallback(async () => {
    const w = await api.getWorkspace({});
    setWs(w);
    return w;
  }, []);

  // Start: workspace, progress, events.
  useEffect(() => {
    void refresh().then((w) => {
      performance.mark('nianbao-ready');
      document.body.dataset.ready = '1';
      if (w.notice) say(w.notice);
    });
    void api.getImportProgress({}).then(setProgress);
    void api.getImportSummary({}).then(setSummary);
    void api.getRules({}).then((rs) => setRuleTitles(Object.fromEntries(rs.map((r) => [r.id, r.title]))));
    const offs = [
      api.on('importProgress', (p) => {
        setProgress(p);
        if (!p.running) {
          void refresh();
          // An import this window started has finished: show what it did. (The import a desk starts
          // with, of the files it was given, does not pop up over the report: its summary is in the
          // status bar.)
          if (sawImportRunning.current) {
            sawImportRunning.current = false;
            void api.getImportSummary({}).then((s) => {
              setSummary(s);
              if (!s) return;
              // Anything to act on (skipped, unreadable, copies, cancelled) opens the dialog; a clean
              // import only says what it added (the dialog is in the status bar either way).
              if (s.cancelled || s.unreadable.length || s.notReports.length || s.duplicates.length) setShowSummary(true);
              else say(M.importClean(s.added.length, s.added.reduce((a, x) => a + x.reports.length, 0)));
            });
          }
        }
      }),
      api.on('workspaceChanged', ({ reason }) => {
        void refresh();
        setVersion((v) => v + 1);
        // The open report changed under us (not by an action this view already applied).
        if (['undo', 'redo', 'merge', 'rubric', 'store', 'import'].includes(reason)) setStale((n) => n + 1);
      }),
      api.on('notice', (n) => say(n.message, n.level === 'error' ? 'error' : 'info')),
    ];
    return () => offs.forEach((o) => o());
  }, [refresh, say]);

  const items = useMemo(() => {
    const list = ws ? filterQueue(ws.items, filters, sort) : [];
    if (!keyFilter) return list;
    const keys = new Set(keyFilter.keys);
    return list.filter((x) => keys.has(x.key));
  }, [ws, filters, sort, keyFilter]);
  const round = useMemo(() => roundCounter(ws?.items ?? []), [ws]);

  // 总览: fetched when shown, and again when the workspace changes while it is shown.
  useEffect(() => {
    if (!showOverview) return;
    performance.mark('nianbao-overview-start');
    void api.getOverview({}).then(setOverview).catch((e) => say((e as Error).message, 'error'));
  }, [showOverview, ws, say]);

  // Load the selected report.
  const loadView = useCallback(
    async (key: string, keepFocus = false) => {
      const v = await api.getReport({ key });
      setView(v);
      if (!keepFocus) {
        setActive(null);
        setFocus(null);
        setActiveCell(null);
        setCellHl([]);
      }
    },
    [],
  );
  useEffect(() => {
    if (!selected) return;
    performance.mark('nianbao-open-start');
    void loadView(selected).catch((e) => say((e as Error).message, 'error'));
  }, [selected, loadView, say]);
  useEffect(() => {
    if (view && selected === view.key) {
      performance.mark('nianbao-open-end');
      performance.measure('nianbao-open', 'nianbao-open-start', 'nianbao-open-end');
    }
  }, [view, selected]);
  // A change elsewhere (undo, merge, rubric) reloads the open report.
  useEffect(() => {
    if (selected && stale) void loadView(selected, true).catch(() => undefined);
  }, [stale]); // eslint-disable-line react-hooks/exhaustive-deps

  const highlights = useMemo<Highlight[]>(() => {
    const out: Highlight[] = [];
    if (view) {
      for (const a of view.annotations) if (a.anchorState !== 'lost') out.push({ start: a.start, end: a.end, cls: 'hl-note' });
      const f = active !== null ? view.findings[active] : null;
      if (f) {
        for (const s of f.source) {
          const cls = s.role === 'total' ? 'hl-total' : s.role === 'part' ? 'hl-part' : s.role === 'section' ? 'hl-section' : s.role === 'cell' ? 'hl-cell' : 'hl-text';
          out.push({ start: s.start, end: Math.max(s.end, s.start), cls });
        }
      }
    }
    return [...out, ...cellHl];
  }, [view, active, cellHl]);

  // Cells of the extracted tables by their range in the original, to light a finding's evidence.
  const cellByRange = useMemo(() => {
    const m = new Map<string, string[]>();
    if (!view) return m;
    for (const [tk, t] of Object.entries(view.tables))
      for (const [rk, row] of Object.entries(t.rows))
        for (const [ck, c] of Object.entries(row.cells)) {
          const k = `${c.range.start}:${c.range.end}`;
          m.set(k, [...(m.get(k) ?? []), `${tk}:${rk}:${ck}`]);
        }
    return m;
  }, [view]);
  const evidenceCells = useMemo(() => {
    const m = new Map<string, 'total' | 'part'>();
    const f = view && active !== null ? view.findings[active] : null;
    if (!f) return m;
    // The finding's own cell is its total; blank cells of a short row can share one (empty) range.
    const own = f.table && f.row && f.col ? `${f.table}:${f.row}:${f.col}` : null;
    const hasOwn = !!own && cellByRange.size > 0 && [...cellByRange.values()].some((refs) => refs.includes(own));
    for (const s of f.source) {
      if (s.role !== 'total' && s.role !== 'part') continue;
      let refs = cellByRange.get(`${s.start}:${s.end}`) ?? [];
      if (refs.length > 1) {
        const near = refs.filter((r) => (s.role === 'total' && hasOwn ? r === own : r.split(':')[1] === f.row || r.split(':')[2] === f.col));
        if (near.length) refs = near;
      }
      for (const ref of refs) if (m.get(ref) !== 'total') m.set(ref, s.role);
    }
    return m;
  }, [view, active, cellByRange]);
  // A finding about a table with no total or parts to light (blank cells, a row of the wrong shape, a row
  // name): its cells, else its row, so that the tables show where it is too.
  const locatedCells = useMemo(() => {
    const out = new Set<string>();
    const f = view && active !== null ? view.findings[active] : null;
    if (!view || !f?.table || evidenceCells.size) return out;
    for (const s of f.source)
      if (s.role === 'cell') for (const ref of cellByRange.get(`${s.start}:${s.end}`) ?? []) if (ref.startsWith(`${f.table}:`) && (!f.row || ref.split(':')[1] === f.row)) out.add(ref);
    if (!out.size && f.row)
      for (const [rk, row] of Object.entries(view.tables[f.table as 'requests']?.rows ?? {}))
        if (rk === f.row || rk.startsWith(`${f.row}.`)) for (const ck of Object.keys(row.cells)) out.add(`${f.table}:${rk}:${ck}`);
    return out;
  }, [view, active, evidenceCells, cellByRange]);
  const notedCells = useMemo(() => new Set((view?.annotations ?? []).filter((a) => a.cellRef).map((a) => a.cellRef!)), [view]);
  // Another report opens with its tables from the top (the finding effect below may then scroll them).
  useLayoutEffect(() => {
    if (tablesPane.current) tablesPane.current.scrollTop = 0;
  }, [view?.key]);
  // Scroll the tables (not the findings) to the lit cells, else to the finding's table.
  useLayoutEffect(() => {
    const pane = tablesPane.current;
    if (!pane) return;
    if (evidenceCells.size) revealAll(pane, [...pane.querySelectorAll<HTMLElement>('[data-evidence]')]);
    else if (locatedCells.size) revealAll(pane, [...pane.querySelectorAll<HTMLElement>('[data-located]')]);
    else {
      const f = view && active !== null ? view.findings[active] : null;
      const block = f?.table ? pane.querySelector<HTMLElement>(`.tbl-block[data-table="${f.table}"]`) : null;
      if (block) pane.scrollTop += block.getBoundingClientRect().top - pane.getBoundingClientRect().top;
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [evidenceCells, locatedCells, focus]);

  const activate = useCallback(
    (i: number) => {
      if (!view) return;
      const f = view.findings[i];
      setActive(i);
      setCellHl([]);
      setActiveCell(null);
      const first = f?.source.find((s) => s.role === 'total' || s.role === 'text') ?? f?.source[0];
      if (first) setFocus({ start: first.start, end: first.end, nonce: ++nonce.current });
    },
    [view],
  );

  const locateCell = useCallback((c: CellView, ref: string) => {
    setActiveCell(ref);
    setActive(null);
    setCellHl([{ start: c.range.start, end: Math.max(c.range.end, c.range.start), cls: 'hl-cell' }]);
    setFocus({ start: c.range.start, end: c.range.end, nonce: ++nonce.current });
  }, []);

  const draftKey = (f: FindingView) => `${view?.key}|${f.fingerprint}`;
  const decide = useCallback(
    async (f: FindingView, verdict: Verdict, comment?: string) => {
      if (!view) return;
      const dk = `${view.key}|${f.fingerprint}`;
      const c = comment ?? drafts[dk];
      await api.setDecision({ key: view.key, fingerprint: f.fingerprint, rule: f.rule, verdict, comment: c });
      if (dk in drafts)
        setDrafts((d) => {
          const { [dk]: _gone, ...rest } = d;
          void _gone;
          return rest;
        });
      // One reload: the decision, the suggested score and the status come back together.
      await loadView(view.key, true);
      say(`${M.verdict[verdict]} · ${M.storeSaved}`);
    },
    [view, say, loadView, drafts],
  );

  const bulk = useCallback(
    async (keys: string[], rule: string, verdict: Verdict) => {
      try {
        const r = await api.decideRule({ keys, rule, verdict });
        say(r.decided ? M.bulkDone(r.decided, r.reports) : M.bulkNone);
        if (view && keys.includes(view.key)) await loadView(view.key, true);
      } catch (e) {
        say((e as Error).message, 'error');
      }
    },
    [view, say, loadView],
  );

  // 完成并下一份: mark done, then the next report in the list that is not done.
  const finishNext = useCallback(async () => {
    if (!view) return;
    const i = items.findIndex((x) => x.key === view.key);
    const rest = [...items.slice(i + 1), ...items.slice(0, Math.max(0, i))];
    const next = rest.find((x) => x.status !== 'done');
    if (!mayLeave()) return; // a score edit that cannot be saved: asked before anything happens
    unsavedScore.current = null;
    await api.setStatus({ key: view.key, status: 'done' });
    // Done with findings left undecided is allowed, but never unnoticed (undo takes it back).
    const open = view.findings.filter((f) => !f.decision).length;
    if (next) setSelectedRaw(next.key);
    else await loadView(view.key, true);
    if (open) say(M.finishedUndecided(view.report.agency ?? M.unknownAgency, view.report.year, open));
    else if (!next) say(M.finishedAll);
  }, [view, items, loadView, say, mayLeave]);

  const openDraft = useCallback(() => {
    if (!view) return;
    if (selection && selection.end > selection.start) {
      setDraft({ ...selection, quote: view.text.slice(selection.start, selection.end) });
    } else if (activeCell) {
      const [t, r, c] = activeCell.split(':');
      const cell = view.tables[t as 'requests']?.rows[r!]?.cells[c!];
      if (cell) setDraft({ start: cell.range.start, end: cell.range.end, quote: cell.raw || '（空白单元格）', cellRef: activeCell });
    }
  }, [view, selection, activeCell]);

  const selectRelative = useCallback(
    (d: number) => {
      if (!items.length) return;
      const i = items.findIndex((x) => x.key === selected);
      const next = items[Math.min(items.length - 1, Math.max(0, (i < 0 ? -1 : i) + d))];
      if (next) setSelected(next.key);
    },
    [items, selected],
  );

  // Keyboard: j/k findings, n/p reports, c/x decide, a annotate, / search, ctrl+z undo. A layout effect:
  // the listener acts on what is on screen from the moment it is painted (with a passive effect a key
  // pressed just after a report or finding showed acted on the one before: F finished nothing new).
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
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

  // A stray click beside the dialog or Escape must not throw away a typed note: ask first.
  const closeDraft = () => {
    const typed = (draft?.note ?? '').trim() !== (draft?.saved ?? '').trim();
    if (!typed || window.confirm(M.discardNote)) setDraft(null);
  };

  const saveDraft = async () => {
    if (!view || !draft) return;
    await api.upsertAnnotation({
      key: view.key,
      id: draft.id,
      start: draft.start,
      end: draft.end,
      cellRef: draft.cellRef,
      category: (draft.category ?? 'data') as 'data',
      severity: (draft.severity ?? 'warning') as 'warning',
      note: draft.note ?? '',
    });
    setDraft(null);
    window.getSelection()?.removeAllRanges();
    setSelection(null);
    await loadView(view.key, true);
    say(M.storeSaved);
  };

  // Files and folders come as grants (Chooser.tsx); errors are said, never swallowed.
  const run = (p: Promise<unknown>) => void p.catch((e) => say((e as Error).message, 'error'));
  const importGranted = async (grants: { id: string }[]) => {
    if (!grants.length) return;
    sawImportRunning.current = true;
    const r = await api.openGranted({ grants: grants.map((g) => g.id) });
    if (!r.started) {
      sawImportRunning.current = false;
      say(M.importBusy, 'error');
    }
  };
  const openWith = (purpose: 'openFiles' | 'openFolder') => run(pick(purpose).then(importGranted));
  const saved = (r: { path: string | null; exists?: boolean }) => {
    if (r.path) say(r.exists ? M.notOverwritten(r.path) : M.exported(r.path), r.exists ? 'error' : 'info');
  };

  const onDrop = (e: React.DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (!api.dropFiles) return say(M.dropUnavailable, 'error');
    // The browser cannot upload a dropped folder: say so, import the files.
    const items = [...e.dataTransfer.items];
    const folders = new Set(items.flatMap((it, i) => (!window.nianbao && it.webkitGetAsEntry?.()?.isDirectory ? [i] : [])));
    if (folders.size) say(M.dropFolderInBrowser, 'error');
    const files = [...e.dataTransfer.files].filter((_, i) => !folders.has(i));
    if (!files.length) return;
    if (!window.nianbao) say(M.uploading(files.length));
    run(api.dropFiles(files).then(importGranted));
  };

  const exportBook = async () => {
    try {
      const [g] = await pick('saveWorkbook');
      setExporting(true);
      if (g) saved(await api.exportWorkbook({ grant: g.id }));
    } catch (e) {
      say((e as Error).message, 'error');
    } finally {
      setExporting(false);
    }
  };

  const sections = view ? Object.entries(view.sections) : [];
  return (
    <div
      className="app"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <header className="toolbar">
        <strong className="brand">{M.appName}</strong>
        <button onClick={() => openWith('openFiles')}>{M.openFiles}</button>
        <button onClick={() => openWith('openFolder')}>{M.openFolder}</button>
        <span className="sep" />
        <button onClick={() => void api.undo({}).then((r) => r.label && say(`${M.undo}：${r.label}`))} disabled={!ws?.undo} title={ws?.undo ?? ''}>
          {M.undo}
        </button>
        <button onClick={() => void api.redo({}).then((r) => r.label && say(`${M.redo}：${r.label}`))} disabled={!ws?.redo} title={ws?.redo ?? ''}>
          {M.redo}
        </button>
        <span className="grow" />
        <button className={showOverview ? 'on' : ''} aria-pressed={showOverview} onClick={() => {
            // The overview replaces the report: a score edit that cannot be saved is asked about first.
            if (!showOverview && !mayLeave()) return;
            if (!showOverview) unsavedScore.current = null;
            setShowOverview(!showOverview);
          }} data-testid="overview-toggle">
          {M.overviewButton}
        </button>
        <button onClick={() => setShowLetters(true)} data-testid="letters-open">
          {M.letters.button}
        </button>
        <button
          onClick={() =>
            run(
              pick('openReview').then(async ([g]) => {
                const r = g && (await api.importReview({ grant: g.id }));
                if (!r) return;
                say(M.merged(r.taken, r.conflicts.length));
                if (r.conflicts.length) setConflicts(r.conflicts);
              }),
            )
          }
        >
          {M.importReview}
        </button>
        <button onClick={() => run(pick('saveReview').then(async ([g]) => g && saved(await api.exportReview({ grant: g.id }))))}>{M.exportReview}</button>
        <button className="primary" onClick={() => void exportBook()} disabled={exporting}>
          {exporting ? M.exporting : M.export}
        </button>
      </header>
      {ws?.sample && (
        <div className="banner" data-testid="sample-banner">
          {M.sampleBanner(ws.storePath)}
        </div>
      )}
      <main className={showOverview ? 'panes with-overview' : 'panes'}>
        <div className="queue-col">
        {keyFilter && (
          <div className="key-filter" data-testid="key-filter">
            <span>{M.keyFilter(keyFilter.label, keyFilter.keys.length)}</span>
            <button className="link" onClick={() => setKeyFilter(null)} aria-label={M.keyFilterClear} title={M.keyFilterClear}>
              ✕
            </button>
          </div>
        )}
        <Boundary name={M.paneQueue}>
        <Queue
          all={ws?.items ?? []}
          items={items}
          selected={selected}
          onSelect={(k) => {
            setSelected(k);
            setShowOverview(false);
          }}
          filters={filters}
          setFilters={setFilters}
          sort={sort}
          setSort={setSort}
          checked={checked}
          setChecked={setChecked}
          onBulk={(k, r, v) => void bulk(k, r, v)}
          ruleTitles={ruleTitles}
          searchRef={searchRef}
        />
        </Boundary>
        </div>
        {showOverview ? (
          <Overview
            stats={overview}
            onFilter={setKeyFilter}
            onClose={() => setShowOverview(false)}
          />
        ) : (
        <>
        <section className="original" aria-label={M.original}>
          {view ? (
            <>
              <div className="doc-head">
                <div className="doc-title">
                  <b>{view.report.agency ?? '（单位不详）'}</b> {view.report.year ?? '？'} 年度 · {M.formatLabel(view.report.format)} · {M.published} {view.report.publishedOn ?? M.noDate}
                  {view.report.publishedOnSource && <span className="date-source">（{M.dateSource[view.report.publishedOnSource]}）</span>}
                </div>
                {view.agencyInfo && (
                  <AgencyControls reportKey={view.key} info={view.agencyInfo} onChanged={() => void loadView(view.key, true)} onError={(m) => say(m, 'error')} />
                )}
                <div className="doc-file" title={view.file}>
                  {view.file}
                </div>
                {selection && (
                  <button className="annotate-btn" onClick={openDraft}>
                    {M.annotate}
                  </button>
                )}
                <button className="finish-next" onClick={() => void finishNext()} data-testid="finish-next">
                  {M.finishNext}
                </button>
              </div>
              <Boundary name={M.paneOriginal} resetKey={view.key}>
              <Original
                reportKey={view.key}
                kind={view.kind}
                text={view.text}
                spans={view.spans}
                layout={view.layout}
                range={view.report.range}
                highlights={highlights}
                focus={focus}
                onSelectRange={setSelection}
              />
              </Boundary>
            </>
          ) : (
            <div className="placeholder">{ws ? M.selectReport : M.loading}</div>
          )}
        </section>
        <section className="side" aria-label={M.tablesAndFindings}>
          {view && (
            <>
              <div className="outline" aria-label={M.outline}>
                {sections.map(([k, s]) => (
                  <span
                    key={k}
                    className={`sec ${!s.present ? 'missing' : s.empty ? 'empty' : 'ok'}`}
                    title={`${s.title}${!s.present ? `（${M.sectionMissing}）` : s.empty ? `（${M.sectionEmpty}）` : ''}`}
                    data-section={k}
                    onClick={() => s.heading && setFocus({ start: s.heading.start, end: s.heading.end, nonce: ++nonce.current })}
                  >
                    {!s.present ? '✗' : s.empty ? '∅' : '✓'} {M.sectionsShort[k]}
                  </span>
                ))}
                <select
                  className="status-select"
                  value={view.status?.status ?? 'todo'}
                  aria-label={M.reviewStatus}
                  onChange={(e) => void api.setStatus({ key: view.key, status: e.target.value as 'done' }).then(() => loadView(view.key, true))}
                >
                  {Object.entries(M.status).map(([k, v]) => (
                    <option key={k} value={k}>
                      {v}
                    </option>
                  ))}
                </select>
              </div>
              <div className="side-split" ref={split.ref} style={{ gridTemplateRows: `minmax(60px, ${split.frac}fr) 7px minmax(90px, ${1 - split.frac}fr)` }}>
              <div className="side-tables" ref={tablesPane} data-testid="tables-pane">
                <Boundary name={M.paneTables} resetKey={view.key}>
                  <Tables tables={view.tables} format={view.report.format} activeRef={activeCell} evidence={evidenceCells} located={locatedCells} noted={notedCells} onLocate={locateCell} />
                </Boundary>
              </div>
              <div className="split-handle" role="separator" aria-orientation="horizontal" aria-label={M.splitHandle} title={M.splitHandle} tabIndex={0} onPointerDown={split.onPointerDown} onKeyDown={split.onKeyDown} />
              <div className="side-scroll" data-testid="findings-pane">
                <div className="tabs" role="tablist">
                  {(
                    [
                      ['findings', `${M.findings}（${view.findings.length}）`],
                      ['score', M.score],
                      ['notes', `${M.annotations}（${view.annotations.length}）`],
                      ['history', M.history],
                    ] as const
                  ).map(([k, label]) => (
                    <button key={k} role="tab" aria-selected={tab === k} className={tab === k ? 'tab on' : 'tab'} onClick={() => {
                        if (k === tab || !mayLeave()) return;
                        unsavedScore.current = null;
                        setTab(k);
                      }}
                    >
                      {label}
                    </button>
                  ))}
                </div>
                {/* Every tab stays mounted (hidden when not shown): what the auditor typed in one survives the others. */}
                <div role="tabpanel" hidden={tab !== 'findings'}>
                  <Boundary name={M.paneFindings} resetKey={view.key}>
                    <Findings
                      view={view}
                      active={active}
                      onActivate={activate}
                      onDecide={(f, v, c) => void decide(f, v, c)}
                      draftOf={(f) => drafts[draftKey(f)]}
                      onDraft={(f, c) => setDrafts((d) => ({ ...d, [draftKey(f)]: c }))}
                      onDecideRule={(rule, v) => void bulk([view.key], rule, v)}
                    />
                  </Boundary>
                </div>
                <div role="tabpanel" hidden={tab !== 'score'}>
                  <Boundary name={M.paneScore} resetKey={view.key}>
                    <ScorePanel view={view} onSaved={() => void loadView(view.key, true)} onError={(m) => say(m, 'error')} onUnsaved={(why) => (unsavedScore.current = why)} />
                  </Boundary>
                </div>
                <div role="tabpanel" hidden={tab !== 'notes'}>
                  <Boundary name={M.paneNotes} resetKey={view.key}>
                  <ul className="notes">
                    {view.annotations.length === 0 && <li className="muted">选中原文文字或点击表格单元格后按 A 添加批注。</li>}
                    {view.annotations.map((a) => (
                      <li key={a.id} className={`note sev-${a.severity}`} onClick={() => a.anchorState !== 'lost' && setFocus({ start: a.start, end: a.end, nonce: ++nonce.current })}>
                        <div>
                          <span className="tag">{M.annotationCategory[a.category]}</span> {a.cellRef ? <span data-note-cell={a.cellRef}>{cellName(view.tables, view.report.format, a.cellRef)}</span> : `“${a.anchor.quote.slice(0, 40)}”`}
                          {M.anchorState[a.anchorState] && <span className="tag warn">{M.anchorState[a.anchorState]}</span>}
                        </div>
                        <div>{a.note}</div>
                        <div className="muted small">
                          {a.by} · {a.at.replace('T', ' ').slice(0, 16)}
                          <button className="link" onClick={(e) => (e.stopPropagation(), setDraft({ start: a.start, end: a.end, quote: a.anchor.quote, id: a.id, cellRef: a.cellRef, category: a.category, severity: a.severity, note: a.note, saved: a.note }))}>
                            {M.edit}
                          </button>
                          <button className="link danger" onClick={(e) => (e.stopPropagation(), void api.deleteAnnotation({ id: a.id }).then(() => loadView(view.key, true)))}>
                            {M.delete}
                          </button>
                        </div>
                      </li>
                    ))}
                  </ul>
                  </Boundary>
                </div>
                <div role="tabpanel" hidden={tab !== 'history'}>
                  <Boundary name={M.paneHistory} resetKey={view.key}>
                    <History reportKey={view.key} version={version} />
                  </Boundary>
                </div>
                {view.siblings.length > 1 && (
                  <div className="siblings">
                    {M.siblings}：
                    {view.siblings.map((s) => {
                      // Where a year repeats (two files of one year), the file name tells them apart.
                      const twins = view.siblings.filter((o) => o.key !== s.key && o.year === s.year);
                      const twin = twins.length > 0;
                      // Same name too: the folder tells them apart.
                      const name = twins.some((o) => o.fileName === s.fileName) ? `${folderTail(s.file.replace(/[\\/][^\\/]*$/, ''), 1)}/${s.fileName}` : s.fileName;
                      return (
                        <button key={s.key} className={s.key === view.key ? 'chip on' : 'chip'} onClick={() => setSelected(s.key)} title={s.file} data-testid="sibling">
                          {s.year ?? '？'}
                          {twin && <small className="chip-file"> · {name}</small>}
                        </button>
                      );
                    })}
                  </div>
                )}
              </div>
              </div>
            </>
          )}
        </section>
        </>
        )}
      </main>
      <footer className="statusbar">
        <span>{ws ? M.reports(ws.items.length) : ''}</span>
        {ws && ws.items.length > 0 && (
          <span data-testid="round" className="round">
            {M.round(round.done, round.reports, round.undecided)}
            {items.length !== ws.items.length && <span className="muted">{M.shown(items.length)}</span>}
          </span>
        )}
        {progress?.running ? (
          <span className="progress" data-testid="import-progress">
            <progress max={progress.total || 1} value={progress.done} /> {M.importing(progress.done, progress.total)} <span className="muted">{progress.current.split(/[\\/]/).pop()}</span>
            {progress.ocrPage && <span className="muted" data-testid="ocr-page"> · {M.ocrPage(progress.ocrPage.done, progress.ocrPage.total)}</span>}
            <button className="link" onClick={() => void api.cancelImport({})}>
              {M.importCancel}
            </button>
          </span>
        ) : null}
        {summary ? (
          <button className={`link${summary.unreadable.length ? ' danger' : ''}`} onClick={() => setShowSummary(true)} data-testid="summary-open">
            {summary.unreadable.length + summary.notReports.length ? M.importProblems(summary.unreadable.length + summary.notReports.length) : M.importSummary}
          </button>
        ) : (
          ws &&
          ws.errors.length > 0 && (
            <button className="link danger" onClick={() => setShowErrors(!showErrors)}>
              {M.importErrors}（{ws.errors.length}）
            </button>
          )
        )}
        <span className="grow" />
        <span className="muted small">{M.shortcuts}</span>
        <button className="link small" title={ws?.storePath} onClick={() => setShowSettings(true)} data-testid="settings-open">
          {M.auditor}：{ws?.auditor || '—'} · {M.settings}
        </button>
      </footer>
      {showErrors && ws && (
        <div className="popover" role="dialog" aria-label={M.importErrors}>
          <h4>{M.importErrors}</h4>
          <ul>
            {ws.errors.map((e) => (
              <li key={e.file}>
                <b>{e.file.split(/[\\/]/).pop()}</b> <span className="tag">{e.code}</span>
                <div>{e.message}</div>
              </li>
            ))}
          </ul>
          <button onClick={() => setShowErrors(false)}>{M.cancel}</button>
        </div>
      )}
      {showSettings && ws && (
        <div className="modal-back" onClick={() => setShowSettings(false)}>
          <div className="modal" role="dialog" aria-label={M.settings} onClick={(e) => e.stopPropagation()}>
            <h4>{M.settings}</h4>
            <label className="small muted">{M.auditorName}</label>
            <div className="row">
              <input defaultValue={ws.auditor} onChange={(e) => setAuditorName(e.target.value)} aria-label={M.auditorName} style={{ flex: 1 }} />
              <button onClick={() => auditorName.trim() && void api.setAuditor({ name: auditorName.trim() }).then(() => say(M.storeSaved))}>{M.save}</button>
            </div>
            <label className="small muted">{M.storeLocation}</label>
            <div className="row">
              <code className="path" data-testid="store-path">
                {ws.storePath}
              </code>
            </div>
            <div className="row">
              <button onClick={() => run(pick('moveStore').then(async ([g]) => { const r = g && (await api.relocateStore({ grant: g.id })); if (r && r.path) say(M.storeMoved(r.path)); }))}>{M.moveStore}</button>
              <span className="grow" />
              <button onClick={() => setShowSettings(false)}>{M.close}</button>
            </div>
          </div>
        </div>
      )}
      {conflicts && (
        <div className="popover" role="dialog" aria-label={M.conflicts}>
          <h4>{M.conflicts}</h4>
          <ul>
            {conflicts.map((c) => (
              <li key={c.id}>
                <div className="small muted">{c.id.split('|').pop()}</div>
                <div>
                  {M.conflictKept}：{c.kept}
                </div>
                <div className="muted">
                  {M.conflictOther}：{c.other}
                </div>
              </li>
            ))}
          </ul>
          <button onClick={() => setConflicts(null)}>{M.close}</button>
        </div>
      )}
      {draft && (
        <div className="modal-back" onClick={closeDraft}>
          <div className="modal" role="dialog" aria-label={M.annotations} onClick={(e) => e.stopPropagation()}>
            <h4>{draft.cellRef ? M.cellNote : M.annotations}</h4>
            {draft.cellRef && view && (
              <div className="draft-cell" data-testid="draft-cell">
                {cellName(view.tables, view.report.format, draft.cellRef)}
              </div>
            )}
            <blockquote>{draft.quote.slice(0, 200)}</blockquote>
            <div className="row">
              <select value={draft.category ?? 'data'} onChange={(e) => setDraft({ ...draft, category: e.target.value })} aria-label="类别">
                {Object.entries(M.annotationCategory).map(([k, v]) => (
                  <option key={k} value={k}>
                    {v}
                  </option>
                ))}
              </select>
              <select value={draft.severity ?? 'warning'} onChange={(e) => setDraft({ ...draft, severity: e.target.value })} aria-label="严重程度">
                {Object.entries(M.severity).map(([k, v]) => (
                  <option key={k} value={k}>
                    {v}
                  </option>
                ))}
              </select>
            </div>
            <textarea
              autoFocus
              placeholder={M.note}
              value={draft.note ?? ''}
              onChange={(e) => setDraft({ ...draft, note: e.target.value })}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void saveDraft();
                if (e.key === 'Escape') closeDraft();
              }}
            />
            <div className="row end">
              <button onClick={closeDraft}>{M.cancel}</button>
              <button className="primary" onClick={() => void saveDraft()}>
                {M.save}
              </button>
            </div>
          </div>
        </div>
      )}
      {showSummary && summary && <ImportSummaryDialog summary={summary} onClose={() => setShowSummary(false)} onOpenReport={(k) => (setSelected(k), setShowSummary(false))} />}
      {showLetters && ws && <Letters current={view?.key ?? null} shown={items.map((x) => x.key)} all={ws.items.length} onClose={() => setShowLetters(false)} say={say} />}
      <ChooserHost />
      {dragging && <div className="dropzone">{M.dropHere}</div>}
      {toast && (
        <div className={`toast ${toast.level}`} role="status">
          {toast.text}
        </div>
      )}
    </div>
  );
}

const DRAFTS_KEY = 'nianbao.findingDrafts';

function readDrafts(): Record<string, string> {
  try {
    const v: unknown = JSON.parse(window.localStorage.getItem(DRAFTS_KEY) ?? '{}');
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

/** The split between tables and findings on the right: dragged or moved with the arrow keys, remembered. */
function useSplit() {
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
