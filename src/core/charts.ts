// Chart definitions for the round overview, as plain Apache ECharts option objects (pure data).
// The overview screen draws them live (click → filter the queue: every data item carries the report
// keys behind it); the export renders the same options to images for the 统计 sheet.

import type { KeyedCount, RoundStats } from './stats.js';

export interface ChartSpec {
  id: 'progress' | 'scores' | 'rules' | 'lateness' | 'yoy';
  title: string;
  option: Record<string, unknown>;
}

export interface ChartItem {
  value: number;
  name?: string;
  keys: string[];
  /** What the queue filter is called when this item is clicked. */
  label: string;
  itemStyle?: { color: string };
}

const FONT = 'Microsoft YaHei, PingFang SC, Noto Sans CJK SC, Source Han Sans SC, sans-serif'; // unquoted: the SVG renderer puts it in a style attribute
const COLORS = { done: '#2e7d32', in_progress: '#1565c0', todo: '#9e9e9e', confirmed: '#c62828', undecided: '#f9a825', dismissed: '#90a4ae', late: '#c62828', onTime: '#2e7d32', noDate: '#8d6e63' };

const item = (k: KeyedCount, label: string, color?: string, name?: string): ChartItem => ({
  value: k.count,
  keys: k.keys,
  label,
  ...(name ? { name } : {}),
  ...(color ? { itemStyle: { color } } : {}),
});

const base = (title: string) => ({
  animation: false,
  textStyle: { fontFamily: FONT },
  title: { text: title, left: 'center', top: 6, textStyle: { fontSize: 14, fontFamily: FONT } },
  // Tooltips render into the canvas (no HTML, so the strict CSP holds).
  tooltip: { renderMode: 'richText' },
});

export function roundCharts(s: RoundStats, opts: { maxRules?: number; maxAgencies?: number } = {}): ChartSpec[] {
  const p = s.progress;
  const progress: ChartSpec = {
    id: 'progress',
    title: '审核进度',
    option: {
      ...base(`审核进度（共 ${s.reports} 份）`),
      tooltip: { trigger: 'item', renderMode: 'richText', formatter: '{b}：{c} 份（{d}%）' },
      legend: { bottom: 4, textStyle: { fontFamily: FONT } },
      series: [
        {
          type: 'pie',
          radius: ['38%', '66%'],
          center: ['50%', '52%'],
          // Labels of every sector, even small ones (minShowLabelAngle 0).
          minShowLabelAngle: 0,
          label: { formatter: '{b}\n{c} 份', fontFamily: FONT },
          data: [
            item(p.done, '审核状态：已完成', COLORS.done, '已完成'),
            item(p.in_progress, '审核状态：审核中', COLORS.in_progress, '审核中'),
            item(p.todo, '审核状态：未审', COLORS.todo, '未审'),
          ],
        },
      ],
    },
  };

  const buckets = [...s.scores.buckets].reverse();
  const scores: ChartSpec = {
    id: 'scores',
    title: '得分分布',
    option: {
      ...base(`得分分布（满分 ${s.scores.total}；平均 ${s.scores.mean ?? '—'}，未评分 ${s.scores.unscored.count} 份）`),
      tooltip: { trigger: 'item', renderMode: 'richText', formatter: '{b}：{c} 份' },
      grid: { left: 48, right: 24, top: 48, bottom: 36 },
      // Every bucket labelled (interval 0: ECharts would otherwise drop labels it thinks crowded).
      xAxis: { type: 'category', data: buckets.map((b) => b.label), axisLabel: { fontFamily: FONT, interval: 0, hideOverlap: false } },
      yAxis: { type: 'value', minInterval: 1, name: '份数' },
      series: [{ type: 'bar', barMaxWidth: 56, label: { show: true, position: 'top' }, data: buckets.map((b) => item(b, `得分 ${b.label}`, '#1565c0')) }],
    },
  };

  const top = s.rules.slice(0, opts.maxRules ?? 10).reverse();
  const ruleSeries = (field: 'confirmed' | 'undecided' | 'dismissed', name: string) => ({
    type: 'bar',
    name,
    stack: 'n',
    itemStyle: { color: COLORS[field] },
    label: { show: true, formatter: (p: { value: number }) => (p.value ? String(p.value) : '') },
    data: top.map((r) => ({ value: r[field], keys: r.keys, label: `规则：${r.rule} ${r.title}` }) satisfies ChartItem),
  });
  const rules: ChartSpec = {
    id: 'rules',
    title: '常见问题',
    option: {
      ...base('最常见的问题（按规则）'),
      tooltip: { trigger: 'axis', renderMode: 'richText', axisPointer: { type: 'shadow' } },
      legend: { bottom: 4, textStyle: { fontFamily: FONT } },
      grid: { left: 8, right: 24, top: 40, bottom: 40, outerBoundsMode: 'same' },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: top.map((r) => r.title), axisLabel: { fontFamily: FONT, width: 220, overflow: 'truncate', interval: 0 } },
      series: [ruleSeries('confirmed', '确认问题'), ruleSeries('undecided', '未判定'), ruleSeries('dismissed', '不是问题')],
    },
  };

  const lateSeries = (field: 'onTime' | 'late' | 'noDate', name: string) => ({
    type: 'bar',
    name,
    stack: 'n',
    barMaxWidth: 64,
    itemStyle: { color: COLORS[field] },
    label: { show: true, formatter: (p: { value: number }) => (p.value ? String(p.value) : '') },
    data: s.lateness.map((l) => item(l[field], `${l.label}年报：${name}`)),
  });
  const lateness: ChartSpec = {
    id: 'lateness',
    title: '按时发布',
    option: {
      ...base('按时发布（发布日期与期限）'),
      tooltip: { trigger: 'axis', renderMode: 'richText', axisPointer: { type: 'shadow' } },
      legend: { bottom: 4, textStyle: { fontFamily: FONT } },
      grid: { left: 48, right: 24, top: 40, bottom: 48 },
      xAxis: { type: 'category', data: s.lateness.map((l) => l.label), axisLabel: { fontFamily: FONT, interval: 0 } },
      yAxis: { type: 'value', minInterval: 1, name: '份数' },
      series: [lateSeries('onTime', '按时'), lateSeries('late', '逾期'), lateSeries('noDate', '无日期')],
    },
  };

  const agencies = s.yoy.slice(0, opts.maxAgencies ?? 8);
  // Every year from the first to the last on the axis, each labelled (a gap year stays visible as a gap).
  const seen = agencies.flatMap((a) => a.years.map((y) => y.year));
  const years = seen.length ? Array.from({ length: Math.max(...seen) - Math.min(...seen) + 1 }, (_, i) => Math.min(...seen) + i) : [];
  const yoy: ChartSpec = {
    id: 'yoy',
    title: '逐年对比',
    option: {
      ...base('本年新收申请（件），同单位逐年'),
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      legend: { bottom: 4, type: 'scroll', textStyle: { fontFamily: FONT } },
      grid: { left: 48, right: 24, top: 40, bottom: 56 },
      xAxis: { type: 'category', data: years.map(String), axisLabel: { interval: 0, hideOverlap: false } },
      yAxis: { type: 'value', minInterval: 1, name: '件' },
      series: agencies.map((a) => ({
        type: 'line',
        name: a.agency,
        connectNulls: true,
        data: years.map((y) => {
          const f = a.years.find((x) => x.year === y);
          return f ? { value: f.received, keys: [f.key], label: `${a.agency} ${y} 年` } : null;
        }),
      })),
    },
  };
  return [progress, scores, rules, lateness, yoy];
}
