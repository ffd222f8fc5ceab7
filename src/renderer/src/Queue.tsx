// The report queue: search, filter, sort, keyboard navigation; virtualised for thousands of reports.
import { useMemo, useRef, useEffect } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { QueueItem } from '../../ipc/contract';
import { M } from './messages';

export type QueueFilter = 'all' | 'errors' | 'todo' | 'in_progress' | 'done';
export type QueueSort = 'agency' | 'errors' | 'score';

export function filterQueue(items: QueueItem[], query: string, filter: QueueFilter, sort: QueueSort): QueueItem[] {
  const q = query.trim().toLowerCase();
  let out = items.filter((i) => {
    if (filter === 'errors' && i.errors === 0) return false;
    if ((filter === 'todo' || filter === 'in_progress' || filter === 'done') && i.status !== filter) return false;
    if (!q) return true;
    return `${i.agency} ${i.year ?? ''} ${i.fileName}`.toLowerCase().includes(q);
  });
  if (sort === 'errors') out = [...out].sort((a, b) => b.errors - a.errors || b.warnings - a.warnings);
  if (sort === 'score') out = [...out].sort((a, b) => (a.score ?? 999) - (b.score ?? 999));
  return out;
}

export function Queue(props: {
  items: QueueItem[];
  selected: string | null;
  onSelect: (key: string) => void;
  query: string;
  setQuery: (q: string) => void;
  filter: QueueFilter;
  setFilter: (f: QueueFilter) => void;
  sort: QueueSort;
  setSort: (s: QueueSort) => void;
  searchRef: React.RefObject<HTMLInputElement | null>;
}) {
  const list = props.items;
  const parentRef = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: list.length, getScrollElement: () => parentRef.current, estimateSize: () => 46, overscan: 12 });
  const index = useMemo(() => list.findIndex((i) => i.key === props.selected), [list, props.selected]);
  useEffect(() => {
    if (index >= 0) v.scrollToIndex(index, { align: 'auto' });
  }, [index, v]);
  const filters: [QueueFilter, string][] = [
    ['all', M.filterAll],
    ['errors', M.filterErrors],
    ['todo', M.filterTodo],
    ['in_progress', M.filterInProgress],
    ['done', M.filterDone],
  ];
  return (
    <section className="queue" aria-label="年报列表">
      <div className="queue-tools">
        <input
          ref={props.searchRef}
          className="search"
          placeholder={M.search}
          value={props.query}
          onChange={(e) => props.setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') (e.target as HTMLInputElement).blur();
          }}
        />
        <div className="chips" role="group" aria-label="筛选">
          {filters.map(([f, label]) => (
            <button key={f} className={props.filter === f ? 'chip on' : 'chip'} onClick={() => props.setFilter(f)}>
              {label}
            </button>
          ))}
          <select className="sort" value={props.sort} onChange={(e) => props.setSort(e.target.value as QueueSort)} aria-label="排序">
            <option value="agency">{M.sortAgency}</option>
            <option value="errors">{M.sortErrors}</option>
            <option value="score">{M.sortScore}</option>
          </select>
        </div>
      </div>
      <div className="queue-head">
        <span>{M.colAgency}</span>
        <span>{M.colYear}</span>
        <span title="错误">{M.colErrors}</span>
        <span title="警告">{M.colWarnings}</span>
        <span>{M.colScore}</span>
        <span>{M.colStatus}</span>
      </div>
      <div ref={parentRef} className="queue-list" data-testid="queue" tabIndex={-1}>
        {list.length === 0 && <div className="empty">{M.emptyQueue}</div>}
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((vi) => {
            const it = list[vi.index]!;
            return (
              <div
                key={it.key}
                data-report={it.key}
                className={`queue-row${it.key === props.selected ? ' selected' : ''}`}
                style={{ transform: `translateY(${vi.start}px)`, height: vi.size }}
                onClick={() => props.onSelect(it.key)}
                title={it.file}
              >
                <span className="agency">
                  {it.agency}
                  <small>
                    {it.format === 'unknown' ? '—' : it.format}版 · {it.fileName}
                  </small>
                </span>
                <span className="num">{it.year ?? '—'}</span>
                <span className={`num ${it.errors ? 'err' : 'muted'}`}>{it.errors}</span>
                <span className={`num ${it.warnings ? 'warn' : 'muted'}`}>{it.warnings}</span>
                <span className="num">{it.score ?? '–'}</span>
                <span className={`status s-${it.status}`}>{M.status[it.status]}</span>
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
