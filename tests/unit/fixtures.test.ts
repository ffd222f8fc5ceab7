// Every extraction fact of ../shared/fixtures/README.md, on the fixtures as they are.
import { describe, expect, it } from 'vitest';
import { checkFilePath, SEEDS } from '../helpers/engine.js';
import type { Report } from '../../src/core/model.js';
import { REQUEST_COLS } from '../../src/core/schema.js';

const values = (r: Report, table: 'requests' | 'reviews' | 'proactive', row: string) =>
  Object.fromEntries(Object.entries(r.tables[table].rows[row]?.cells ?? {}).map(([c, cell]) => [c, cell.value]));
const kinds = (r: Report, table: 'requests' | 'reviews' | 'proactive') =>
  Object.values(r.tables[table].rows).flatMap((row) => Object.values(row.cells).map((c) => c.kind));

describe('000 海东市市直机关事务管理局 2021', async () => {
  const { parse, doc } = await checkFilePath(SEEDS.haidong);
  const r = parse!.reports[0]!;
  it('finds one report with agency, year, format and date', () => {
    expect(parse!.reports).toHaveLength(1);
    expect(r.agency).toBe('海东市市直机关事务管理局');
    expect(r.year).toBe(2021);
    expect(r.format).toBe('2021');
    expect(r.publishedOn).toBe('2022-01-10');
  });
  it('has all six sections, and section 六 holds only 无。', () => {
    for (const s of Object.values(r.sections)) expect(s.present).toBe(true);
    const other = r.sections.other.range!;
    expect(doc!.text.slice(other.start, other.end).trim()).toBe('无。');
  });
  it('reads tables 三 and 四 as entirely blank, table 二 as zeros', () => {
    expect(kinds(r, 'requests').every((k) => k === 'blank')).toBe(true);
    expect(Object.keys(r.tables.requests.rows)).toHaveLength(25);
    expect(kinds(r, 'reviews')).toHaveLength(15);
    expect(kinds(r, 'reviews').every((k) => k === 'blank')).toBe(true);
    expect(values(r, 'proactive', 'regulations')).toEqual({ issued: 0, repealed: 0, in_force: 0 });
    expect(values(r, 'proactive', 'fees')).toEqual({ amount: 0 });
  });
  it('keeps the header typo 本年度止件数 as a label deviation', () => {
    expect(r.tables.proactive.labelDeviations.map((d) => d.found)).toContain('本年度止件数');
  });
  it('points every cell into the source text', () => {
    const c = r.tables.proactive.rows.normative_docs!.cells.in_force!;
    expect(doc!.text.slice(c.range.start, c.range.end)).toBe('0');
  });
});

describe('001 卫辉市政务和大数据管理局 2021', async () => {
  const { parse } = await checkFilePath(SEEDS.weihui);
  const r = parse!.reports[0]!;
  it('has no signing date', () => {
    expect(r.publishedOn).toBeNull();
    expect(r.year).toBe(2021);
    expect(r.format).toBe('2021');
  });
  it('reads the rows with 8 values and the 16-value table 四 as zeros, marked uncertain', () => {
    for (const k of ['total', 'carried_out']) {
      expect(Object.values(values(r, 'requests', k))).toEqual(new Array(7).fill(0));
      expect(r.tables.requests.rows[k]!.shape).toMatchObject({ certain: false, found: 8, expected: 7 });
    }
    expect(r.tables.reviews.rows.review!.shape).toMatchObject({ certain: false, found: 16, expected: 15 });
    expect(kinds(r, 'reviews').every((k) => k === 'zero')).toBe(true);
    expect(r.tables.requests.rows.received!.shape.certain).toBe(true);
  });
  it('matches the misspelt row 无正当理由由大量反复申请 to not_processed.excessive', () => {
    const row = r.tables.requests.rows['not_processed.excessive']!;
    expect(row.label).toContain('无正当理由由大量反复申请');
    expect(r.tables.requests.labelDeviations.some((d) => d.row === 'not_processed.excessive')).toBe(true);
  });
});

describe('002 德惠市机关事务管理局 2020 (one cell per line)', async () => {
  const { parse } = await checkFilePath(SEEDS.dehui);
  const r = parse!.reports[0]!;
  it('reads the 2019 format of a 2020 report, dated 2021-01-18', () => {
    expect(r.year).toBe(2020);
    expect(r.format).toBe('2019');
    expect(r.publishedOn).toBe('2021-01-18');
    expect(r.agency).toBe('德惠市机关事务管理局');
  });
  it('finds headings numbered 1、 and 5、', () => {
    expect(r.sections.overview.present).toBe(true);
    expect(r.sections.overview.numbering).toBe('1');
    expect(r.sections.problems.present).toBe(true);
    expect(r.sections.problems.numbering).toBe('5');
    for (const s of Object.values(r.sections)) expect(s.present).toBe(true);
  });
  it('reads 政府集中采购 1 / 83.82万元 and all-zero requests', () => {
    const p = r.tables.proactive.rows.procurement!.cells;
    expect(p.items!.value).toBe(1);
    expect(p.amount!.value).toBe(83.82);
    expect(p.amount!.unit).toBe('万元');
    expect(Object.keys(r.tables.requests.rows)).toHaveLength(23);
    for (const row of Object.values(r.tables.requests.rows)) for (const c of Object.values(row.cells)) expect(c.value).toBe(0);
    expect(kinds(r, 'reviews').every((k) => k === 'zero')).toBe(true);
  });
});

describe('004 聊城市机关事务管理局: a guide and five reports on one page', async () => {
  const { parse } = await checkFilePath(SEEDS.liaocheng);
  const reps = parse!.reports;
  it('finds the guide and the 2023…2019 reports', () => {
    expect(parse!.nonReports.map((n) => n.kind)).toEqual(['guide']);
    expect(reps.map((r) => r.year)).toEqual([2023, 2022, 2021, 2020, 2019]);
    expect(reps.map((r) => r.format)).toEqual(['2021', '2021', '2021', '2019', '2019']);
    for (const r of reps) expect(r.agency).toBe('聊城市机关事务管理局');
  });
  it('reads the dates, and none for 2020 and 2019', () => {
    expect(reps.map((r) => r.publishedOn)).toEqual(['2024-01-18', '2023-01-18', '2022-01-24', null, null]);
  });
  it('takes the 2020 year from the text (no title line)', () => {
    expect(reps[3]!.title).toBeNull();
    expect(reps[3]!.yearSource).toBe('text');
    expect(reps[4]!.title).toBe('聊城市机关事务管理局2019年政府信息公开工作年度报告');
  });
  it('2023: 本年新收 3, 予以公开 2, 结转 1', () => {
    const r = reps[0]!;
    expect(values(r, 'requests', 'received')).toEqual({ natural: 3, business: 0, research: 0, nonprofit: 0, legal: 0, other_org: 0, total: 3 });
    expect(values(r, 'requests', 'granted').total).toBe(2);
    expect(values(r, 'requests', 'total').total).toBe(2);
    expect(values(r, 'requests', 'carried_out').total).toBe(1);
    expect(values(r, 'proactive', 'normative_docs')).toEqual({ issued: 1, repealed: 1, in_force: 1 });
  });
  it('2021: empty sub-heads （二） and （三）, label 规范性文件', () => {
    const r = reps[2]!;
    const empty = r.sections.overview.subheads.filter((h) => h.empty).map((h) => h.title);
    expect(empty).toEqual(['依申请公开情况', '政府信息公开管理情况']);
    expect(r.tables.proactive.labelDeviations.map((d) => d.found)).toContain('规范性文件');
    expect(values(r, 'proactive', 'normative_docs').in_force).toBe(1);
  });
  it('2020: header truncated to 本年新 still read as new_published', () => {
    const r = reps[3]!;
    expect(values(r, 'proactive', 'normative_docs')).toEqual({ new_made: 1, new_published: 1, total_published: 1 });
    expect(values(r, 'proactive', 'procurement')).toEqual({ items: 2, amount: 177.1 });
  });
  it('2019: table 三 mostly blank, （七）总计 blank, 予以公开 1', () => {
    const r = reps[4]!;
    expect(values(r, 'requests', 'granted').natural).toBe(1);
    expect(values(r, 'requests', 'granted').total).toBe(1);
    for (const c of REQUEST_COLS) expect(r.tables.requests.rows.total!.cells[c]!.kind).toBe('blank');
    const blanks = kinds(r, 'requests').filter((k) => k === 'blank').length;
    expect(blanks).toBeGreaterThan(140);
  });
  it('carry-over chain 2019→2023 is 0 throughout', () => {
    for (const r of reps) {
      for (const k of ['carried_in', 'carried_out']) {
        const row = r.tables.requests.rows[k];
        if (!row || (r.year === 2023 && k === 'carried_out')) continue;
        expect(row.cells.total!.value ?? 0).toBe(0);
      }
    }
  });
});

describe('Shanghai 2019 HTML page', async () => {
  const { parse } = await checkFilePath(SEEDS.shanghai);
  const r = parse!.reports[0]!;
  it('reads title, agency, 2019 format and 发布日期', () => {
    expect(parse!.reports).toHaveLength(1);
    expect(r.agency).toBe('上海市人民政府办公厅');
    expect(r.year).toBe(2019);
    expect(r.format).toBe('2019');
    expect(r.publishedOn).toBe('2020-01-31');
  });
  it('keeps &nbsp; cells blank in their column (rowspan/colspan tables)', () => {
    expect(values(r, 'requests', 'received')).toEqual({ natural: 821, business: 35, research: null, nonprofit: null, legal: 2, other_org: 1, total: 859 });
    expect(values(r, 'requests', 'granted')).toEqual({ natural: 258, business: 12, research: null, nonprofit: null, legal: 1, other_org: 1, total: null });
    expect(values(r, 'requests', 'total')).toEqual({ natural: 767, business: 35, research: null, nonprofit: null, legal: 2, other_org: 1, total: 805 });
    expect(values(r, 'requests', 'carried_out')).toEqual({ natural: 72, business: null, research: null, nonprofit: null, legal: null, other_org: null, total: 72 });
    expect(values(r, 'reviews', 'review')).toEqual({ upheld: 5, corrected: null, other: null, pending: 2, total: 7 });
    expect(values(r, 'reviews', 'litigation_direct')).toEqual({ upheld: 8, corrected: null, other: null, pending: 1, total: 9 });
  });
  it('holds the 勾稽关系 for 自然人: 821 + 18 = 767 + 72', () => {
    const v = (row: string) => values(r, 'requests', row).natural as number;
    expect(v('received') + v('carried_in')).toBe(v('total') + v('carried_out'));
  });
  it('reads 采购总金额 in 元', () => {
    const a = r.tables.proactive.rows.procurement!.cells.amount!;
    expect(a.value).toBe(251000);
    expect(a.unit).toBe('元');
  });
});
