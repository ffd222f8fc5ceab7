// The evaluation spreadsheet as rows (pure): 评分汇总 · 问题清单 · 表格数据 · 说明. The export service
// turns them into .xlsx (exceljs), CSV and JSON.

import { displayAgency } from './agency.js';
import type { CheckJson, DocumentJson, FindingJson, ReportJson } from './output.js';
import type { Report } from './model.js';
import { RULE_BY_ID, RULES, type Settings } from './rules/registry.js';
import {
  PROACTIVE_COL_LABELS,
  PROACTIVE_ROW_LABELS,
  PROACTIVE_ROWS,
  REQUEST_COL_LABELS,
  REQUEST_COLS,
  REQUEST_ROWS,
  REVIEW_COL_LABELS,
  REVIEW_COLS,
  REVIEW_GROUP_LABELS,
  REVIEW_GROUPS,
  SECTION_TITLES,
  requestRowLabel,
} from './schema.js';
import { cellWords, TABLE_NAMES } from './rules/structure.js';
import { CATEGORY_LABELS, checkScore, type ScoreCheck, type ReviewData, type Rubric } from './review.js';
import { findingsByReport, roundStats, statsRows } from './stats.js';
import { correctionPlace, correctionWords, NOT_APPLIED_ZH, type Correction, type CorrectionOutcome } from './corrections.js';

export const SEVERITY_ZH: Record<string, string> = { error: '错误', warning: '警告', info: '提示' };
export const VERDICT_ZH: Record<string, string> = { confirmed: '确认问题', dismissed: '不是问题', pending: '待定' };
export const STATUS_ZH: Record<string, string> = { todo: '未审', in_progress: '审核中', done: '已完成' };
export const CATALOGUE_VERSION = '2026.1';

export type CellValue = string | number | null;

export interface Sheet {
  name: string;
  columns: { header: string; key: string; width: number; numFmt?: string }[];
  rows: Record<string, CellValue>[];
}

export type { ReviewData } from './review.js';

export interface SheetInput {
  check: CheckJson;
  /** Parsed reports by report key, for raw cell text (optional: values come from the JSON). */
  reports?: Map<string, { report: Report; text: string }>;
  review?: ReviewData;
  /** The auditor's corrections (the check JSON already holds the corrected values). */
  corrections?: Correction[];
  rubric: Rubric;
  settings: Settings;
  exportedAt: string;
}

/** Words for where a finding is. */
export function locationWords(f: Pick<FindingJson, 'table' | 'row' | 'col' | 'section'>): string {
  if (f.table && f.row && f.row !== 'balance') return cellWords(f.table as 'requests', f.row, f.col);
  if (f.table && f.row === 'balance') return `${TABLE_NAMES[f.table as 'requests']} 勾稽关系 · ${REQUEST_COL_LABELS[f.col ?? ''] ?? f.col ?? ''}列`;
  if (f.table && f.col) return `${TABLE_NAMES[f.table as 'requests']} · ${REQUEST_COL_LABELS[f.col] ?? f.col}列`;
  if (f.table) return TABLE_NAMES[f.table as 'requests'];
  if (f.section) return SECTION_TITLES[f.section as 'overview'];
  return '全文';
}

function cellRefWords(ref: string): string {
  const [table, row, col] = ref.split(':');
  if (!table || !row) return ref;
  return cellWords(table as 'requests', row, col);
}

function quoteOf(text: string | undefined, f: FindingJson): string {
  if (!text) return '';
  const t = f.source.find((s) => s.role === 'text') ?? f.source[0];
  if (!t) return '';
  const s = text.slice(t.start, Math.min(t.end, t.start + 80)).replace(/\s+/g, ' ').trim();
  return t.end - t.start > 80 ? `${s}…` : s;
}

/** A stored ISO time as the sheet shows it (YYYY-MM-DD HH:MM). */
function stampWords(at: string | undefined): string {
  return at ? at.replace('T', ' ').slice(0, 16) : '';
}

interface Row {
  doc: DocumentJson;
  rep: ReportJson;
}

function allReports(check: CheckJson): Row[] {
  const out: Row[] = [];
  for (const doc of check.documents) for (const rep of doc.reports) out.push({ doc, rep });
  return out;
}

/** How a report's text was read, for the spreadsheet. */
function readWay(doc: DocumentJson, rep: ReportJson): string {
  if (!doc.ocr) return '文字层';
  return `文字识别（OCR），${rep.lowConfidence?.length ?? 0} 处低置信度`;
}

/** Does a finding sit on a table row (or cell) the OCR was unsure of? */
function ocrLow(rep: ReportJson, f: FindingJson): boolean {
  if (!f.table || !f.row) return false;
  return (rep.lowConfidence ?? []).some((c) => c.table === f.table && c.row === f.row && (!f.col || c.col === f.col));
}

/** Why a stored score is not a valid total, in the auditor's words ('' when it is). */
export function scoreProblemWords(check: ScoreCheck, rubric: Rubric): string {
  // Each item in quotes: titles themselves contain "、" (要素完整（标题、统计期限、落款与日期）).
  const title = (id: string) => `“${rubric.criteria.find((c) => c.id === id)?.title ?? id}”`;
  const out: string[] = [];
  if (check.stale) out.push(`${check.problem.split('；')[0]}，需复核`);
  if (check.over.length) out.push(`超出新满分：${check.over.map(title).join('、')}`);
  if (check.missing.length) out.push(`未评：${check.missing.map(title).join('、')}`);
  return out.join('；');
}

// ---- 评分汇总 ----------------------------------------------------------------------------------

export function summarySheet(input: SheetInput): Sheet {
  const { rubric, review } = input;
  const columns: Sheet['columns'] = [
    { header: '单位', key: 'agency', width: 30 },
    { header: '年度', key: 'year', width: 8, numFmt: '0' },
    { header: '格式', key: 'format', width: 8 },
    { header: '发布日期', key: 'date', width: 12 },
    { header: '总分', key: 'total', width: 8, numFmt: '0.##' },
    { header: '评分表版本', key: 'rubricVersion', width: 10 },
    { header: '评分问题', key: 'scoreProblem', width: 30 },
    { header: '总体意见', key: 'overall', width: 40 },
    ...rubric.criteria.flatMap((c) => [
      { header: `${c.title}（${c.points}）`, key: `c:${c.id}`, width: 14, numFmt: '0.##' },
      { header: `${c.title}说明`, key: `cc:${c.id}`, width: 24 },
    ]),
    { header: '错误数', key: 'errors', width: 8, numFmt: '0' },
    { header: '警告数', key: 'warnings', width: 8, numFmt: '0' },
    { header: '确认问题数', key: 'confirmed', width: 10, numFmt: '0' },
    { header: '审核状态', key: 'status', width: 10 },
    { header: '审核人', key: 'by', width: 10 },
    { header: '审核时间', key: 'at', width: 20 },
    { header: '文件', key: 'file', width: 40 },
    { header: '读取方式', key: 'read', width: 22 },
  ];
  // Counted as the queue counts them (document-level and cross-year findings too).
  const counted = findingsByReport(input.check, input.settings.agencyAliases);
  const rows = allReports(input.check).map(({ doc, rep }) => {
    const all = counted.get(rep.key) ?? rep.findings;
    const score = review?.scores[rep.key];
    const status = review?.statuses[rep.key];
    const decisions = Object.values(review?.decisions ?? {}).filter((d) => d.reportKey === rep.key);
    const check = score ? checkScore(score, rubric) : null;
    const stamps = [score, status, ...decisions].filter((x): x is NonNullable<typeof x> => !!x).sort((a, b) => (a.at < b.at ? 1 : -1));
    const row: Record<string, CellValue> = {
      agency: rep.agency ?? '（单位不详）',
      year: rep.year,
      format: rep.format === 'unknown' ? '不详' : rep.format,
      date: rep.publishedOn ?? '',
      // Only a valid total under the current rubric; the reason otherwise is in 评分问题.
      total: check ? check.validTotal : null,
      rubricVersion: score ? `${score.rubricId === rubric.id ? '' : `${score.rubricId} `}第 ${score.rubricVersion} 版` : '',
      scoreProblem: check ? scoreProblemWords(check, rubric) : '',
      overall: score?.comment ?? '',
      errors: all.filter((f) => f.severity === 'error').length,
      warnings: all.filter((f) => f.severity === 'warning').length,
      confirmed: decisions.filter((d) => d.verdict === 'confirmed').length,
      status: STATUS_ZH[status?.status ?? 'todo'] ?? '未审',
      by: stamps[0]?.by ?? '',
      at: stamps[0]?.at ? stamps[0].at.replace('T', ' ').slice(0, 19) : '',
      file: doc.file,
      read: readWay(doc, rep),
    };
    for (const c of rubric.criteria) {
      const x = score?.criteria.find((y) => y.id === c.id);
      row[`c:${c.id}`] = x?.points ?? null;
      row[`cc:${c.id}`] = x?.comment ?? '';
    }
    return row;
  });
  return { name: '评分汇总', columns, rows };
}

// ---- 问题清单 ----------------------------------------------------------------------------------


/** The columns of a finding that every 问题清单 row shows, whatever its source. */
function findingColumns(f: FindingJson) {
  return {
    rule: f.rule,
    title: RULE_BY_ID[f.rule]?.title ?? '',
    severity: SEVERITY_ZH[f.severity] ?? f.severity,
    where: locationWords(f),
    expected: f.expected ?? null,
    actual: f.actual ?? null,
  };
}

export function findingsSheet(input: SheetInput): Sheet {
  const columns: Sheet['columns'] = [
    { header: '单位', key: 'agency', width: 28 },
    { header: '年度', key: 'year', width: 8, numFmt: '0' },
    { header: '来源', key: 'source', width: 8 },
    { header: '规则', key: 'rule', width: 15 },
    { header: '问题类别', key: 'title', width: 20 },
    { header: '严重程度', key: 'severity', width: 9 },
    { header: '位置', key: 'where', width: 42 },
    { header: '期望值', key: 'expected', width: 9 },
    { header: '实际值', key: 'actual', width: 9 },
    { header: '说明', key: 'message', width: 60 },
    { header: '原文摘录', key: 'quote', width: 40 },
    { header: '判定', key: 'verdict', width: 10 },
    { header: '判定说明', key: 'comment', width: 30 },
    { header: '判定人', key: 'by', width: 10 },
    { header: '判定时间', key: 'at', width: 17 },
    { header: '文件', key: 'file', width: 36 },
    { header: 'OCR', key: 'ocr', width: 14 },
  ];
  const rows: Sheet['rows'] = [];
  const review = input.review;
  for (const { doc, rep } of allReports(input.check)) {
    const text = input.reports?.get(rep.key)?.text;
    // Document findings (a 信息公开指南 on the same page …) belong to the document: listed once, with its first report.
    for (const f of [...(rep === doc.reports[0] ? doc.findings : []), ...rep.findings]) {
      const d = review?.decisions[`${rep.key}|${f.fingerprint}`];
      rows.push({
        agency: rep.agency ?? '',
        year: rep.year,
        source: '检查',
        ...findingColumns(f),
        message: f.message + (f.needsReview ? '（需复核）' : '') + (f.corrected ? '（涉及审核人更正的单元格）' : ''),
        quote: quoteOf(text, f),
        verdict: d ? VERDICT_ZH[d.verdict]! : '未判定',
        comment: d?.comment ?? '',
        by: d?.by ?? '',
        at: stampWords(d?.at),
        file: doc.file,
        ocr: doc.ocr ? (ocrLow(rep, f) ? 'OCR 低置信度' : 'OCR') : '',
      });
    }
    // Findings of the machine's reading that a correction settled: the sum holds because the auditor
    // corrected a reading, not because the agency fixed anything.
    for (const f of rep.resolvedByCorrection ?? []) {
      rows.push({
        agency: rep.agency ?? '',
        year: rep.year,
        source: '更正',
        ...findingColumns(f),
        message: `${f.message}——审核人更正读数后不再成立（是识别错误，不是单位改正）`,
        quote: quoteOf(text, f),
        verdict: '因更正消除',
        comment: '',
        file: doc.file,
        ocr: doc.ocr ? 'OCR' : '',
      });
    }
    for (const a of Object.values(review?.annotations ?? {})) {
      if (a.reportKey !== rep.key || a.deleted) continue;
      rows.push({
        agency: rep.agency ?? '',
        year: rep.year,
        source: '批注',
        rule: '',
        title: CATEGORY_LABELS[a.category] ?? a.category,
        severity: SEVERITY_ZH[a.severity] ?? a.severity,
        where: a.cellRef ? cellRefWords(a.cellRef) : a.anchor.page ? `原文第 ${a.anchor.page} 页` : '原文',
        expected: null,
        actual: null,
        message: a.note,
        quote: a.anchor.quote.slice(0, 80),
        verdict: '',
        comment: '',
        by: a.by,
        at: stampWords(a.at),
        file: doc.file,
      });
    }
  }
  // A cross-year finding is decided on the reports of either year: the verdict on the later year's report
  // (the row's year), else on the earlier one's.
  const crossReps = new Map<object, ReportJson[]>();
  const counted = findingsByReport(input.check, input.settings.agencyAliases);
  for (const { rep } of allReports(input.check)) for (const f of counted.get(rep.key) ?? []) if ('years' in f) crossReps.set(f, [...(crossReps.get(f) ?? []), rep]);
  for (const f of input.check.crossYear) {
    const reps = [...(crossReps.get(f) ?? [])].sort((a, b) => Number(b.year === f.years[1]) - Number(a.year === f.years[1]));
    const d = reps.map((r) => review?.decisions[`${r.key}|${f.fingerprint}`]).find((x) => !!x);
    rows.push({
      agency: f.agency,
      year: f.years[1],
      source: '跨年度',
      rule: f.rule,
      title: RULE_BY_ID[f.rule]?.title ?? '',
      severity: SEVERITY_ZH[f.severity] ?? f.severity,
      where: `${f.years[0]}→${f.years[1]} ${locationWords(f as unknown as FindingJson)}`,
      expected: f.expected ?? null,
      actual: f.actual ?? null,
      message: f.message,
      quote: '',
      verdict: d ? VERDICT_ZH[d.verdict]! : '未判定',
      comment: d?.comment ?? '',
      by: d?.by ?? '',
      at: stampWords(d?.at),
      file: [...new Set(f.source.map((s) => s.file))].join('；'),
    });
  }
  return { name: '问题清单', columns, rows };
}

// ---- 表格数据 ----------------------------------------------------------------------------------

/** Every cell of the three tables in canonical order: [key, Chinese header]. */
export function tableColumns(): { key: string; header: string; amount?: boolean }[] {
  const out: { key: string; header: string; amount?: boolean }[] = [];
  const seen = new Set<string>();
  for (const def of PROACTIVE_ROWS) {
    for (const f of ['2021', '2019'] as const) {
      for (const c of def.cols[f]) {
        const key = `proactive.${def.key}.${c}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const rowLabel = PROACTIVE_ROW_LABELS[f][def.key] ?? def.key;
        const colLabel = def.key === 'procurement' && c === 'amount' ? '采购总金额' : PROACTIVE_COL_LABELS[c] ?? c;
        out.push({ key, header: `表二·${rowLabel}·${colLabel}`, amount: c === 'amount' });
      }
    }
  }
  for (const r of REQUEST_ROWS) for (const c of REQUEST_COLS) out.push({ key: `requests.${r.key}.${c}`, header: `表三·${requestRowLabel(r.key)}·${REQUEST_COL_LABELS[c]}` });
  for (const g of REVIEW_GROUPS) for (const c of REVIEW_COLS) out.push({ key: `reviews.${g}.${c}`, header: `表四·${REVIEW_GROUP_LABELS[g]}·${REVIEW_COL_LABELS[c]}` });
  return out;
}

export function tablesSheet(input: SheetInput): Sheet {
  const cols = tableColumns();
  const columns: Sheet['columns'] = [
    { header: '单位', key: 'agency', width: 28 },
    { header: '年度', key: 'year', width: 8, numFmt: '0' },
    { header: '格式', key: 'format', width: 8 },
    ...cols.map((c) => ({ header: c.header, key: c.key, width: 12, numFmt: c.amount ? '0.0000' : '0' })),
    { header: '读取方式', key: 'read', width: 22 },
    { header: '审核人更正（原读数）', key: 'corrected', width: 60 },
  ];
  const rows = allReports(input.check).map(({ doc, rep }) => {
    // Values are as corrected; what the machine read is listed beside them.
    const corrected = (rep.corrected ?? [])
      .filter((c) => c.kind !== 'confirm')
      .map((c) => `${cellWords(c.table, c.row, c.col)}：${shownRaw(c.raw)}（原读作 ${shownRaw(c.read.raw)}）`)
      .join('；');
    const row: Record<string, CellValue> = { agency: rep.agency ?? '', year: rep.year, format: rep.format, read: readWay(doc, rep), corrected };
    for (const c of cols) {
      const [t, r, k] = [c.key.split('.')[0]!, c.key.split('.').slice(1, -1).join('.'), c.key.split('.').pop()!];
      const v =
        t === 'reviews'
          ? rep.tables.reviews[r]?.[k]
          : t === 'requests'
            ? rep.tables.requests.rows[r]?.[k]
            : rep.tables.proactive.rows[r]?.[k];
      row[c.key] = v ?? null;
    }
    return row;
  });
  return { name: '表格数据', columns, rows };
}

const shownRaw = (raw: string) => (raw.trim() === '' ? '空白' : raw.trim());

// ---- 更正记录 ------------------------------------------------------------------------------------

/** Every correction the auditor made: where, what was read, what it is now, whether it applied. */
export function correctionsSheet(input: SheetInput): Sheet {
  const columns: Sheet['columns'] = [
    { header: '单位', key: 'agency', width: 28 },
    { header: '年度', key: 'year', width: 8, numFmt: '0' },
    { header: '位置', key: 'where', width: 42 },
    { header: '类型', key: 'kind', width: 12 },
    { header: '原读数', key: 'read', width: 12 },
    { header: '更正为', key: 'value', width: 12 },
    { header: '说明', key: 'words', width: 40 },
    { header: '状态', key: 'state', width: 30 },
    { header: '更正人', key: 'by', width: 10 },
    { header: '更正时间', key: 'at', width: 20 },
    { header: '文件', key: 'file', width: 36 },
  ];
  const KIND: Record<Correction['kind'], string> = { value: '更正数值', blank: '原文为空白', confirm: '确认读数', section: '章节起点', row: '行归属' };
  const where = new Map<string, Row>();
  for (const r of allReports(input.check)) where.set(r.rep.key, r);
  const outcome = new Map<string, CorrectionOutcome>();
  for (const d of input.check.documents) for (const o of d.corrections ?? []) outcome.set(o.id, o);
  const rows = (input.corrections ?? [])
    .filter((c) => !c.deleted)
    .map((c) => {
      const at = where.get(c.reportKey);
      const o = outcome.get(c.id);
      const cellLike = c.kind === 'value' || c.kind === 'blank' || c.kind === 'confirm';
      return {
        agency: at?.rep.agency ?? '',
        year: at?.rep.year ?? null,
        where: correctionPlace(c),
        kind: KIND[c.kind],
        read: cellLike ? shownRaw(c.read.raw) : c.kind === 'row' ? c.anchor.quote.trim().slice(0, 40) : '',
        value: c.kind === 'value' ? shownRaw(c.raw ?? '') : c.kind === 'blank' ? '空白' : c.kind === 'confirm' ? shownRaw(c.read.raw) : '',
        words: correctionWords(c),
        state: !at ? '本次导出不含这份年报' : o?.applied ? '已应用' : o?.reason ? `未应用：${NOT_APPLIED_ZH[o.reason]}` : '未应用',
        by: c.by,
        at: c.at.replace('T', ' ').slice(0, 19),
        file: at?.doc.file ?? '',
      } satisfies Record<string, CellValue>;
    })
    .sort((a, b) => `${a.agency}|${a.year}|${a.where}`.localeCompare(`${b.agency}|${b.year}|${b.where}`, 'zh'));
  return { name: '更正记录', columns, rows };
}

// ---- 说明 --------------------------------------------------------------------------------------

export function aboutSheet(input: SheetInput): Sheet {
  const s = input.settings;
  const off = RULES.filter((r) => s.rules[r.id]?.enabled === false).map((r) => r.id);
  const overrides = Object.entries(s.rules)
    .filter(([, v]) => v.severity)
    .map(([k, v]) => `${k}→${SEVERITY_ZH[v.severity!]}`);
  const rows: Record<string, CellValue>[] = [
    { k: '导出时间', v: input.exportedAt.replace('T', ' ').slice(0, 19) },
    { k: '规则目录版本', v: `${CATALOGUE_VERSION}（${RULES.length} 条规则）` },
    { k: '评分表', v: `${input.rubric.title}（${input.rubric.id}，第 ${input.rubric.version} 版，满分 ${input.rubric.total}）` },
    ...input.rubric.criteria.map((c) => ({ k: `评分项 ${c.title}`, v: `${c.points} 分；关联规则：${c.rules.join('、') || '（人工判断）'}；每个确认问题建议扣 ${c.perFinding} 分` })),
    { k: '发布期限（政府部门）', v: `次年 ${s.deadlines.department.month} 月 ${s.deadlines.department.day} 日` },
    { k: '发布期限（人民政府）', v: `次年 ${s.deadlines.government.month} 月 ${s.deadlines.government.day} 日` },
    { k: '内容雷同阈值', v: `${Math.round(s.copyThreshold * 100)}%` },
    { k: '停用的规则', v: off.join('、') || '无' },
    { k: '调整严重程度的规则', v: overrides.join('、') || '无' },
    { k: '文件数', v: input.check.documents.length },
    { k: '无法读取的文件', v: input.check.documents.filter((d) => d.error).map((d) => `${d.file}：${d.error!.message}`).join('\n') || '无' },
    { k: '年报数', v: input.check.documents.reduce((a, d) => a + d.reports.length, 0) },
    { k: '说明', v: '“检查”为程序按规则目录检出的问题，“批注”为审核人在原文上的标注；判定以审核人为准。空白单元格不等于 0。' },
  ];
  return { name: '说明', columns: [{ header: '项目', key: 'k', width: 24 }, { header: '内容', key: 'v', width: 100 }], rows };
}

// ---- 统计 ----------------------------------------------------------------------------------------

/** The round's figures (as on the overview screen) as one long table; the xlsx adds the charts. */
export function statsSheet(input: SheetInput): Sheet {
  const rows = statsRows(roundStats(input)).map((r) => ({ part: r.part, item: r.item, measure: r.measure, value: r.value }));
  return {
    name: '统计',
    columns: [
      { header: '板块', key: 'part', width: 12 },
      { header: '项目', key: 'item', width: 40 },
      { header: '指标', key: 'measure', width: 26 },
      { header: '数值', key: 'value', width: 10, numFmt: '0.##' },
    ],
    rows,
  };
}

export function buildSheets(input: SheetInput): Sheet[] {
  // Agencies the auditor merged are exported under the name they were merged into.
  const aliases = input.settings.agencyAliases ?? {};
  if (Object.keys(aliases).length) {
    const check: CheckJson = {
      ...input.check,
      documents: input.check.documents.map((d) => ({ ...d, reports: d.reports.map((r) => ({ ...r, agency: r.agency ? displayAgency(r.agency, aliases) : null })) })),
      crossYear: input.check.crossYear.map((f) => ({ ...f, agency: displayAgency(f.agency, aliases) })),
    };
    input = { ...input, check };
  }
  return [summarySheet(input), findingsSheet(input), tablesSheet(input), correctionsSheet(input), statsSheet(input), aboutSheet(input)];
}

// ---- file names --------------------------------------------------------------------------------

const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** A file name Windows accepts: no <>:"/\|?* or control characters, no reserved names, no trailing dot. */
export function safeFileName(name: string, fallback = '导出'): string {
  let s = name.replace(/[<>:"/\\|?*\u0000-\u001f]/g, '_').replace(/[. ]+$/g, '').trim();
  if (!s) s = fallback;
  if (RESERVED.test(s)) s = `_${s}`;
  // 255 UTF-16 units is the NTFS limit; keep room for a suffix.
  return s.slice(0, 200);
}
