// Each rule fires on a minimal case and stays silent on its twin.
import { describe, expect, it } from 'vitest';
import { checkString } from '../helpers/engine.js';
import { buildReport, consistentRequests, zeroRequests, type ReportSpec } from '../helpers/reportgen.js';
import { checkPaths } from '../../src/services/check.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RULES } from '../../src/core/rules/registry.js';
import type { FindingJson } from '../../src/core/output.js';

async function findings(spec: ReportSpec, settings?: Parameters<typeof checkString>[2]): Promise<FindingJson[]> {
  const name = spec.layout === 'html' ? 'r.html' : 'r.txt';
  const c = await checkString(buildReport(spec), name, settings);
  expect(c.json.reports).toHaveLength(1);
  return c.json.reports[0]!.findings;
}
const ids = (fs: FindingJson[]) => fs.map((f) => f.rule);

function rng(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe('baseline', () => {
  it('a complete consistent report has no findings, in every layout', async () => {
    for (const layout of ['tab', 'pipe', 'markdown', 'cell-per-line', 'html'] as const) {
      const fs = await findings({ layout, requests: consistentRequests(rng(7)) });
      expect(fs, layout).toEqual([]);
    }
  });
});

describe('structure', () => {
  it('R-SEC-MISSING fires when section 五 is absent', async () => {
    const fs = await findings({ sections: { problems: null } });
    expect(fs.find((f) => f.rule === 'R-SEC-MISSING')).toMatchObject({ section: 'problems', severity: 'error' });
  });
  it('R-SEC-EMPTY fires on an empty section and on an empty sub-head', async () => {
    expect(ids(await findings({ sections: { problems: '' } }))).toContain('R-SEC-EMPTY');
    const fs = await findings({ overview: '（一）主动公开\n全年公开信息10条。\n（二）依申请公开\n（三）政府信息管理\n加强管理。' });
    expect(fs.filter((f) => f.rule === 'R-SEC-EMPTY').map((f) => f.message)).toEqual([expect.stringContaining('依申请公开')]);
  });
  it('R-SEC-ORDER fires when 五 comes before 四', async () => {
    const text = buildReport().replace(
      /(四、政府信息公开行政复议、行政诉讼情况[\s\S]*?)(五、存在的主要问题及改进情况\n[^\n]*\n)/,
      (_m, four: string, five: string) => five + four,
    );
    const c = await checkString(text);
    expect(ids(c.json.reports[0]!.findings)).toContain('R-SEC-ORDER');
    expect(ids(await findings({}))).not.toContain('R-SEC-ORDER');
  });
  it('R-TBL-MISSING fires when section 三 has no table', async () => {
    const fs = await findings({ sections: { requests: '本年度未收到政府信息公开申请。' } });
    expect(fs.find((f) => f.rule === 'R-TBL-MISSING')).toMatchObject({ table: 'requests' });
  });
  it('R-TBL-BLANK: one blank cell is a warning, a whole blank table an error', async () => {
    const req = zeroRequests();
    req.granted![1] = '';
    expect((await findings({ requests: req })).find((f) => f.rule === 'R-TBL-BLANK')).toMatchObject({ severity: 'warning', table: 'requests' });
    const blank = Object.fromEntries(Object.keys(zeroRequests()).map((k) => [k, ['', '', '', '', '', '', '']]));
    expect((await findings({ requests: blank })).find((f) => f.rule === 'R-TBL-BLANK')).toMatchObject({ severity: 'error' });
  });
  it('R-TBL-SHAPE fires on a row with an extra cell and not on a well-formed row', async () => {
    const req = zeroRequests();
    req.received = [1, 0, 0, 0, 0, 0, 1, 5];
    req.granted = [1, 0, 0, 0, 0, 0, 1];
    req.total = [1, 0, 0, 0, 0, 0, 1];
    const fs = await findings({ requests: req });
    expect(fs.filter((f) => f.rule === 'R-TBL-SHAPE').map((f) => f.row)).toEqual(['received']);
  });
  it('R-TBL-LABEL fires on a misspelt row label', async () => {
    const text = buildReport().replace('4.无正当理由大量反复申请', '4.无正当理由由大量反复申请');
    const c = await checkString(text);
    expect(c.json.reports[0]!.findings.find((f) => f.rule === 'R-TBL-LABEL')).toMatchObject({ row: 'not_processed.excessive', severity: 'info' });
  });
  it('R-TBL-VALUE fires on a negative and a fractional count, not on 本年增/减', async () => {
    const req = zeroRequests();
    req.partial = [-1, 0, 0, 0, 0, 0, -1];
    req.granted = [1.5, 0, 0, 0, 0, 0, 1.5];
    req.total = [0.5, 0, 0, 0, 0, 0, 0.5];
    const fs = await findings({ requests: req });
    const v = fs.filter((f) => f.rule === 'R-TBL-VALUE').map((f) => `${f.row}:${f.col}`);
    expect(v).toContain('partial:natural');
    expect(v).toContain('granted:total');
  });
  it('R-FMT-VERSION fires on a 2022 report in the 2019 layout', async () => {
    const text = buildReport({ year: 2022 })
      .replace('本年制发件数\t本年废止件数\t现行有效件数', '本年新制作数量\t本年新公开数量\t对外公开总数量')
      .replace(/\n\t（六）其他处理\t1\.[^\n]*\n[^\n]*\n[^\n]*\n/, '\n\t（六）其他处理\t0\t0\t0\t0\t0\t0\t0\n');
    const c = await checkString(text);
    const r = c.json.reports[0]!;
    expect(r.format).toBe('2019');
    expect(ids(r.findings)).toContain('R-FMT-VERSION');
    expect(ids(await findings({ year: 2022 }))).not.toContain('R-FMT-VERSION');
  });
  it('R-META-YEAR fires when the title and the statistics period disagree', async () => {
    const fs = await findings({ year: 2023, intro: '本年度报告中所列数据统计期限自2022年1月1日起至2022年12月31日止。' });
    expect(fs.find((f) => f.rule === 'R-META-YEAR')).toMatchObject({ expected: 2023, actual: 2022 });
  });
});

describe('arithmetic', () => {
  it('R-SUM-ROW fires with expected/actual and both sides located; blank total is a warning', async () => {
    const req = zeroRequests();
    req['unable.not_held'] = [1000, 50, 0, 0, 15, 0, 1047];
    const fs = await findings({ requests: req });
    const f = fs.find((x) => x.rule === 'R-SUM-ROW')!;
    expect(f).toMatchObject({ row: 'unable.not_held', col: 'total', expected: 1065, actual: 1047, severity: 'error', blankInvolved: false });
    expect(f.source.filter((s) => s.role === 'total')).toHaveLength(1);
    expect(f.source.filter((s) => s.role === 'part')).toHaveLength(6);
    req['unable.not_held'] = [3, 0, 0, 0, 0, 0, ''];
    const g = (await findings({ requests: req })).find((x) => x.rule === 'R-SUM-ROW')!;
    expect(g).toMatchObject({ severity: 'warning', blankInvolved: true, expected: 3, actual: null });
  });
  it('R-SUM-RESULTS and R-SUM-BALANCE fire on a wrong （七）总计 and stay silent on a consistent table', async () => {
    const req = consistentRequests(rng(3));
    const ok = await findings({ requests: req });
    expect(ids(ok)).toEqual([]);
    const bad = structuredClone(req);
    (bad.total![0] as number) += 1;
    (bad.total![6] as number) += 1;
    const fs = await findings({ requests: bad });
    expect(fs.filter((f) => f.rule === 'R-SUM-RESULTS').map((f) => f.col)).toEqual(['natural', 'total']);
    expect(fs.filter((f) => f.rule === 'R-SUM-BALANCE').map((f) => f.col)).toEqual(['natural', 'total']);
    expect(ids(fs)).not.toContain('R-SUM-ROW');
  });
  it('R-SUM-REVIEW fires per group', async () => {
    const rv = new Array(15).fill(0);
    rv[5] = 2;
    rv[9] = 3; // direct litigation: 2 ≠ 3
    const fs = await findings({ reviews: rv });
    expect(fs.filter((f) => f.rule === 'R-SUM-REVIEW').map((f) => [f.row, f.expected, f.actual])).toEqual([['litigation_direct', 2, 3]]);
  });
});

describe('dates', () => {
  it('R-DATE-MISSING fires without a date', async () => {
    expect(ids(await findings({ date: null }))).toContain('R-DATE-MISSING');
  });
  it('R-DATE-LATE: a department after 31 January, a government by 31 March', async () => {
    expect(ids(await findings({ date: '2024年2月5日' }))).toContain('R-DATE-LATE');
    expect(ids(await findings({ date: '2024年1月31日' }))).not.toContain('R-DATE-LATE');
    expect(ids(await findings({ agency: '测试县人民政府', date: '2024年3月20日' }))).not.toContain('R-DATE-LATE');
    expect(ids(await findings({ agency: '测试县人民政府', date: '2024年4月2日' }))).toContain('R-DATE-LATE');
  });
  it('deadlines come from the settings', async () => {
    const fs = await findings({ date: '2024年1月25日' }, { deadlines: { department: { month: 1, day: 20 }, government: { month: 3, day: 31 } } });
    expect(ids(fs)).toContain('R-DATE-LATE');
  });
});

describe('content', () => {
  it('R-OTHER-FEES fires on a bare 无。 in a 2021+ report, not in a 2020 one', async () => {
    expect(ids(await findings({ otherText: '无。' }))).toContain('R-OTHER-FEES');
    expect(ids(await findings({ otherText: '本年度未收取信息处理费。' }))).not.toContain('R-OTHER-FEES');
  });
  it('R-TEXT-TABLE: 共收到申请2件 vs 本年新收 3; silent when they agree or after 其中', async () => {
    const req = zeroRequests();
    req.received = [3, 0, 0, 0, 0, 0, 3];
    req.granted = [3, 0, 0, 0, 0, 0, 3];
    req.total = [3, 0, 0, 0, 0, 0, 3];
    const ov = (s: string) => `（一）主动公开\n公开信息10条。\n（二）依申请公开\n${s}\n（三）政府信息管理\n加强管理。\n（四）政府信息公开平台建设\n优化网站。\n（五）监督保障\n纳入考核。`;
    const bad = await findings({ requests: req, overview: ov('全年共收到政府信息公开申请2件，均按时答复。') });
    expect(bad.find((f) => f.rule === 'R-TEXT-TABLE')).toMatchObject({ expected: 3, actual: 2, severity: 'warning' });
    expect(ids(await findings({ requests: req, overview: ov('全年共收到政府信息公开申请3件，均按时答复。') }))).not.toContain('R-TEXT-TABLE');
    expect(ids(await findings({ requests: req, overview: ov('全年共收到申请三件，其中2件通过网络提交。') }))).not.toContain('R-TEXT-TABLE');
    const fw = await findings({ requests: req, overview: ov('全年共收到政府信息公开申请２件。') });
    expect(fw.find((f) => f.rule === 'R-TEXT-TABLE')).toMatchObject({ actual: 2 });
  });
  it('R-TEXT-TABLE marks region-wide numbers as needs review', async () => {
    const ov = '（一）主动公开\n全市共收到政府信息公开申请1,200件。\n（二）依申请公开\n按时答复。';
    const f = (await findings({ overview: ov })).find((x) => x.rule === 'R-TEXT-TABLE')!;
    expect(f).toMatchObject({ needsReview: true, severity: 'info', actual: 1200 });
  });
});

describe('settings', () => {
  it('a rule switched off does not fire; severity can be overridden', async () => {
    expect(ids(await findings({ date: null }, { rules: { 'R-DATE-MISSING': { enabled: false } } }))).not.toContain('R-DATE-MISSING');
    const f = (await findings({ date: null }, { rules: { 'R-DATE-MISSING': { enabled: true, severity: 'error' } } })).find((x) => x.rule === 'R-DATE-MISSING');
    expect(f?.severity).toBe('error');
  });
  it('the registry covers the whole catalogue with Chinese titles', () => {
    // The catalogue's 23 rules, R-NOT-REPORT, R-NO-TEXT and R-SCAN-COARSE (a scan too coarse to trust).
    expect(RULES).toHaveLength(26);
    expect(RULES.map((r) => r.id)).toContain('R-SCAN-COARSE');
    for (const r of RULES) expect(r.title).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('fingerprints', () => {
  it('are stable across a re-run with different text around them', async () => {
    const req = zeroRequests();
    req['unable.not_held'] = [10, 0, 0, 0, 0, 0, 9];
    const a = await findings({ requests: req });
    const b = await findings({ requests: req, problemsText: '完全不同的一段文字，篇幅也更长一些，用于改变偏移量。下一步将改进。', intro: '另一段引言。' });
    expect(a.map((f) => f.fingerprint)).toEqual(b.map((f) => f.fingerprint));
    expect(a.find((f) => f.rule === 'R-SUM-ROW')!.fingerprint).toBe('R-SUM-ROW:requests:unable.not_held:total');
  });
});

describe('across years', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-xyear-'));
  const write = (name: string, spec: ReportSpec) => {
    const p = join(dir, name);
    writeFileSync(p, buildReport(spec));
    return p;
  };
  it('R-XYEAR-CARRY fires per column when 结转 does not match the next 上年结转', async () => {
    const y1 = zeroRequests();
    y1.received = [5, 0, 0, 0, 0, 0, 5];
    y1.granted = [3, 0, 0, 0, 0, 0, 3];
    y1.total = [3, 0, 0, 0, 0, 0, 3];
    y1.carried_out = [2, 0, 0, 0, 0, 0, 2];
    const y2 = zeroRequests();
    y2.carried_in = [1, 0, 0, 0, 0, 0, 1];
    y2.received = [0, 0, 0, 0, 0, 0, 0];
    y2.granted = [1, 0, 0, 0, 0, 0, 1];
    y2.total = [1, 0, 0, 0, 0, 0, 1];
    const a = write('a2022.txt', { year: 2022, requests: y1 });
    const b = write('b2023.txt', { year: 2023, requests: y2 });
    const { result } = await checkPaths([a, b]);
    const carry = result.crossYear.filter((f) => f.rule === 'R-XYEAR-CARRY');
    expect(carry.map((f) => [f.col, f.expected, f.actual])).toEqual([
      ['natural', 2, 1],
      ['total', 2, 1],
    ]);
    expect(carry[0]!.source.map((s) => s.file)).toEqual([a, b]);
  });
  it('R-XYEAR-INFORCE and R-XYEAR-COPY', async () => {
    const text = '本年度我局紧紧围绕中心工作，持续深化政务公开，规范依申请公开办理流程，加强政府信息管理，建设政务公开平台，完善监督保障机制，公开质量持续提升，群众满意度不断提高。';
    const p = { regulations: [0, 0, 0], normative_docs: [1, 0, 3], licensing: 0, penalty: 0, enforcement: 0, fees: 0 };
    const a = write('c2022.txt', { agency: '甲市乙局', year: 2022, proactive2021: { ...p, normative_docs: [1, 0, 3] }, overview: text });
    const b = write('d2023.txt', { agency: '甲市乙局', year: 2023, proactive2021: { ...p, normative_docs: [2, 1, 3] }, overview: text });
    const { result } = await checkPaths([a, b]);
    const inforce = result.crossYear.find((f) => f.rule === 'R-XYEAR-INFORCE');
    expect(inforce).toMatchObject({ row: 'normative_docs', expected: 4, actual: 3 });
    expect(result.crossYear.find((f) => f.rule === 'R-XYEAR-COPY')).toMatchObject({ section: 'overview' });
    const c = write('e2023.txt', { agency: '甲市乙局', year: 2023, proactive2021: { ...p, normative_docs: [2, 1, 4] } });
    const r2 = await checkPaths([a, c]);
    expect(r2.result.crossYear.map((f) => f.rule)).toEqual([]);
  });
});

describe('document rules', () => {
  it('a plain text file with almost no text is described as not a report, not as a scan (scans: readers.test)', async () => {
    const c = await checkString('  \n\n 1 \n', 'note.txt');
    expect(c.json.findings.map((f) => f.rule)).toEqual(['R-NOT-REPORT']);
    expect(c.json.findings[0]!.message).toBe('这是一个纯文本文件，只有 1 个字，不是年报，已跳过');
    expect(c.json.findings[0]!.message).not.toContain('扫描');
    expect(c.json.reports).toEqual([]);
  });
});
