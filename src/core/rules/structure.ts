// Structure and table-integrity rules: R-SEC-*, R-TBL-*, R-FMT-VERSION, R-META-YEAR.

import type { Cell, Evidence, Report, SectionKey, TableKey } from '../model.js';
import { SECTION_KEYS } from '../model.js';
import {
  PROACTIVE_COL_LABELS,
  PROACTIVE_ROW_LABELS,
  REQUEST_COL_LABELS,
  REVIEW_COL_LABELS,
  REVIEW_GROUP_LABELS,
  SECTION_TITLES,
  requestRowLabel,
} from '../schema.js';
import { rangeEvidence, type Sink } from './sink.js';

export const TABLE_NAMES: Record<TableKey, string> = { proactive: '表二', requests: '表三', reviews: '表四' };

/** Words an auditor uses for a cell: 表三 （四）1.本机关不掌握相关政府信息 · 总计栏. */
export function cellWords(table: TableKey, row: string, col?: string): string {
  if (table === 'requests') return `${TABLE_NAMES[table]} ${requestRowLabel(row)}${col ? ` · ${REQUEST_COL_LABELS[col] ?? col}栏` : ''}`;
  if (table === 'reviews') return `${TABLE_NAMES[table]} ${REVIEW_GROUP_LABELS[row] ?? row}${col ? ` · ${REVIEW_COL_LABELS[col] ?? col}` : ''}`;
  const rowLabel = PROACTIVE_ROW_LABELS['2019'][row] ?? PROACTIVE_ROW_LABELS['2021'][row] ?? row;
  return `${TABLE_NAMES[table]} ${rowLabel}${col ? ` · ${PROACTIVE_COL_LABELS[col] ?? col}` : ''}`;
}

const SECTION_OF: Record<TableKey, SectionKey> = { proactive: 'proactive', requests: 'requests', reviews: 'reviews' };

export function structureRules(r: Report, sink: Sink): void {
  // Sections.
  for (const k of SECTION_KEYS) {
    const s = r.sections[k];
    if (!s.present) {
      sink.add({ rule: 'R-SEC-MISSING', section: k, message: `缺少“${SECTION_TITLES[k]}”部分`, evidence: [] });
      continue;
    }
    if (s.titleDeviation) {
      const official = SECTION_TITLES[k];
      const message =
        s.titleDeviation === 'inferred' && !s.heading
          ? `未找到“${official}”标题，已按其后的${TABLE_NAMES[k as TableKey] ?? '内容'}识别该部分`
          : s.titleDeviation === 'unnumbered'
            ? `章节标题“${s.title}”没有序号，已按“${official}”识别`
            : `章节标题“${s.title}”与规定表述“${official}”不一致，已按该部分识别`;
      sink.add({ rule: 'R-SEC-TITLE', section: k, message, evidence: rangeEvidence(s.heading, 'section') });
    }
    if (s.empty) {
      sink.add({ rule: 'R-SEC-EMPTY', section: k, message: `“${s.title}”标题下没有内容`, evidence: rangeEvidence(s.heading, 'section') });
    }
    s.subheads.forEach((h, i) => {
      if (h.empty) {
        sink.add({
          rule: 'R-SEC-EMPTY',
          section: k,
          key: `sub${i}`,
          message: `${SECTION_TITLES[k].slice(0, 2)}小标题“${h.title}”下没有内容`,
          evidence: [{ role: 'section', range: h.range }],
        });
      }
    });
  }
  const idx = r.sectionOrder.map((k) => SECTION_KEYS.indexOf(k));
  const outOfOrder = idx.some((v, i) => i > 0 && v < idx[i - 1]!);
  if (outOfOrder) {
    const names = r.sectionOrder.map((k) => SECTION_TITLES[k].slice(0, 1)).join('、');
    sink.add({ rule: 'R-SEC-ORDER', message: `章节顺序为 ${names}，应为 一、二、三、四、五、六`, evidence: [] });
  }

  // Tables.
  for (const tk of ['proactive', 'requests', 'reviews'] as const) {
    const t = r.tables[tk];
    const sec = r.sections[SECTION_OF[tk]];
    if (!t.present) {
      if (sec.present) {
        sink.add({ rule: 'R-TBL-MISSING', table: tk, message: `“${sec.title}”部分中没有找到${TABLE_NAMES[tk]}`, evidence: rangeEvidence(sec.heading, 'section') });
      }
      continue;
    }
    // Blank cells: count over the rows the format expects (a missing row counts as blank).
    let total = 0;
    const blanks: { row: string; col: string; cell?: Cell }[] = [];
    const cols = (row: string) =>
      t.columns[row] ?? (tk === 'requests' ? Object.keys(REQUEST_COL_LABELS) : tk === 'reviews' ? Object.keys(REVIEW_COL_LABELS) : []);
    for (const rk of t.rowOrder) {
      const row = t.rows[rk];
      // Cells glued into a run that could not be split are not blank: their digits are printed.
      if (row?.glued?.ambiguous) continue;
      for (const c of cols(rk)) {
        total++;
        const cell = row?.cells[c];
        if (!cell || cell.kind === 'blank') blanks.push({ row: rk, col: c, cell });
      }
    }
    if (total > 0 && blanks.length === total) {
      sink.add({
        rule: 'R-TBL-BLANK',
        table: tk,
        severity: 'error',
        message: `${TABLE_NAMES[tk]}整表未填写（${total} 个单元格全部空白）`,
        evidence: rangeEvidence(t.range, 'section'),
      });
    } else if (blanks.length > 0) {
      const sample = blanks.slice(0, 3).map((b) => cellWords(tk, b.row, b.col)).join('；');
      sink.add({
        rule: 'R-TBL-BLANK',
        table: tk,
        severity: 'warning',
        message: `${TABLE_NAMES[tk]}有 ${blanks.length} 个单元格未填写（空白不等于 0），如：${sample}${blanks.length > 3 ? ' 等' : ''}`,
        evidence: blanks.filter((b) => b.cell).slice(0, 200).map((b) => ({ role: 'cell' as const, range: b.cell!.range })),
      });
    }
    // A block printed in the other format's shape: named once, on the block.
    const bd = t.blockDeviation;
    if (bd) {
      const printed = bd.found === '2019' ? '一行（2019 版格式）' : '三行（2021 版格式的 1.逾期不补正、2.逾期未缴费、3.其他）';
      const wanted = bd.expected === '2021' ? '2021 版格式应分为 3 行' : '2019 版格式为一行';
      sink.add({
        rule: 'R-TBL-SHAPE',
        table: tk,
        row: 'other',
        key: 'block',
        message: `${TABLE_NAMES[tk]}“（六）其他处理”填为${printed}，${wanted}；已按原文读取，合计照常核对`,
        evidence: [{ role: 'cell', range: bd.range }],
      });
    }
    // Rows whose cells were printed glued together: one finding for those split, one for the rest.
    const glued = t.rowOrder.map((rk) => [rk, t.rows[rk]] as const).filter(([, row]) => row?.glued);
    if (glued.length) {
      const gkey = (rk: string) => (tk === 'reviews' ? 'data' : rk);
      for (const amb of [false, true]) {
        const rows = glued.filter(([, row]) => row!.glued!.ambiguous === amb).filter(([rk], i, a) => a.findIndex(([k]) => gkey(k) === gkey(rk)) === i);
        if (!rows.length) continue;
        const names = rows.slice(0, 3).map(([rk, row]) => `${tk === 'reviews' ? '数据行' : cellWords(tk, rk).replace(/^表[二三四]\s*/, '')}“${row!.glued!.raw}”`).join('；');
        const how = tk === 'proactive' ? '每位数字一格' : '表内勾稽关系';
        const more = rows.length > 3 ? ` 等 ${rows.length} 行` : '';
        sink.add({
          rule: 'R-TBL-SHAPE',
          table: tk,
          key: amb ? 'glued-ambiguous' : 'glued',
          message: amb
            ? `${TABLE_NAMES[tk]}的数字连写在一起，无法按${how}唯一拆分，未读取：${names}${more}；请对照原文填写或核实`
            : `${TABLE_NAMES[tk]}的数字连写在一起（如 ${names}${more}），已按${how}唯一拆分；拆出的数值请对照原文核实`,
          evidence: rows.slice(0, 50).map(([, row]) => ({ role: 'cell' as const, range: row!.glued!.range })),
        });
      }
    }
    // Rows whose cells had to be aligned by inference.
    const seenShape = new Set<string>();
    for (const rk of t.rowOrder) {
      const row = t.rows[rk];
      if (!row || row.shape.certain || row.glued) continue;
      const key = tk === 'reviews' ? 'data' : rk;
      if (seenShape.has(key)) continue;
      seenShape.add(key);
      const where = tk === 'reviews' ? `${TABLE_NAMES[tk]}数据行` : cellWords(tk, rk);
      sink.add({
        rule: 'R-TBL-SHAPE',
        table: tk,
        row: tk === 'reviews' ? undefined : rk,
        message: `${where}：有 ${row.shape.found} 个数值，格式规定 ${row.shape.expected} 列；${row.shape.note ?? ''}，请对照原文核实`,
        evidence: [{ role: 'cell', range: row.labelRange }, ...Object.values(row.cells).map((c) => ({ role: 'cell' as const, range: c.range }))],
      });
    }
    // Labels.
    t.labelDeviations.forEach((d) => {
      sink.add({
        rule: 'R-TBL-LABEL',
        table: tk,
        row: d.row,
        col: d.col,
        message: `${TABLE_NAMES[tk]}${d.kind === 'col' ? '列名' : '行名'}“${d.found}”与规定表述“${d.expected}”不一致`,
        evidence: [{ role: 'cell', range: d.range }],
      });
    });
    // Values: counts must be non-negative integers.
    for (const rk of t.rowOrder) {
      const row = t.rows[rk];
      if (!row) continue;
      for (const [ck, cell] of Object.entries(row.cells)) {
        const mayBeNegative = ck === 'change';
        const decimal = ck === 'amount';
        let problem: string | null = null;
        if (cell.kind === 'text') problem = `应为数字，实际为“${cell.raw.trim()}”`;
        else if (cell.value !== null && cell.value < 0 && !mayBeNegative) problem = `不应为负数（${cell.raw.trim()}）`;
        else if (cell.value !== null && !Number.isInteger(cell.value) && !decimal) problem = `件数不应为小数（${cell.raw.trim()}）`;
        if (problem) {
          // On a row whose cells were placed by inference, the text may be a misread, not what was printed.
          const doubt = !row.shape.certain;
          sink.add({
            rule: 'R-TBL-VALUE',
            table: tk,
            row: rk,
            col: ck,
            ...(doubt ? { severity: 'warning' as const } : {}),
            message: `${cellWords(tk, rk, ck)}${problem}${doubt ? '（该行数值位置为推断，请对照原文核实）' : ''}`,
            evidence: [{ role: 'cell', range: cell.range }],
          });
        }
      }
    }
  }

  // Format for the year: once for the report, or once on the one table printed in the other format.
  if (r.year !== null && r.format !== 'unknown') {
    const want = r.year >= 2021 ? '2021' : '2019';
    const doc = want === '2021' ? '国办公开办函〔2021〕30号' : '国办公开办函〔2019〕60号';
    const off = (['proactive', 'requests'] as const).filter((k) => r.tables[k].present && r.tables[k].format !== 'unknown' && r.tables[k].format !== want);
    const mixed = r.tables.proactive.present && r.tables.requests.present && r.tables.proactive.format !== r.tables.requests.format;
    if (mixed && off.length === 1) {
      const tk = off[0]!;
      sink.add({
        rule: 'R-FMT-VERSION',
        table: tk,
        message: `${r.year} 年度年报的${TABLE_NAMES[tk]}使用了 ${r.tables[tk].format} 版格式，应使用 ${want} 版格式（${doc}）；其余表格为 ${want} 版`,
        evidence: rangeEvidence(r.tables[tk].range, 'section'),
      });
    } else if (r.format !== want) {
      const ev: Evidence[] = rangeEvidence(r.tables.proactive.range ?? r.tables.requests.range, 'section');
      sink.add({
        rule: 'R-FMT-VERSION',
        message: `${r.year} 年度年报使用了 ${r.format} 版格式，应使用 ${want} 版格式（${doc}）`,
        evidence: ev,
      });
    }
  }

  // Year consistency: title, statistics period.
  if (r.year !== null && r.yearSource === 'title' && r.periodYear !== null && r.periodYear !== r.year) {
    sink.add({
      rule: 'R-META-YEAR',
      message: `标题年度为 ${r.year} 年，统计期限为 ${r.periodYear} 年`,
      expected: r.year,
      actual: r.periodYear,
      evidence: rangeEvidence(r.titleRange, 'text'),
    });
  }
}
