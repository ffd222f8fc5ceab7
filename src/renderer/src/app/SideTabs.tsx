// The side pane's tabs (问题 / 评分 / 批注 / 修改记录) as an ARIA tablist: one Tab stop (the selected
// tab), Left/Right/Home/End select and focus another; each tab controls its panel (panel-<key>).
import { useRef } from 'react';
import { M } from '../shared/messages';

export type SideTab = 'findings' | 'score' | 'notes' | 'history';

export function SideTabs({ tab, tabs, onSelect }: { tab: SideTab; tabs: readonly (readonly [SideTab, string])[]; onSelect: (k: SideTab) => boolean }) {
  const list = useRef<HTMLDivElement>(null);
  const go = (k: SideTab) => {
    // The score pane may ask first (an unsaved score): the focus moves only when the tab did.
    if (k === tab || onSelect(k)) list.current?.querySelector<HTMLElement>(`#tab-${k}`)?.focus();
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    const i = tabs.findIndex(([k]) => k === tab);
    const n = tabs.length;
    const to = { ArrowRight: (i + 1) % n, ArrowLeft: (i - 1 + n) % n, Home: 0, End: n - 1 }[e.key];
    if (to === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    go(tabs[to]![0]);
  };
  return (
    <div className="tabs" role="tablist" aria-label={M.sideTabs} ref={list} onKeyDown={onKeyDown}>
      {tabs.map(([k, label]) => (
        <button
          key={k}
          id={`tab-${k}`}
          role="tab"
          aria-selected={tab === k}
          aria-controls={`panel-${k}`}
          tabIndex={tab === k ? 0 : -1}
          className={tab === k ? 'tab on' : 'tab'}
          onClick={() => k !== tab && onSelect(k)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
