// The review desk: queue | original | tables & findings, with a toolbar and a status bar. App composes
// the features (one folder each) and holds what they share: the workspace, the open report, the
// selected finding or cell, the filters, the toasts.
import './app.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CellView, FindingView, ImportProgress, ImportSummary, ReportView, WorkspaceView } from '../../../ipc/contract';
import type { Verdict } from '../../../core/review';
import { filterQueue, NO_FILTERS, roundCounter, type QueueFilters, type QueueSort } from '../../../core/queue';
import type { RoundStats } from '../../../core/stats';
import { api } from '../shared/api';
import { M } from '../shared/messages';
import { Boundary } from '../shared/Boundary';
import { useSplit } from '../shared/useSplit';
// Features in the order of their stylesheets (the cascade of the one stylesheet they came from).
import { Queue, Siblings } from '../queue';
import { DocHead, Original, PointSection, type Focus, type Highlight } from '../original';
import { cellName, CorrectableTables } from '../tables';
import { Findings, History, NoteDialog, Notes, Outline, ScorePanel, useDrafts, type Draft } from '../review';
import { Conflicts, ImportErrors, ImportStatus, ImportSummaryDialog, type Conflict } from '../import';
import { Settings } from '../settings';
import { ChooserHost, pick } from '../chooser';
import { Overview, type KeyFilter } from '../overview';
import { Letters } from '../letters';
import { Toolbar } from './Toolbar';
import { StatusBar } from './StatusBar';
import { NamePrompt, TeamChip, TeamPanel, useTeam } from '../team';
import { useKeyboard } from './useKeyboard';
import { SideTabs, type SideTab } from './SideTabs';
import { focusRangeOf, useMarks, useTablesReveal } from './useMarks';


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
  // The current finding was set by opening the report, not chosen: J/K first show it.
  const [fresh, setFresh] = useState(false);
  const [focus, setFocus] = useState<Focus | null>(null);
  const [activeCell, setActiveCell] = useState<string | null>(null);
  const [cellHl, setCellHl] = useState<Highlight[]>([]);
  const [filters, setFilters] = useState<QueueFilters>(NO_FILTERS);
  const [sort, setSort] = useState<QueueSort>('agency');
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [showSummary, setShowSummary] = useState(false);
  const [ruleTitles, setRuleTitles] = useState<Record<string, string>>({});
  const [drafts, setDrafts] = useDrafts();
  const sawImportRunning = useRef(false);
  const [selection, setSelection] = useState<{ start: number; end: number } | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [toast, setToast] = useState<{ text: string; level: 'info' | 'error' } | null>(null);
  const [tab, setTab] = useState<SideTab>('findings');
  const [showErrors, setShowErrors] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [version, setVersion] = useState(0);
  const [stale, setStale] = useState(0);
  const [conflicts, setConflicts] = useState<Conflict[] | null>(null);
  const [exporting, setExporting] = useState(false);
  const [showSettings, setShowSettings] = useState(false);
  const [auditorName, setAuditorName] = useState('');
  const [showOverview, setShowOverview] = useState(false);
  const { team, conflicts: teamConflicts, reload: reloadTeam } = useTeam();
  const [showTeam, setShowTeam] = useState(false);
  const [overview, setOverview] = useState<RoundStats | null>(null);
  const [keyFilter, setKeyFilter] = useState<KeyFilter | null>(null);
  const [showLetters, setShowLetters] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const nonce = useRef(0);
  const tablesPane = useRef<HTMLDivElement>(null);
  const findingsPane = useRef<HTMLDivElement>(null);
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
            // Every import the auditor started ends in its result: added, skipped and why, what to do.
            void api.getImportSummary({}).then((s) => {
              setSummary(s);
              if (s) setShowSummary(true);
            });
          }
        }
      }),
      api.on('workspaceChanged', ({ reason }) => {
        void refresh();
        setVersion((v) => v + 1);
        // The open report changed under us (not by an action this view already applied).
        if (['undo', 'redo', 'merge', 'team-merge', 'rubric', 'store', 'import'].includes(reason)) setStale((n) => n + 1);
      }),
      api.on('notice', (n) => say(n.message, n.level === 'error' ? 'error' : 'info')),
    ];
    return () => offs.forEach((o) => o());
  }, [refresh, say]);

  // 分给我的 only in a team round; the team state is re-read every few seconds, so compare by value.
  const mineJson = team?.round ? JSON.stringify(team.mine) : '';
  const items = useMemo(() => {
    const mine = mineJson ? (JSON.parse(mineJson) as { agencies: string[]; reports: string[] }) : undefined;
    const list = ws ? filterQueue(ws.items, mine ? filters : { ...filters, mine: false }, sort, mine) : [];
    if (!keyFilter) return list;
    const keys = new Set(keyFilter.keys);
    return list.filter((x) => keys.has(x.key));
  }, [ws, filters, sort, keyFilter, mineJson]);
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

  const { highlights, evidenceCells, locatedCells, notedCells } = useMarks(view, active, cellHl);
  useTablesReveal(tablesPane, view, active, evidenceCells, locatedCells, focus);

  const activate = useCallback(
    (i: number) => {
      if (!view) return;
      const f = view.findings[i];
      setActive(i);
      setFresh(false);
      setCellHl([]);
      setActiveCell(null);
      const r = focusRangeOf(view, f);
      if (r) setFocus({ ...r, nonce: ++nonce.current });
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
    const pending = view.findings.filter((f) => f.decision?.verdict === 'pending').length;
    if (next) setSelectedRaw(next.key);
    else await loadView(view.key, true);
    if (pending) say(M.finishedPending(view.report.agency ?? M.unknownAgency, view.report.year, open, pending));
    else if (open) say(M.finishedUndecided(view.report.agency ?? M.unknownAgency, view.report.year, open));
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
    } else say(M.annotateNothing);
  }, [view, selection, activeCell, say]);

  const selectRelative = useCallback(
    (d: number) => {
      if (!items.length) return;
      const i = items.findIndex((x) => x.key === selected);
      const next = items[Math.min(items.length - 1, Math.max(0, (i < 0 ? -1 : i) + d))];
      if (next) setSelected(next.key);
    },
    [items, selected],
  );

  // Another report: its finding list from the top, on the first undecided finding (the most severe come first).
  const opened = useRef<string | null>(null);
  useEffect(() => {
    if (!view || opened.current === view.key) return;
    opened.current = view.key;
    if (findingsPane.current) findingsPane.current.scrollTop = 0;
    // Current (C/X/D act on it), without moving the original or the tables: they open at the top too.
    const i = view.findings.findIndex((f) => !f.decision);
    if (i >= 0) (setActive(i), setFresh(true));
  }, [view]);

  useKeyboard({ view, active, activate, decide, openDraft, selectRelative, draft, say, tab, finishNext, searchRef, fresh });

  // Files and folders come as grants (chooser/); errors are said, never swallowed.
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

  const show = (start: number, end: number) => setFocus({ start, end, nonce: ++nonce.current });
  const cellLabel = (ref: string) => (view ? cellName(view.tables, view.report.format, ref) : '');
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
      <Toolbar
        ws={ws}
        showOverview={showOverview}
        exporting={exporting}
        say={say}
        onOpen={openWith}
        onToggleOverview={() => {
          // The overview replaces the report: a score edit that cannot be saved is asked about first.
          if (!showOverview && !mayLeave()) return;
          if (!showOverview) unsavedScore.current = null;
          setShowOverview(!showOverview);
        }}
        onLetters={() => setShowLetters(true)}
        onImportReview={() =>
          run(
            pick('openReview').then(async ([g]) => {
              const r = g && (await api.importReview({ grant: g.id }));
              if (!r) return;
              say(M.merged(r.taken, r.conflicts.length));
              if (r.conflicts.length) setConflicts(r.conflicts);
            }),
          )
        }
        onExportReview={() => run(pick('saveReview').then(async ([g]) => g && saved(await api.exportReview({ grant: g.id }))))}
        onExport={() => void exportBook()}
      />
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
          team={!!team?.round}
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
              <DocHead view={view} selection={!!selection} onAnnotate={openDraft} onFinishNext={() => void finishNext()} onChanged={() => void loadView(view.key, true)} onError={(m) => say(m, 'error')} />
              <PointSection reportKey={view.key} selection={selection} onDone={() => (say(M.corr.pointed), void loadView(view.key, true))} onError={(m) => say(m, 'error')} />
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
              <Outline view={view} onShow={show} onStatus={(status) => void api.setStatus({ key: view.key, status: status as 'done' }).then(() => loadView(view.key, true))} />
              <div className="side-split" ref={split.ref} style={{ gridTemplateRows: `minmax(60px, ${split.frac}fr) 7px minmax(90px, ${1 - split.frac}fr)` }}>
              <div className="side-tables" ref={tablesPane} data-testid="tables-pane">
                <Boundary name={M.paneTables} resetKey={view.key}>
                  <CorrectableTables view={view} activeRef={activeCell} evidence={evidenceCells} located={locatedCells} noted={notedCells} onLocate={locateCell} onChanged={() => void loadView(view.key, true)} onError={(m) => say(m, 'error')} />
                </Boundary>
              </div>
              <div className="split-handle" role="separator" aria-orientation="horizontal" aria-label={M.splitHandle} title={M.splitHandle} tabIndex={0} onPointerDown={split.onPointerDown} onKeyDown={split.onKeyDown} />
              <div className="side-scroll" data-testid="findings-pane" ref={findingsPane}>
                <SideTabs
                  tab={tab}
                  tabs={[
                    ['findings', `${M.findings}（${view.findings.length}）`],
                    ['score', M.score],
                    ['notes', `${M.annotations}（${view.annotations.length}）`],
                    ['history', M.history],
                  ]}
                  onSelect={(k) => {
                    if (!mayLeave()) return false;
                    unsavedScore.current = null;
                    setTab(k);
                    return true;
                  }}
                />
                {/* Every tab stays mounted (hidden when not shown): what the auditor typed in one survives the others. */}
                <div role="tabpanel" id="panel-findings" aria-labelledby="tab-findings" hidden={tab !== 'findings'}>
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
                <div role="tabpanel" id="panel-score" aria-labelledby="tab-score" hidden={tab !== 'score'}>
                  <Boundary name={M.paneScore} resetKey={view.key}>
                    <ScorePanel view={view} onSaved={() => void loadView(view.key, true)} onError={(m) => say(m, 'error')} onUnsaved={(why) => (unsavedScore.current = why)} />
                  </Boundary>
                </div>
                <div role="tabpanel" id="panel-notes" aria-labelledby="tab-notes" hidden={tab !== 'notes'}>
                  <Boundary name={M.paneNotes} resetKey={view.key}>
                  <Notes view={view} cellLabel={cellLabel} onShow={show} onEdit={setDraft} onDeleted={() => void loadView(view.key, true)} />
                  </Boundary>
                </div>
                <div role="tabpanel" id="panel-history" aria-labelledby="tab-history" hidden={tab !== 'history'}>
                  <Boundary name={M.paneHistory} resetKey={view.key}>
                    <History reportKey={view.key} version={version} />
                  </Boundary>
                </div>
                {view.siblings.length > 1 && <Siblings view={view} onSelect={setSelected} />}
              </div>
              </div>
            </>
          )}
        </section>
        </>
        )}
      </main>
      <StatusBar
        ws={ws}
        round={round}
        shown={items.length}
        importStatus={<ImportStatus ws={ws} progress={progress} summary={summary} onSummary={() => setShowSummary(true)} onErrors={() => setShowErrors(!showErrors)} />}
        team={<TeamChip team={team} onClick={() => setShowTeam(true)} />}
        onSettings={() => setShowSettings(true)}
      />
      {showTeam && team && <TeamPanel team={team} conflicts={teamConflicts} onChanged={() => void reloadTeam()} onClose={() => setShowTeam(false)} onOpenReport={(k) => (setSelected(k), setShowTeam(false))} say={say} />}
      {ws && !ws.auditor && <NamePrompt onDone={() => void refresh()} />}
      {showErrors && ws && <ImportErrors errors={ws.errors} onClose={() => setShowErrors(false)} />}
      {showSettings && ws && (
        <Settings
          ws={ws}
          auditorName={auditorName}
          setAuditorName={setAuditorName}
          onMoveStore={() => run(pick('moveStore').then(async ([g]) => { const r = g && (await api.relocateStore({ grant: g.id })); if (r && r.path) say(M.storeMoved(r.path)); }))}
          onClose={() => setShowSettings(false)}
          say={say}
        />
      )}
      {conflicts && <Conflicts conflicts={conflicts} onClose={() => setConflicts(null)} />}
      {draft && (
        <NoteDialog
          draft={draft}
          setDraft={setDraft}
          reportKey={view?.key ?? null}
          cellLabel={draft.cellRef && view ? cellName(view.tables, view.report.format, draft.cellRef) : null}
          onClose={() => setDraft(null)}
          onSaved={async () => {
            setDraft(null);
            window.getSelection()?.removeAllRanges();
            setSelection(null);
            if (view) await loadView(view.key, true);
            say(M.storeSaved);
          }}
        />
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
