// Issue 12, points 1, 2, 5, 7, 8: unit tests per class, and the two real reports' table facts.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { checkFilePath, checkString, FIXTURES } from '../helpers/engine.js';
import { buildReport } from '../helpers/reportgen.js';
import { requestsV1, REVIEWS_V1, PROACTIVE_V1 } from '../helpers/structure-corpus.js';
import { splitRunOn } from '../../src/core/extract/runon.js';
import { splitLines } from '../../src/core/text/lines.js';
import { labelKey, normalizeForMatch } from '../../src/core/text/normalize.js';
import type { Report } from '../../src/core/model.js';

const vals = (r: Report, t: 'requests' | 'reviews' | 'proactive', row: string) =>
  Object.values(r.tables[t].rows[row]?.cells ?? {}).map((c) => c.value);
const rules = (fs: { rule: string }[]) => fs.map((f) => f.rule);
const report = (extra = {}) => buildReport({ agency: '测试县人民政府办公室', year: 2023, requests: requestsV1(), reviews: REVIEWS_V1, proactive2021: PROACTIVE_V1, ...extra });

describe('real: 淮安市洪泽区人民政府 2024 (hongze-2024.pdf)', async () => {
  const { parse, json } = await checkFilePath(join(FIXTURES, 'real', 'hongze-2024.pdf'));
  const r = parse!.reports[0]!;
  const f = json.reports[0]!.findings;
  it('reads table 三 一 95, （一）50, （七）95, 四 0', () => {
    expect(r.tables.requests.rows.received!.cells.total!.value).toBe(95);
    expect(r.tables.requests.rows.granted!.cells.total!.value).toBe(50);
    expect(r.tables.requests.rows.total!.cells.total!.value).toBe(95);
    expect(r.tables.requests.rows.carried_out!.cells.total!.value).toBe(0);
  });
  it('reads table 四: 复议 1+1+0+0=2, 直诉 1, 复议后起诉 2+0+1+0=3', () => {
    expect(vals(r, 'reviews', 'review')).toEqual([1, 1, 0, 0, 2]);
    expect(vals(r, 'reviews', 'litigation_direct')).toEqual([1, 0, 0, 0, 1]);
    expect(vals(r, 'reviews', 'litigation_after_review')).toEqual([2, 0, 1, 0, 3]);
  });
  it('reads （六）其他处理 as the one row printed and names that once, not as 21 blank cells', () => {
    expect(vals(r, 'requests', 'other')).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(r.tables.requests.rowOrder).toContain('other');
    expect(r.tables.requests.rowOrder).not.toContain('other.no_correction');
    const shape = f.filter((x) => x.rule === 'R-TBL-SHAPE');
    expect(shape).toHaveLength(1);
    expect(shape[0]).toMatchObject({ table: 'requests', row: 'other' });
    expect(rules(f)).not.toContain('R-TBL-BLANK');
    expect(rules(f).filter((x) => x.startsWith('R-SUM'))).toEqual([]);
  });
  it('keeps the label typo 其他法律行政止公开 as R-TBL-LABEL', () => {
    expect(f.filter((x) => x.rule === 'R-TBL-LABEL').map((x) => x.message).join()).toContain('其他法律行政止公开');
  });
  it('raises no structure finding: all six sections found', () => {
    expect(Object.values(r.sections).every((s) => s.present)).toBe(true);
    expect(rules(f).filter((x) => x.startsWith('R-SEC'))).toEqual([]);
  });
});

describe('real: 平潭综合实验区 2021 (pingtan-2021.html)', async () => {
  const { parse, json } = await checkFilePath(join(FIXTURES, 'real', 'pingtan-2021.html'));
  const r = parse!.reports[0]!;
  it('reads 一 70, （一）30, （七）69, 四 1 and 现行有效 行政规范性文件 665', () => {
    expect(r.tables.requests.rows.received!.cells.total!.value).toBe(70);
    expect(r.tables.requests.rows.granted!.cells.total!.value).toBe(30);
    expect(r.tables.requests.rows.total!.cells.total!.value).toBe(69);
    expect(r.tables.requests.rows.carried_out!.cells.total!.value).toBe(1);
    expect(r.tables.proactive.rows.normative_docs!.cells.in_force!.value).toBe(665);
  });
  it('has consistent tables: no table or sum finding', () => {
    expect(rules(json.reports[0]!.findings).filter((x) => /^R-(TBL|SUM|SEC|FMT)/.test(x))).toEqual([]);
  });
  it('reads the same when the page text lost its line breaks', async () => {
    const one = await checkString(parse!.doc.text.replace(/\s+/g, ' '), 'pingtan.txt');
    const o = one.parse!.reports[0]!;
    expect(o.tables.requests.rows.received!.cells.total!.value).toBe(70);
    expect(o.tables.requests.rows.total!.cells.total!.value).toBe(69);
    expect(o.tables.proactive.rows.normative_docs!.cells.in_force!.value).toBe(665);
    expect(Object.values(o.sections).every((s) => s.present)).toBe(true);
  });
});

describe('headings (point 1)', () => {
  it('a wrong heading never drops its table: 三 without any heading is found by its table', async () => {
    const { parse, json } = await checkString(report().replace('三、收到和处理政府信息公开申请情况\n', ''));
    const r = parse!.reports[0]!;
    expect(r.sections.requests.present).toBe(true);
    expect(r.sections.requests.titleDeviation).toBe('inferred');
    expect(r.tables.requests.rows.received!.cells.total!.value).toBe(6);
    // Section 二 ends where table 三 starts: table 二 keeps its rows, and nothing of 三 in it.
    expect(r.tables.proactive.rows.licensing!.cells.decisions!.value).toBe(37);
    const f = json.reports[0]!.findings;
    expect(f.filter((x) => x.rule === 'R-SEC-TITLE')).toHaveLength(1);
    expect(f.find((x) => x.rule === 'R-SEC-TITLE')!.severity).toBe('info');
    expect(rules(f)).not.toContain('R-SEC-MISSING');
  });
  it('a section 一 sub-head just above an unheaded table 二 stays in section 一', async () => {
    const { parse, json } = await checkString(report().replace('二、主动公开政府信息情况\n', ''));
    const r = parse!.reports[0]!;
    expect(r.sections.proactive.present).toBe(true);
    expect(r.sections.proactive.heading).toBeNull();
    expect(r.sections.overview.subheads.map((h) => h.title)).toContain('监督保障');
    expect(r.tables.proactive.rows.normative_docs!.cells.in_force!.value).toBe(9);
    expect(json.reports[0]!.findings.find((x) => x.rule === 'R-SEC-TITLE')!.message).toContain('未找到“二、主动公开政府信息情况”标题');
  });
  it('a table 三 row numbered like a section is not taken for the heading of 三', async () => {
    const text = report({ layout: 'cell-per-line' }).replace('三、收到和处理政府信息公开申请情况\n', '');
    const { parse } = await checkString(text);
    const r = parse!.reports[0]!;
    expect(r.sections.requests.titleDeviation).toBe('inferred');
    expect(r.tables.requests.rows.received!.cells.total!.value).toBe(6);
    expect(r.tables.requests.rows.carried_in!.cells.total!.value).toBe(1);
  });
  it('quotes a deviating heading in an info finding', async () => {
    const { json } = await checkString(report().replace('五、存在的主要问题及改进情况', '五、存在的主要问题及整改措施'));
    const t = json.reports[0]!.findings.filter((x) => x.rule === 'R-SEC-TITLE');
    expect(t).toHaveLength(1);
    expect(t[0]!.message).toContain('五、存在的主要问题及整改措施');
    expect(t[0]!.severity).toBe('info');
  });
  it('does not take a numbered sub-head of section 一 for a section heading', async () => {
    const overview = ['1、主动公开情况', '全年主动公开信息120条。', '2、依申请公开情况', '全年收到申请6件。'].join('\n');
    const { parse, json } = await checkString(report({ overview }));
    expect(parse!.reports[0]!.sections.overview.range).not.toBeNull();
    expect(rules(json.reports[0]!.findings)).not.toContain('R-SEC-TITLE');
    expect(rules(json.reports[0]!.findings)).not.toContain('R-SEC-ORDER');
  });
});

describe('table shapes of the other format (point 2)', () => {
  it('a 2019 report (2019 table 二) keeps its one-row （六） without a finding', async () => {
    const text = report({ year: 2020 })
      .replace(/第二十条第（一）项[\s\S]*?(?=三、收到)/, ['第二十条第（一）项', '信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量', '规章\t0\t0\t0', '规范性文件\t2\t2\t9', ''].join('\n'))
      .replace(/\t（六）其他处理\t1\.申请人[^\n]*\n[^\n]*\n[^\n]*\n/, '\t（六）其他处理\t\t0\t0\t0\t0\t0\t0\t0\n');
    const { parse, json } = await checkString(text);
    const r = parse!.reports[0]!;
    expect(r.format).toBe('2019');
    expect(vals(r, 'requests', 'other')).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(r.tables.requests.blockDeviation).toBeUndefined();
    expect(rules(json.reports[0]!.findings)).not.toContain('R-TBL-SHAPE');
  });
});

describe('run-on text (point 7)', () => {
  it('cuts a one-line report before headings, row labels and after sentence ends', () => {
    const t = report().replace(/\s+/g, ' ');
    const lines = splitRunOn(normalizeForMatch(t), splitLines(t)).map((l) => t.slice(l.start, l.end).trim());
    expect(lines).toContain('规章 0 0 0');
    expect(lines).toContain('行政许可 37');
    expect(lines).toContain('一、本年新收政府信息公开申请数量 5 1 0 0 0 0 6');
    expect(lines.some((l) => l.startsWith('四、政府信息公开行政复议、行政诉讼情况'))).toBe(true);
    expect(lines).toContain('1 1 0 0 2 1 0 0 0 1 2 0 1 0 3');
  });
  it('leaves ordinary lines alone', () => {
    const t = report();
    const a = splitLines(t);
    expect(splitRunOn(normalizeForMatch(t), a)).toBe(a);
  });
  it('reads a 1 MB line (many reports run together)', { timeout: 60_000 }, async () => {
    const one = report().replace(/\s+/g, ' ');
    const text = new Array(Math.ceil(1_000_000 / one.length)).fill(one).join(' ');
    const { parse } = await checkString(text);
    expect(parse!.reports.length).toBe(Math.ceil(1_000_000 / one.length));
    expect(parse!.reports.at(-1)!.tables.requests.rows.received!.cells.total!.value).toBe(6);
  });
});

describe('label noise (point 8)', () => {
  it('punctuation, brackets and spaces are not a difference', () => {
    expect(labelKey('申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请')).toBe(labelKey('申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'));
    expect(labelKey('本年收费金额(单位:万元)')).toBe(labelKey('本年收费金额（单位：万元）'));
    expect(labelKey('行政 规范性文件')).toBe('行政规范性文件');
    expect(labelKey('其他法律行政止公开')).not.toBe(labelKey('其他法律行政法规禁止公开'));
  });
  it('a real label typo is still a finding next to punctuation noise', async () => {
    const { json } = await checkString(
      report()
        .replace('2.其他法律行政法规禁止公开', '2.其他法律行政止公开')
        .replace('1.申请人无正当理由逾期不补正、行政机关', '1.申请人无正当理由逾期不补正，行政机关'),
    );
    const labels = json.reports[0]!.findings.filter((x) => x.rule === 'R-TBL-LABEL');
    expect(labels).toHaveLength(1);
    expect(labels[0]!.message).toContain('其他法律行政止公开');
  });
});

describe('a guide on the page belongs to the document (point 8)', () => {
  it('the findings sheet lists R-NOT-REPORT once, however many reports the page holds', async () => {
    const { VARIANTS } = await import('../helpers/structure-corpus.js');
    const { findingsSheet } = await import('../../src/core/sheets.js');
    const { defaultRubric } = await import('../../src/services/resources.js');
    const { resolveSettings } = await import('../../src/core/rules/index.js');
    const built = VARIANTS['noise-guide-page-txt']!();
    const { json } = await checkString(built.text!, 'guide.txt');
    expect(json.reports).toHaveLength(2);
    const sheet = findingsSheet({ check: { version: 1, documents: [json], crossYear: [] }, rubric: defaultRubric(), settings: resolveSettings(), exportedAt: '2026-01-01T00:00:00Z' });
    expect(sheet.rows.filter((r) => r.rule === 'R-NOT-REPORT')).toHaveLength(1);
  });
});
