// 总览: the round at a glance. Figures come from the app (core/stats), charts from core/charts drawn
// with Apache ECharts (only the parts used). Clicking a bar or a slice filters the queue to those reports.
import './overview.css';
import { useEffect, useMemo, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { RoundStats } from '../../../core/stats';
import { roundCharts, type ChartItem, type ChartSpec } from '../../../core/charts';
import { M } from '../shared/messages';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

export interface KeyFilter {
  label: string;
  keys: string[];
}

function Chart({ spec, onPick }: { spec: ChartSpec; onPick: (f: KeyFilter) => void }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, null, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => {
      const d = p.data as ChartItem | null;
      if (d && Array.isArray(d.keys) && d.keys.length) pick.current({ label: d.label, keys: d.keys });
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    delete el.current?.dataset.drawn;
    // 'finished' fires once the chart is painted: the overview benchmark and tests wait for it.
    c.off('finished');
    c.on('finished', () => {
      if (el.current) el.current.dataset.drawn = '1';
      performance.mark(`nianbao-chart-drawn-${spec.id}`);
    });
    c.setOption(spec.option, { notMerge: true });
  }, [spec]);
  return <div className="chart" ref={el} data-chart={spec.id} role="img" aria-label={spec.title} />;
}

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);
const n = (x: number | null) => (x === null ? '—' : String(x));

export function Overview({ stats, onFilter, onClose }: { stats: RoundStats | null; onFilter: (f: KeyFilter) => void; onClose: () => void }) {
  const charts = useMemo(() => (stats ? roundCharts(stats) : []), [stats]);
  useEffect(() => {
    if (stats) performance.mark('nianbao-overview-drawn');
  }, [stats]);
  if (!stats) return <div className="placeholder">{M.loading}</div>;
  const p = stats.progress;
  const byId = Object.fromEntries(charts.map((c) => [c.id, c]));
  const pick = (f: KeyFilter) => onFilter(f);
  return (
    <section className="overview" aria-label={M.overview.title} data-testid="overview">
      <div className="overview-head">
        <h3>{M.overview.title}</h3>
        <div className="kpis">
          <button className="kpi" onClick={() => pick({ label: M.overview.allReports, keys: [...p.todo.keys, ...p.in_progress.keys, ...p.done.keys] })}>
            <b>{stats.reports}</b>
            {M.overview.reports}
          </button>
          <button className="kpi" data-kpi="done" onClick={() => pick({ label: `${M.overview.statusFilter}${M.status.done}`, keys: p.done.keys })}>
            <b>{p.done.count}</b>
            {M.status.done}
          </button>
          <button className="kpi" onClick={() => pick({ label: `${M.overview.statusFilter}${M.status.in_progress}`, keys: p.in_progress.keys })}>
            <b>{p.in_progress.count}</b>
            {M.status.in_progress}
          </button>
          <button className="kpi" onClick={() => pick({ label: `${M.overview.statusFilter}${M.status.todo}`, keys: p.todo.keys })}>
            <b>{p.todo.count}</b>
            {M.status.todo}
          </button>
          <button className="kpi warn" data-kpi="undecided" onClick={() => pick({ label: M.overview.undecidedFilter, keys: p.undecidedKeys })}>
            <b>{p.undecided}</b>
            {M.overview.undecided(p.findings)}
          </button>
          <span className="kpi plain">
            <b>{stats.scores.mean ?? '—'}</b>
            {M.overview.mean(stats.scores.total, stats.scores.median)}
          </span>
        </div>
        <span className="grow" />
        <span className="muted small">{M.overview.hint}</span>
        <button onClick={onClose}>{M.overview.back}</button>
      </div>
      {stats.auditors && (
        <div className="overview-auditors">
          <h4>{M.overview.auditors}</h4>
          <p className="muted small">{M.overview.auditorsHint}</p>
          <table className="yoy-table" data-testid="auditor-progress">
            <thead>
              <tr>
                <th>{M.overview.auditor}</th>
                <th className="num">{M.overview.assigned}</th>
                <th className="num">{M.status.done}</th>
                <th className="num">{M.status.in_progress}</th>
                <th className="num">{M.status.todo}</th>
                <th className="num">{M.overview.decisions}</th>
              </tr>
            </thead>
            <tbody>
              {stats.auditors.map((a) => (
                <tr key={a.role} data-role={a.role} onClick={() => pick({ label: M.overview.assignedTo(a.name), keys: a.assigned.keys })}>
                  <td>{a.name}</td>
                  <td className="num">{a.assigned.count}</td>
                  <td className="num">{a.done.count}</td>
                  <td className="num">{a.in_progress.count}</td>
                  <td className="num">{a.todo.count}</td>
                  <td className="num">{a.decisions}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="overview-grid">
        {(['progress', 'scores', 'rules', 'lateness'] as const).map((id) => byId[id] && <Chart key={id} spec={byId[id]} onPick={pick} />)}
      </div>
      <div className="overview-yoy">
        <h4>{M.overview.yoy}</h4>
        {stats.yoy.length === 0 ? (
          <p className="muted">{M.overview.noYoy}</p>
        ) : (
          <>
            {byId['yoy'] && <Chart spec={byId['yoy']} onPick={pick} />}
            <div className="yoy-scroll">
              <table className="yoy-table">
                <thead>
                  <tr>
                    <th>{M.overview.agency}</th>
                    <th>{M.overview.year}</th>
                    <th>{M.overview.received}</th>
                    <th>{M.overview.granted}</th>
                    <th>{M.overview.reviews}</th>
                    <th>{M.overview.lawsuits}</th>
                  </tr>
                </thead>
                <tbody>
                  {stats.yoy.flatMap((a) =>
                    a.years.map((y, i) => (
                      <tr key={y.key} onClick={() => pick({ label: a.agency, keys: a.years.map((x) => x.key) })}>
                        {i === 0 && <td rowSpan={a.years.length}>{a.agency}</td>}
                        <td>{y.year}</td>
                        <td className="num">{n(y.received)}</td>
                        <td className="num">{pct(y.grantedShare)}</td>
                        <td className="num">{n(y.reviews)}</td>
                        <td className="num">{n(y.lawsuits)}</td>
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
            </div>
          </>
        )}
      </div>
    </section>
  );
}
