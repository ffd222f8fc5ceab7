// The evaluation spreadsheet, written by the CLI and read back with exceljs and openpyxl.
import { describe, expect, it, beforeAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { FIXTURES, ROOT, SEEDS } from '../helpers/engine.js';
import { ReviewStore } from '../../src/services/store/index.js';
import { makeAnchor } from '../../src/core/review.js';
import { safeFileName } from '../../src/core/sheets.js';
import { RULES } from '../../src/core/rules/index.js';
import { checkPaths } from '../../src/services/check.js';
import { defaultRubric } from '../../src/services/resources.js';

const bin = join(ROOT, 'bin', 'nianbao.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: ROOT, encoding: 'utf8' });

async function sheetRows(file: string, name: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(name)!;
  const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, unknown>[] = [];
  ws.eachRow((r, n) => {
    if (n === 1) return;
    const v = (r.values as unknown[]).slice(1);
    rows.push(Object.fromEntries(header.map((h, i) => [h, v[i] ?? null])));
  });
  return { wb, ws, header, rows };
}

// A complete score under the default rubric (version 1): 88 points.
const FULL_88 = Object.entries({ timely: 10, elements: 10, structure: 15, format: 10, tables: 19, consistency: 7, overview: 5, fees: 5, problems: 3, original: 4 }).map(([id, points]) => ({
  id,
  points,
  comment: id === 'tables' ? '表三合计有误，扣 6 分' : '',
}));

describe('nianbao export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-export-'));
  const xlsx = join(dir, '第一轮评审.xlsx');
  const storePath = join(dir, 'review.json');

  beforeAll(async () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')], { cwd: ROOT });
    // An auditor's store: a decision, an annotation, a score and a status on the Shanghai report.
    const { result } = await checkPaths([SEEDS.shanghai]);
    const rep = result.documents[0]!.reports[0]!;
    const f = rep.findings.find((x) => x.rule === 'R-TEXT-TABLE')!;
    const { store } = await ReviewStore.open(storePath, { auditor: '王审核' });
    store.setDecision({ reportKey: rep.key, fingerprint: f.fingerprint, rule: f.rule, verdict: 'confirmed', comment: '正文数字有误' });
    store.upsertAnnotation({ id: 'n1', reportKey: rep.key, anchor: makeAnchor('均获维持，继续保持', 0, 4, 'x'), cellRef: 'reviews:review:pending', category: 'wording', severity: 'warning', note: '表述与表四不符' });
    store.setScore({ reportKey: rep.key, rubricId: 'default', rubricVersion: 1, criteria: FULL_88, total: 88 });
    store.setStatus(rep.key, 'done');
    await store.close();
  });

  it('writes the four sheets with Chinese headers, frozen header rows and filters', async () => {
    const r = run('export', '--xlsx', xlsx, '--store', storePath, FIXTURES);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const { wb } = await sheetRows(xlsx, '评分汇总');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['评分汇总', '问题清单', '表格数据', '更正记录', '统计', '说明']);
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    }
    expect(wb.getWorksheet('问题清单')!.autoFilter).toBeTruthy();
  });

  it('评分汇总: one row per report with score, counts, status and auditor', async () => {
    const { header, rows } = await sheetRows(xlsx, '评分汇总');
    expect(header.slice(0, 5)).toEqual(['单位', '年度', '格式', '发布日期', '总分']);
    expect(header).toEqual(expect.arrayContaining(['错误数', '警告数', '确认问题数', '审核状态', '审核人', '审核时间', '按时发布（10）']));
    expect(rows).toHaveLength(11);
    const sh = rows.find((x) => x['单位'] === '上海市人民政府办公厅')!;
    expect(sh).toMatchObject({ 年度: 2019, 格式: '2019', 发布日期: '2020-01-31', 总分: 88, 确认问题数: 1, 审核状态: '已完成', 审核人: '王审核', '按时发布（10）': 10 });
    const lc = rows.filter((x) => x['单位'] === '聊城市机关事务管理局');
    expect(lc.map((x) => x['年度'])).toEqual([2023, 2022, 2021, 2020, 2019]);
    expect(lc.every((x) => x['审核状态'] === '未审')).toBe(true);
  });

  it('问题清单: findings with location words, expected/actual, quotes, decisions; annotations', async () => {
    const { rows } = await sheetRows(xlsx, '问题清单');
    const t = rows.find((x) => x['规则'] === 'R-TEXT-TABLE' && x['实际值'] === 2)!;
    expect(t).toMatchObject({ 单位: '聊城市机关事务管理局', 年度: 2023, 问题类别: '正文数字与表格不符', 严重程度: '警告', 期望值: 3, 判定: '未判定' });
    expect(String(t['原文摘录'])).toContain('收到信息公开申请2件');
    const row = rows.find((x) => x['规则'] === 'R-SUM-ROW' && String(x['位置']).includes('本机关不掌握'))!;
    expect(row['位置']).toBe('表三 （四）1.本机关不掌握相关政府信息 · 总计栏');
    const confirmed = rows.filter((x) => x['判定'] === '确认问题');
    expect(confirmed).toHaveLength(1);
    expect(confirmed[0]!['判定说明']).toBe('正文数字有误');
    const note = rows.find((x) => x['来源'] === '批注')!;
    expect(note).toMatchObject({ 问题类别: '表述问题', 位置: '表四 行政复议 · 尚未审结', 说明: '表述与表四不符' });
  });

  it('表格数据: every cell in canonical order; blank stays empty, not 0', async () => {
    const { header, rows } = await sheetRows(xlsx, '表格数据');
    expect(header).toContain('表三·一、本年新收政府信息公开申请数量·自然人');
    expect(header.indexOf('表三·一、本年新收政府信息公开申请数量·自然人')).toBeLessThan(header.indexOf('表三·（七）总计·总计'));
    const sh = rows.find((x) => x['单位'] === '上海市人民政府办公厅')!;
    expect(sh['表三·一、本年新收政府信息公开申请数量·自然人']).toBe(821);
    expect(sh['表三·一、本年新收政府信息公开申请数量·科研机构']).toBeNull();
    expect(sh['表四·行政复议·总计']).toBe(7);
    expect(sh['表二·政府集中采购·采购总金额']).toBe(251000);
  });

  it('说明: catalogue and rubric versions, settings, export time', async () => {
    const { rows } = await sheetRows(xlsx, '说明');
    const k = Object.fromEntries(rows.map((r) => [r['项目'], r['内容']]));
    expect(k['规则目录版本']).toContain(`${RULES.length} 条规则`);
    expect(k['评分表']).toContain('第 1 版');
    expect(k['发布期限（政府部门）']).toBe('次年 1 月 31 日');
    expect(String(k['导出时间'])).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d/);
  });

  it('an independent reader (openpyxl) sees the same sheets and values', () => {
    const py = '/usr/bin/python3';
    expect(existsSync(py), 'Debian python3 with python3-openpyxl is needed: run bash .ci/run').toBe(true);
    const out = execFileSync(
      py,
      [
        '-c',
        `import json,sys,openpyxl
wb=openpyxl.load_workbook(sys.argv[1])
ws=wb['表格数据']
hdr=[c.value for c in ws[1]]
rows=[dict(zip(hdr,[c.value for c in r])) for r in ws.iter_rows(min_row=2)]
sh=[r for r in rows if r['单位']=='上海市人民政府办公厅'][0]
print(json.dumps({'sheets':wb.sheetnames,'freeze':wb['问题清单'].freeze_panes,'v':sh['表三·（七）总计·总计'],'n':len(rows)},ensure_ascii=False))`,
        xlsx,
      ],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(out)).toEqual({ sheets: ['评分汇总', '问题清单', '表格数据', '更正记录', '统计', '说明'], freeze: 'B2', v: 805, n: 11 });
  });

  it('never overwrites without being asked; --force does', () => {
    const r = run('export', '--xlsx', xlsx, SEEDS.dehui);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('不会覆盖');
    const before = readFileSync(xlsx);
    expect(run('export', '--xlsx', xlsx, '--force', SEEDS.dehui).status).toBe(0);
    expect(readFileSync(xlsx).equals(before)).toBe(false);
  });

  it('CSV is UTF-8 with BOM, one file per sheet; JSON too', () => {
    const csv = join(dir, 'round.csv');
    const json = join(dir, 'round.json');
    expect(run('export', '--csv', csv, '--json', json, SEEDS.liaocheng).status).toBe(0);
    const c = readFileSync(join(dir, 'round.问题清单.csv'));
    expect([...c.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(c.toString('utf8')).toContain('R-TEXT-TABLE');
    const j = JSON.parse(readFileSync(json, 'utf8'));
    expect(j.sheets['评分汇总']).toHaveLength(5);
  });

  it('file names are safe on Windows', () => {
    expect(safeFileName('上海:2019/年报?.xlsx')).toBe('上海_2019_年报_.xlsx');
    expect(safeFileName('CON')).toBe('_CON');
    expect(safeFileName('报告. ')).toBe('报告');
    expect(safeFileName('')).toBe('导出');
  });

  it('scores carry the rubric version; a changed rubric flags old scores, never a valid total; per-criterion comments exported', async () => {
    const store2 = join(dir, 'review-v2.json');
    const out = join(dir, '改版评审.xlsx');
    const { result } = await checkPaths([SEEDS.shanghai, SEEDS.dehui]);
    const [a, b] = [result.documents[0]!.reports[0]!, result.documents[1]!.reports[0]!];
    const { store } = await ReviewStore.open(store2, { auditor: '王审核' });
    // Scored under version 1 (表格 25 分 → 19, within the old maximum).
    store.setScore({ reportKey: a.key, rubricId: 'default', rubricVersion: 1, criteria: FULL_88, total: 88 });
    // The rubric changes: 表格 now at most 15, 问题 at most 13 (total still 100).
    const v1 = defaultRubric();
    const v2 = { ...v1, version: 2, criteria: v1.criteria.map((c) => (c.id === 'tables' ? { ...c, points: 15 } : c.id === 'problems' ? { ...c, points: 15 } : c)) };
    store.saveRubric(v2);
    store.setSetting('rubricId', 'default');
    // Scored under version 2, valid.
    const b2 = FULL_88.map((c) => (c.id === 'tables' ? { ...c, points: 12, comment: '空白单元格' } : c));
    store.setScore({ reportKey: b.key, rubricId: 'default', rubricVersion: 2, criteria: b2, total: 81 });
    await store.close();
    const r = run('export', '--xlsx', out, '--store', store2, SEEDS.shanghai, SEEDS.dehui);
    expect(r.stderr).toBe('');
    const { header, rows } = await sheetRows(out, '评分汇总');
    expect(header).toEqual(expect.arrayContaining(['评分表版本', '评分问题', '统计表完整、数据准确（15）', '统计表完整、数据准确说明']));
    const ra = rows.find((x) => x['单位'] === a.agency)!;
    const rb = rows.find((x) => x['单位'] === b.agency)!;
    expect(ra['总分']).toBeNull();
    expect(ra['评分表版本']).toBe('第 1 版');
    expect(String(ra['评分问题'])).toContain('按第 1 版评分表评定，现为第 2 版');
    expect(String(ra['评分问题'])).toContain('超出新满分：“统计表完整、数据准确”');
    expect(ra['统计表完整、数据准确（15）']).toBe(19);
    expect(ra['统计表完整、数据准确说明']).toBe('表三合计有误，扣 6 分');
    expect(rb).toMatchObject({ 总分: 81, 评分表版本: '第 2 版', '统计表完整、数据准确说明': '空白单元格' });
    expect(rb['评分问题'] ?? '').toBe('');
    // The same through openpyxl.
    const py = execFileSync(
      '/usr/bin/python3',
      [
        '-c',
        `import json,sys,openpyxl
ws=openpyxl.load_workbook(sys.argv[1])['评分汇总']
hdr=[c.value for c in ws[1]]
rows=[dict(zip(hdr,[c.value for c in r])) for r in ws.iter_rows(min_row=2)]
pick=lambda n:[r for r in rows if r['单位']==n][0]
a=pick(sys.argv[2]);b=pick(sys.argv[3])
k='统计表完整、数据准确说明'
print(json.dumps({'a':[a['总分'],a['评分表版本'],a['评分问题'],a[k]],'b':[b['总分'],b['评分表版本'],b[k]]},ensure_ascii=False))`,
        out,
        a.agency!,
        b.agency!,
      ],
      { encoding: 'utf8' },
    );
    const got = JSON.parse(py) as { a: unknown[]; b: unknown[] };
    expect(got.a[0]).toBeNull();
    expect(got.a[1]).toBe('第 1 版');
    expect(String(got.a[2])).toContain('超出新满分');
    expect(got.a[3]).toBe('表三合计有误，扣 6 分');
    expect(got.b).toEqual([81, '第 2 版', '空白单元格']);
  });
});
