// Unit tests per class of issue 12 points 3–6: dates, who is a government, agency names, prose numbers.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agencyGroups, classifyAgency, cleanAgency, sameAgency } from '../../src/core/agency.js';
import { labelledDates, looseDate } from '../../src/core/extract/dates.js';
import { htmlToText } from '../../src/core/readers/html.js';
import { resolveSettings } from '../../src/core/rules/index.js';
import { checkString, ROOT } from '../helpers/engine.js';
import { buildReport, zeroRequests } from '../helpers/reportgen.js';

describe('dates', () => {
  it('reads labelled page times in the forms pages print them', () => {
    const t = '来源：某局　时间：2020-01-20 15:22\n发布日期：2021年2月3日\n发文日期: 2022/3/4\n日期：2023.04.05';
    expect(labelledDates(t).map((d) => d.date)).toEqual(['2020-01-20', '2021-02-03', '2022-03-04', '2023-04-05']);
    // Glued to the source, or a table cell without a colon.
    expect(labelledDates('来源：某局发布时间：2022-01-28 09:10:00').map((d) => d.date)).toEqual(['2022-01-28']);
    expect(labelledDates('发文机关\t国务院办公厅\n成文日期\t2022年01月27日').map((d) => d.date)).toEqual(['2022-01-27']);
  });
  it('a statistics period or a date inside a sentence is not a page time', () => {
    expect(labelledDates('统计时间：2023年1月1日至2023年12月31日')).toEqual([]);
    expect(labelledDates('本报告统计期限：2023-01-01至2023-12-31')).toEqual([]);
    expect(labelledDates('会议时间：2023年1月1日起')).toEqual([]);
  });
  it('reads tag and PDF property dates', () => {
    expect(looseDate("D:20220208163400+08'00'")).toBe('2022-02-08');
    expect(looseDate('2024/3/5 09:00')).toBe('2024-03-05');
    expect(looseDate('not a date')).toBeNull();
  });
  it('the HTML reader passes publication tags through (PubDate, publishdate, firstpublishedtime …)', () => {
    for (const name of ['PubDate', 'publishdate', 'ArticlePublishDate', 'firstpublishedtime', 'article:published_time', 'ContentPublishTime']) {
      const attr = name.includes(':') ? 'property' : 'name';
      const h = htmlToText(`<html><head><meta ${attr}="${name}" content="2024-01-15 09:00"></head><body><p>x</p></body></html>`);
      expect(h.pageDates, name).toEqual([{ date: '2024-01-15', label: name }]);
    }
    expect(htmlToText('<html><head><meta name="keywords" content="2024-01-15"></head><body></body></html>').pageDates).toEqual([]);
  });
  it('a date alone on a header line is the page time; （2024年1月15日） under the title is the report\'s own date', async () => {
    const lines = buildReport({ agency: '测试市统计局', year: 2023, date: null }).split('\n');
    const at = async (line: string) => (await checkString([lines[0], line, ...lines.slice(1)].join('\n'))).json.reports[0]!;
    expect(await at('[ 2024-01-26 ] 【打印】【关闭】')).toMatchObject({ publishedOn: '2024-01-26', publishedOnSource: 'page' });
    expect(await at('2024-01-26 16:29')).toMatchObject({ publishedOn: '2024-01-26', publishedOnSource: 'page' });
    expect(await at('（2024年1月15日）')).toMatchObject({ publishedOn: '2024-01-15', publishedOnSource: 'signature', signedOn: '2024-01-15' });
    expect(await at('2023年1月20日，我局召开专题会议。')).toMatchObject({ publishedOn: null });
  });
  it('a page date applies to a page holding one report, not to every year of a page holding several', async () => {
    const one = (await checkString(`时间：2024-01-10\n${buildReport({ year: 2023, date: null })}`)).json.reports;
    expect(one.map((r) => [r.publishedOn, r.publishedOnSource])).toEqual([['2024-01-10', 'page']]);
    // The page's own time above two years: neither year was published then (no false R-DATE-LATE for 2022).
    const two = `时间：2024-01-10\n${buildReport({ year: 2022, date: null })}\n${buildReport({ year: 2023, date: null })}`;
    const r = (await checkString(two)).json.reports;
    expect(r.map((x) => x.publishedOn)).toEqual([null, null]);
    expect(r[0]!.findings.map((f) => f.rule)).not.toContain('R-DATE-LATE');
    // Each year's post header between the reports belongs to the report after it.
    const posts = `${buildReport({ year: 2022, date: null })}\n来源：测试市统计局 发布时间：2024-01-12\n${buildReport({ year: 2023, date: null })}`;
    const p = (await checkString(posts)).json.reports;
    expect(p.map((x) => x.publishedOn)).toEqual([null, '2024-01-12']);
  });
});

describe('who is a government', () => {
  const kind = (n: string) => {
    const t = classifyAgency(n);
    return `${t.kind}${t.certain ? '' : '?'}`;
  };
  it('classifies by name', () => {
    expect(kind('淮安市洪泽区人民政府')).toBe('government');
    expect(kind('平潭综合实验区')).toBe('government');
    expect(kind('平潭综合实验区管委会')).toBe('government');
    expect(kind('雄安新区管理委员会')).toBe('government');
    expect(kind('上海市人民政府办公厅')).toBe('department');
    expect(kind('测试市统计局')).toBe('department');
    expect(kind('测试市卫生健康委员会')).toBe('department');
    expect(kind('测试市政务服务中心')).toBe('department');
    expect(kind('城关镇人民政府')).toBe('township');
    expect(kind('东湖街道办事处')).toBe('township');
    expect(kind('某某乡')).toBe('township');
    expect(kind('测试经济技术开发区管委会')).toBe('department?');
    expect(kind('洪泽区')).toBe('government?');
  });
  it('a settings override wins, with or without the parent city', () => {
    expect(classifyAgency('测试开发区管委会', { 测试开发区管委会: 'government' })).toMatchObject({ kind: 'government', certain: true });
    expect(classifyAgency('淮安市洪泽区人民政府', { 洪泽区人民政府: 'department' }).kind).toBe('department');
    expect(classifyAgency('福州市鼓楼区人民政府', { 南京市鼓楼区人民政府: 'department' }).kind).toBe('government');
    expect(resolveSettings({ agencyTypes: { 甲: '政府', 乙: '部门', 丙: 'x' } as never }).agencyTypes).toEqual({ 甲: 'government', 乙: 'department' });
  });
  it('the CLI rejects a bad agency type in --settings with a clear message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-set-'));
    writeFileSync(join(dir, 's.json'), JSON.stringify({ agencyTypes: { 某开发区管委会: '乡镇' } }));
    writeFileSync(join(dir, 'r.txt'), buildReport({ agency: '某开发区管委会', date: '2024年2月15日' }));
    const bad = spawnSync('node', [join(ROOT, 'bin/nianbao.mjs'), 'check', '--json', '--settings', join(dir, 's.json'), join(dir, 'r.txt')], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('agencyTypes');
    expect(bad.stderr).toContain('应为“政府”或“部门”');
    writeFileSync(join(dir, 's.json'), JSON.stringify({ agencyTypes: { 某开发区管委会: '政府' } }));
    const ok = JSON.parse(execFileSync('node', [join(ROOT, 'bin/nianbao.mjs'), 'check', '--json', '--settings', join(dir, 's.json'), join(dir, 'r.txt')], { encoding: 'utf8' }));
    expect(ok.documents[0].reports[0].findings.map((f: { rule: string }) => f.rule)).not.toContain('R-DATE-LATE');
  });
});

describe('agency names', () => {
  it('strips labels glued to a name', () => {
    expect(cleanAgency('发布机构：测试市统计局')).toBe('测试市统计局');
    expect(cleanAgency('名称测试县财政局')).toBe('测试县财政局');
    expect(cleanAgency('来源: 测试县财政局')).toBe('测试县财政局');
    expect(cleanAgency('《测试县财政局》')).toBe('测试县财政局');
  });
  it('the same agency with or without its parent city; different parents stay apart', () => {
    expect(sameAgency('淮安市洪泽区人民政府', '洪泽区人民政府')).toBe(true);
    expect(sameAgency('江苏省淮安市洪泽区人民政府', '淮安市洪泽区人民政府')).toBe(true);
    expect(sameAgency('淮安市人民政府', '洪泽区人民政府')).toBe(false);
    expect(sameAgency('测试市城市管理局', '城市管理局')).toBe(false);
    const g = agencyGroups(['南京市鼓楼区人民政府', '福州市鼓楼区人民政府', '鼓楼区人民政府']);
    expect(g.get('南京市鼓楼区人民政府')).not.toBe(g.get('福州市鼓楼区人民政府'));
    expect(g.get('鼓楼区人民政府')).not.toBe(g.get('南京市鼓楼区人民政府'));
  });
  it('a bracketed note after the title does not hide the agency', async () => {
    const lines = buildReport({ agency: '测试市统计局', year: 2023 }).split('\n');
    const r = (await checkString(['测试市统计局2023年度政府信息公开工作年度报告（全文）', ...lines.slice(1)].join('\n'))).json.reports[0]!;
    expect([r.agency, r.year]).toEqual(['测试市统计局', 2023]);
  });
  it('an auditor merge joins two names', () => {
    expect(sameAgency('测试市统计局', '测试市统计信息中心')).toBe(false);
    expect(sameAgency('测试市统计局', '测试市统计信息中心', { 测试市统计信息中心: '测试市统计局' })).toBe(true);
  });
});

describe('prose numbers', () => {
  const withText = async (agency: string, sentence: string, received: number, carriedIn = 0) => {
    const req = zeroRequests();
    const total = received + carriedIn;
    req.received = [received, 0, 0, 0, 0, 0, received];
    req.carried_in = [carriedIn, 0, 0, 0, 0, 0, carriedIn];
    req.granted = [total, 0, 0, 0, 0, 0, total];
    req.total = [total, 0, 0, 0, 0, 0, total];
    const text = buildReport({ agency, requests: req, date: '2024年1月20日' }).replace('全年办理依申请公开工作，严格按时答复。', sentence);
    return (await checkString(text)).json.reports[0]!.findings.filter((f) => f.rule === 'R-TEXT-TABLE');
  };
  it('a number in parentheses or after 含/其中/包括 is never the main figure', async () => {
    expect(await withText('测试市公安局', '全年共答复3050件（含上年度结转申请34件）。', 3016, 34)).toEqual([]);
    expect(await withText('测试市公安局', '全年答复申请3050件，包括上年结转34件。', 3016, 34)).toEqual([]);
  });
  it('replies to a 复议 or to 建议/提案 are not the table\'s total', async () => {
    expect(await withText('测试市公安局', '全年行政复议答复3件，人大建议提案答复20件。', 10)).toEqual([]);
  });
  it('findings carry the canonical row', async () => {
    const f = await withText('测试市公安局', '全年共收到政府信息公开申请17件。', 95);
    expect(f).toMatchObject([{ row: 'received', expected: 95, actual: 17, severity: 'warning' }]);
  });
  it('全县 in a government\'s own report is compared normally; in a department\'s it needs review', async () => {
    expect(await withText('测试县人民政府', '全县共收到政府信息公开申请40件。', 38)).toMatchObject([{ severity: 'warning', row: 'received' }]);
    expect((await withText('测试县人民政府', '全县共收到政府信息公开申请40件。', 38))[0]!.needsReview).toBeUndefined();
    expect(await withText('测试县财政局', '全县共收到政府信息公开申请40件。', 38)).toMatchObject([{ severity: 'info', needsReview: true }]);
  });
});
