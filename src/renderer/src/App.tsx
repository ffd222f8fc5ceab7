// The review desk: queue | original | tables & findings, with a toolbar and a status bar.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CellView, FindingView, ImportProgress, ReportView, WorkspaceView } from '../../ipc/contract';
import type { Verdict } from '../../core/review';
import { api } from './api';
import { M } from './messages';
import { Original, type Focus, type Highlight } from './Original';
import { filterQueue, Queue, type QueueFilter, type QueueSort } from './Queue';
import { Tables } from './Tables';
import { Findings, History, ScorePanel } from './Review';

interface Draft {
  start: number;
  end: number;
  quote: string;
  cellRef?: string;
  id?: string;
  category?: string;
  severity?: string;
  note?: string;
}

export function App() {
  const [ws, setWs] = useState<WorkspaceView | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [view, setView] = useState<ReportView | null>(null);
  const [active, setActive] = useState<number | null>(null);
  const [focus, setFocus] = useState<Focus | null>(null);
  const [activeCell, setActiveCell] = useState<string | null>(null);
  const [cellHl, setCellHl] = useState<Highlight[]>([]);
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<QueueFilter>('all');
  const [sort, setSort] = useState<QueueSort>('agency');
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
  const searchRef = useRef<HTMLInputElement>(null);
  const nonce = useRef(0);

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
    const offs = [
      api.on('importProgress', (p) => {
        setProgress(p);
        if (!p.running) void refresh();
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

  const items = useMemo(() => (ws ? filterQueue(ws.items, query, filter, sort) : []), [ws, query, filter, sort]);

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

  const decide = useCallback(
    async (f: FindingView, verdict: Verdict, comment?: string) => {
      if (!view) return;
      await api.setDecision({ key: view.key, fingerprint: f.fingerprint, rule: f.rule, verdict, comment });
      // One reload: the decision, the suggested score and the status come back together.
      await loadView(view.key, true);
      say(`${M.verdict[verdict]} · ${M.storeSaved}`);
    },
    [view, say, loadView],
  );

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

  // Keyboard: j/k findings, n/p reports, c/x decide, a annotate, / search, ctrl+z undo.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (t.closest('input, textarea, select, [contenteditable]') || draft) return;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        void (e.shiftKey ? api.redo({}) : api.undo({})).then((r) => r.label && say(`${e.shiftKey ? M.redo : M.undo}：${r.label}`));
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const n = view?.findings.length ?? 0;
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
          if (view && active !== null) void decide(view.findings[active]!, 'confirmed');
          break;
        case 'x':
          if (view && active !== null) void decide(view.findings[active]!, 'dismissed');
          break;
        case 'a':
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
  }, [view, active, activate, decide, openDraft, selectRelative, draft, say]);

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

  const onDrop = (e: React.DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const files = [...e.dataTransfer.files];
    const paths = api.pathsForFiles?.(files) ?? [];
    if (paths.length) void api.importPaths({ paths });
  };

  const exportBook = async () => {
    setExporting(true);
    try {
      const r = await api.exportWorkbook({});
      if (r.exists && r.path && window.confirm(M.exists(r.path))) {
        const again = await api.exportWorkbook({ path: r.path, overwrite: true });
        if (again.path) say(M.exported(again.path));
      } else if (r.path && !r.exists) say(M.exported(r.path));
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
        <button onClick={() => void api.pickAndImport({ folder: false })}>{M.openFiles}</button>
        <button onClick={() => void api.pickAndImport({ folder: true })}>{M.openFolder}</button>
        <span className="sep" />
        <button onClick={() => void api.undo({}).then((r) => r.label && say(`${M.undo}：${r.label}`))} disabled={!ws?.undo} title={ws?.undo ?? ''}>
          {M.undo}
        </button>
        <button onClick={() => void api.redo({}).then((r) => r.label && say(`${M.redo}：${r.label}`))} disabled={!ws?.redo} title={ws?.redo ?? ''}>
          {M.redo}
        </button>
        <span className="grow" />
        <button
          onClick={() =>
            void api
              .importReview({})
              .then((r) => {
                if (!r) return;
                say(M.merged(r.taken, r.conflicts.length));
                if (r.conflicts.length) setConflicts(r.conflicts);
              })
              .catch((e) => say((e as Error).message, 'error'))
          }
        >
          {M.importReview}
        </button>
        <button onClick={() => void api.exportReview({}).then((r) => r.path && say(M.exported(r.path)))}>{M.exportReview}</button>
        <button className="primary" onClick={() => void exportBook()} disabled={exporting}>
          {exporting ? M.exporting : M.export}
        </button>
      </header>
      {ws?.sample && <div className="banner">{M.sampleBanner}</div>}
      <main className="panes">
        <Queue
          items={items}
          selected={selected}
          onSelect={setSelected}
          query={query}
          setQuery={setQuery}
          filter={filter}
          setFilter={setFilter}
          sort={sort}
          setSort={setSort}
          searchRef={searchRef}
        />
        <section className="original" aria-label={M.original}>
          {view ? (
            <>
              <div className="doc-head">
                <div className="doc-title">
                  <b>{view.report.agency ?? '（单位不详）'}</b> {view.report.year ?? '？'} 年度 · {M.formatLabel(view.report.format)} · {M.published} {view.report.publishedOn ?? M.noDate}
                </div>
                <div className="doc-file" title={view.file}>
                  {view.file}
                </div>
                {selection && (
                  <button className="annotate-btn" onClick={openDraft}>
                    {M.annotate}
                  </button>
                )}
              </div>
              <Original
                reportKey={view.key}
                kind={view.kind}
                text={view.text}
                spans={view.spans}
                range={view.report.range}
                highlights={highlights}
                focus={focus}
                onSelectRange={setSelection}
              />
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
              <div className="side-scroll">
                <Tables tables={view.tables} format={view.report.format} activeRef={activeCell} onLocate={locateCell} />
                <div className="tabs" role="tablist">
                  {(
                    [
                      ['findings', `${M.findings}（${view.findings.length}）`],
                      ['score', M.score],
                      ['notes', `${M.annotations}（${view.annotations.length}）`],
                      ['history', M.history],
                    ] as const
                  ).map(([k, label]) => (
                    <button key={k} role="tab" aria-selected={tab === k} className={tab === k ? 'tab on' : 'tab'} onClick={() => setTab(k)}>
                      {label}
                    </button>
                  ))}
                </div>
                {tab === 'findings' && <Findings view={view} active={active} onActivate={activate} onDecide={(f, v, c) => void decide(f, v, c)} />}
                {tab === 'score' && <ScorePanel view={view} onSaved={() => void loadView(view.key, true).then(() => say(M.storeSaved))} />}
                {tab === 'notes' && (
                  <ul className="notes">
                    {view.annotations.length === 0 && <li className="muted">选中原文文字或点击表格单元格后按 A 添加批注。</li>}
                    {view.annotations.map((a) => (
                      <li key={a.id} className={`note sev-${a.severity}`} onClick={() => a.anchorState !== 'lost' && setFocus({ start: a.start, end: a.end, nonce: ++nonce.current })}>
                        <div>
                          <span className="tag">{M.annotationCategory[a.category]}</span> “{a.anchor.quote.slice(0, 40)}”
                          {M.anchorState[a.anchorState] && <span className="tag warn">{M.anchorState[a.anchorState]}</span>}
                        </div>
                        <div>{a.note}</div>
                        <div className="muted small">
                          {a.by} · {a.at.replace('T', ' ').slice(0, 16)}
                          <button className="link" onClick={(e) => (e.stopPropagation(), setDraft({ start: a.start, end: a.end, quote: a.anchor.quote, id: a.id, cellRef: a.cellRef, category: a.category, severity: a.severity, note: a.note }))}>
                            {M.edit}
                          </button>
                          <button className="link danger" onClick={(e) => (e.stopPropagation(), void api.deleteAnnotation({ id: a.id }).then(() => loadView(view.key, true)))}>
                            {M.delete}
                          </button>
                        </div>
                      </li>
                    ))}
                  </ul>
                )}
                {tab === 'history' && <History reportKey={view.key} version={version} />}
                {view.siblings.length > 1 && (
                  <div className="siblings">
                    {M.siblings}：
                    {view.siblings.map((s) => (
                      <button key={s.key} className={s.key === view.key ? 'chip on' : 'chip'} onClick={() => setSelected(s.key)}>
                        {s.year ?? '？'}
                      </button>
                    ))}
                  </div>
                )}
              </div>
            </>
          )}
        </section>
      </main>
      <footer className="statusbar">
        <span>{ws ? M.reports(ws.items.length) : ''}</span>
        {progress?.running ? (
          <span className="progress" data-testid="import-progress">
            <progress max={progress.total || 1} value={progress.done} /> {M.importing(progress.done, progress.total)} <span className="muted">{progress.current.split(/[\\/]/).pop()}</span>
            <button className="link" onClick={() => void api.cancelImport({})}>
              {M.importCancel}
            </button>
          </span>
        ) : null}
        {ws && ws.errors.length > 0 && (
          <button className="link danger" onClick={() => setShowErrors(!showErrors)}>
            {M.importErrors}（{ws.errors.length}）
          </button>
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
              <button onClick={() => void api.relocateStore({}).then((r) => r.path && say(M.storeMoved(r.path))).catch((e) => say((e as Error).message, 'error'))}>{M.moveStore}</button>
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
        <div className="modal-back" onClick={() => setDraft(null)}>
          <div className="modal" role="dialog" aria-label={M.annotations} onClick={(e) => e.stopPropagation()}>
            <h4>{M.annotations}</h4>
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
                if (e.key === 'Escape') setDraft(null);
              }}
            />
            <div className="row end">
              <button onClick={() => setDraft(null)}>{M.cancel}</button>
              <button className="primary" onClick={() => void saveDraft()}>
                {M.save}
              </button>
            </div>
          </div>
        </div>
      )}
      {dragging && <div className="dropzone">{M.dropHere}</div>}
      {toast && (
        <div className={`toast ${toast.level}`} role="status">
          {toast.text}
        </div>
      )}
    </div>
  );
}
