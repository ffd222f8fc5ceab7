// The report queue: search, triage filters, sort, multi-select with bulk decisions; virtualised for
// thousands of reports. Filtering itself is pure (src/core/queue.ts).
import './queue.css';
import { useMemo, useRef, useEffect, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { QueueItem } from '../../../ipc/contract';
import { activeFilters, facets, NO_FILTERS, repeatedNames, type QueueFilters, type QueueSort } from '../../../core/queue';
import type { Verdict } from '../../../core/review';
import { M } from '../shared/messages';

export type { QueueFilters, QueueSort };

/** The last folder names of a path (enough to tell two same-named files apart). */
export function folderTail(folder: string, parts = 2): string {
  const p = folder.split(/[\\/]/).filter(Boolean);
  return (p.length > parts ? '…/' : '') + p.slice(-parts).join('/');
}

export function Queue(props: {
  all: QueueItem[];
  items: QueueItem[];
  selected: string | null;
  onSelect: (key: string) => void;
  filters: QueueFilters;
  setFilters: (f: QueueFilters) => void;
  sort: QueueSort;
  setSort: (s: QueueSort) => void;
  checked: Set<string>;
  setChecked: (s: Set<string>) => void;
  onBulk: (keys: string[], rule: string, verdict: Verdict) => void;
  ruleTitles: Record<string, string>;
  searchRef: React.RefObject<HTMLInputElement | null>;
  /** In a team round: offer 分给我的. */
  team: boolean;
}) {
  const { filters: f, setFilters } = props;
  const list = props.items;
  const parentRef = useRef<HTMLDivElement>(null);
  const [showFolder, setShowFolder] = useState(false);
  const v = useVirtualizer({ count: list.length, getScrollElement: () => parentRef.current, estimateSize: () => (showFolder ? 58 : 46), overscan: 12 });
  useEffect(() => v.measure(), [showFolder, v]);
  const index = useMemo(() => list.findIndex((i) => i.key === props.selected), [list, props.selected]);
  useEffect(() => {
    if (index >= 0) v.scrollToIndex(index, { align: 'auto' });
  }, [index, v]);
  const fc = useMemo(() => facets(props.all), [props.all]);
  const repeated = useMemo(() => repeatedNames(props.all), [props.all]);
  const set = (patch: Partial<QueueFilters>) => setFilters({ ...f, ...patch });
  const toggles: ['mine' | 'errors' | 'warnings' | 'undecided', string][] = [
    ...(props.team ? [['mine', M.team.mineFilter] as ['mine', string]] : []),
    ['errors', M.filterErrors],
    ['warnings', M.filterWarnings],
    ['undecided', M.filterUndecided],
  ];
  const checkedItems = props.all.filter((i) => props.checked.has(i.key));
  // The rules of the selected reports, the most widespread first.
  const bulkRules = useMemo(() => [...facets(checkedItems).rules].sort((a, b) => b[1] - a[1]), [checkedItems]); // eslint-disable-line react-hooks/exhaustive-deps
  const [bulkRule, setBulkRule] = useState('');
  const rule = bulkRules.some(([r]) => r === bulkRule) ? bulkRule : (bulkRules[0]?.[0] ?? '');
  // Shift+click on a checkbox sets the whole range from the last one clicked.
  const lastChecked = useRef<string | null>(null);
  const toggle = (key: string, on: boolean, range = false) => {
    const next = new Set(props.checked);
    const from = range && lastChecked.current ? list.findIndex((i) => i.key === lastChecked.current) : -1;
    const to = list.findIndex((i) => i.key === key);
    const keys = from >= 0 && to >= 0 ? list.slice(Math.min(from, to), Math.max(from, to) + 1).map((i) => i.key) : [key];
    for (const k of keys) {
      if (on) next.add(k);
      else next.delete(k);
    }
    lastChecked.current = key;
    props.setChecked(next);
  };
  const active = activeFilters(props.team ? f : { ...f, mine: false });
  return (
    <section className="queue" aria-label="年报列表">
      <div className="queue-tools">
        <input
          ref={props.searchRef}
          className="search"
          placeholder={M.search}
          value={f.query}
          onChange={(e) => set({ query: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Escape') (e.target as HTMLInputElement).blur();
          }}
        />
        <div className="chips" role="group" aria-label="筛选">
          {toggles.map(([k, label]) => (
            <button key={k} className={f[k] ? 'chip on' : 'chip'} aria-pressed={f[k]} onClick={() => set({ [k]: !f[k] })}>
              {label}
            </button>
          ))}
          <select className="sort" value={props.sort} onChange={(e) => props.setSort(e.target.value as QueueSort)} aria-label={M.sortLabel}>
            <option value="agency">{M.sortAgency}</option>
            <option value="year">{M.sortYear}</option>
            <option value="errors">{M.sortErrors}</option>
            <option value="undecided">{M.sortUndecided}</option>
            <option value="score">{M.sortScore}</option>
          </select>
        </div>
        <div className="chips filters" role="group" aria-label={M.filterMore}>
          <select value={f.status} onChange={(e) => set({ status: e.target.value as QueueFilters['status'] })} aria-label={M.filterStatus} className={f.status ? 'on' : ''}>
            <option value="">{M.filterStatus}：{M.any}</option>
            {(['todo', 'in_progress', 'done'] as const).map((s) => (
              <option key={s} value={s}>
                {M.status[s]}
              </option>
            ))}
          </select>
          <select value={f.rule} onChange={(e) => set({ rule: e.target.value })} aria-label={M.filterRule} className={f.rule ? 'rule on' : 'rule'} title={f.rule ? `${f.rule} ${props.ruleTitles[f.rule] ?? ''}` : undefined}>
            <option value="">{M.filterRule}：{M.any}</option>
            {fc.rules.map(([r, n]) => (
              <option key={r} value={r}>
                {r} {props.ruleTitles[r] ?? ''}（{n}）
              </option>
            ))}
          </select>
          <select value={f.format} onChange={(e) => set({ format: e.target.value })} aria-label={M.filterFormat} className={f.format ? 'on' : ''}>
            <option value="">{M.filterFormat}：{M.any}</option>
            {fc.formats.map(([x, n]) => (
              <option key={x} value={x}>
                {M.formatLabel(x)}（{n}）
              </option>
            ))}
          </select>
          <select value={f.year} onChange={(e) => set({ year: e.target.value })} aria-label={M.filterYear} className={f.year ? 'on' : ''}>
            <option value="">{M.filterYear}：{M.any}</option>
            {fc.years.map(([y, n]) => (
              <option key={y} value={y}>
                {y === 'none' ? M.yearUnknown : `${y} 年度`}（{n}）
              </option>
            ))}
          </select>
          <label className="small muted folder-toggle">
            <input type="checkbox" checked={showFolder} onChange={(e) => setShowFolder(e.target.checked)} /> {M.showFolder}
          </label>
        </div>
      </div>
      {props.checked.size > 0 && (
        <div className="bulk-bar" role="group" aria-label={M.bulkTitle}>
          <span>{M.bulkChecked(props.checked.size)}</span>
          <select value={rule} onChange={(e) => setBulkRule(e.target.value)} aria-label={M.bulkRule}>
            {bulkRules.map(([r, n]) => (
              <option key={r} value={r}>
                {r} {props.ruleTitles[r] ?? ''}（{n} 份）
              </option>
            ))}
          </select>
          {(['confirmed', 'dismissed', 'pending'] as Verdict[]).map((vd) => (
            <button key={vd} className={`verdict ${vd}`} disabled={!rule} onClick={() => props.onBulk([...props.checked], rule, vd)}>
              {M.bulkAll}
              {M.verdict[vd]}
            </button>
          ))}
          <button className="link" onClick={() => props.setChecked(new Set())}>
            {M.bulkClear}
          </button>
        </div>
      )}
      <div className={`queue-head${showFolder ? ' with-folder' : ''}`}>
        <input
          type="checkbox"
          aria-label={M.checkAllShown}
          checked={list.length > 0 && list.every((i) => props.checked.has(i.key))}
          onChange={(e) => props.setChecked(e.target.checked ? new Set([...props.checked, ...list.map((i) => i.key)]) : new Set([...props.checked].filter((k) => !list.some((i) => i.key === k))))}
        />
        <span>{M.colAgency}</span>
        <span>{M.colYear}</span>
        <span title={M.colDecidedTitle}>{M.colDecided}</span>
        <span title="错误">{M.colErrors}</span>
        <span title="警告">{M.colWarnings}</span>
        <span>{M.colScore}</span>
        <span>{M.colStatus}</span>
      </div>
      <div ref={parentRef} className="queue-list" data-testid="queue" tabIndex={-1}>
        {list.length === 0 && (
          <div className="empty" data-testid="queue-empty">
            {props.all.length === 0 ? (
              M.emptyQueue
            ) : (
              <>
                {M.emptyFiltered(active.map((k) => M.filterWords(k, f)).join('、'))}
                <button className="link" onClick={() => setFilters(NO_FILTERS)}>
                  {M.clearFilters}
                </button>
              </>
            )}
          </div>
        )}
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((vi) => {
            const it = list[vi.index]!;
            const undecided = it.findings - it.decided;
            const tip = [it.file, ...(it.sameContent.length ? [M.sameContent(it.sameContent)] : [])].join('\n');
            return (
              <div
                key={it.key}
                data-report={it.key}
                className={`queue-row${it.key === props.selected ? ' selected' : ''}${props.checked.has(it.key) ? ' checked' : ''}${showFolder ? ' with-folder' : ''}`}
                style={{ transform: `translateY(${vi.start}px)`, height: vi.size }}
                onClick={(e) => {
                  if (e.ctrlKey || e.metaKey) toggle(it.key, !props.checked.has(it.key));
                  else props.onSelect(it.key);
                }}
                title={tip}
              >
                <input type="checkbox" aria-label={`${M.check} ${it.agency} ${it.year ?? ''}`} checked={props.checked.has(it.key)} onClick={(e) => {
                    e.stopPropagation();
                    toggle(it.key, (e.target as HTMLInputElement).checked, e.shiftKey);
                  }}
                  onChange={() => undefined}
                />
                <span className="agency">
                  {it.agency}
                  <small>
                    {it.ocr && (
                      <span className={`tag ocr-first${it.ocr.lowConfidence ? ' tag-ocr-low' : ''}`} data-ocr-low={it.ocr.lowConfidence} title={M.ocrTagTitle}>
                        {M.ocrQueue(it.ocr.lowConfidence)}
                      </span>
                    )}
                    {it.format === 'unknown' ? '—' : it.format}版 ·{' '}
                    {repeated.has(it.fileName) && !showFolder ? <span className="folder-hint">{folderTail(it.folder, 1)}/</span> : null}
                    {it.fileName}
                    {it.sameContent.length > 0 && <span className="tag">{M.sameContentTag(it.sameContent.length)}</span>}
                  </small>
                  {showFolder && (
                    <small className="folder" data-testid="folder">
                      {folderTail(it.folder, 3)}
                    </small>
                  )}
                </span>
                <span className="num">{it.year ?? '—'}</span>
                <span className={`num decided ${undecided > 0 ? 'open' : 'muted'}`} title={M.decidedTitle(it.decided, it.findings)} data-testid="decided">
                  {it.decided}/{it.findings}
                </span>
                <span className={`num ${it.errors ? 'err' : 'muted'}`}>{it.errors}</span>
                <span className={`num ${it.warnings ? 'warn' : 'muted'}`}>{it.warnings}</span>
                <span className={`num${it.scoreProblem ? ' score-bad' : ''}`} title={it.scoreProblem ?? ''} data-testid="queue-score">
                  {it.scoreProblem ? '⚠' : (it.score ?? '–')}
                </span>
                <span className={`status s-${it.status}`}>{M.status[it.status]}</span>
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
