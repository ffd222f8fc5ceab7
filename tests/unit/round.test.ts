// The round's hand-ins: the 统计 sheet (figures recomputed here from the store, read back with exceljs
// and openpyxl) and the 反馈意见书 (DOCX read back with mammoth: every confirmed problem is there, no
// dismissed one is).
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { FIXTURES, ROOT } from '../helpers/engine.js';
import { ReviewStore } from '../../src/services/store/index.js';
import { makeAnchor } from '../../src/core/review.js';
import { checkPaths } from '../../src/services/check.js';
import { defaultRubric } from '../../src/services/resources.js';
import type { CheckJson, FindingJson, ReportJson } from '../../src/core/output.js';
import { chineseNumber } from '../../src/core/letters.js';

const bin = join(ROOT, 'bin', 'nianbao.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: ROOT, encoding: 'utf8' });

interface Plan {
  rep: ReportJson;
  confirmed: FindingJson[];
  dismissed: FindingJson[];
  pending: FindingJson[];
}

describe('the round: 统计 sheet and 反馈意见书', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-round-'));
  const storePath = join(dir, 'review.json');
  const xlsx = join(dir, '第一轮.xlsx');
  const letters = join(dir, '意见书');
  let check: CheckJson;
  const plans: Plan[] = [];

  beforeAll(async () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')], { cwd: ROOT });
    check = (await checkPaths([FIXTURES])).result;
    const { store } = await ReviewStore.open(storePath, { auditor: '李审核' });
    // A decided round: on every report with findings, confirm the first, dismiss the second, leave
    // the third pending and the rest undecided; statuses and scores vary by report.
    let i = 0;
    for (const doc of check.documents) {
      for (const rep of doc.reports) {
        const p: Plan = { rep, confirmed: [], dismissed: [], pending: [] };
        rep.findings.forEach((f, j) => {
          const verdict = j === 0 ? 'confirmed' : j === 1 ? 'dismissed' : j === 2 ? 'pending' : null;
          if (!verdict) return;
          store.setDecision({ reportKey: rep.key, fingerprint: f.fingerprint, rule: f.rule, verdict, comment: verdict === 'confirmed' ? `审核意见${i}-${j}` : `理由${i}-${j}` });
          (verdict === 'confirmed' ? p.confirmed : verdict === 'dismissed' ? p.dismissed : p.pending).push(f);
        });
        if (i % 3 === 0) store.setStatus(rep.key, 'done');
        else if (i % 3 === 1) store.setStatus(rep.key, 'in_progress');
        if (i % 2 === 0) {
          const total = 55 + i * 4;
          // A complete score adding up to the total (an empty breakdown never counts: checkScore).
          let left = total;
          const criteria = defaultRubric().criteria.map((c) => {
            const pts = Math.min(c.points, left);
            left -= pts;
            return { id: c.id, points: pts, comment: c.id === 'timely' ? '按时' : '' };
          });
          store.setScore({ reportKey: rep.key, rubricId: 'default', rubricVersion: 1, criteria, total, comment: `总体意见${i}` });
        }
        plans.push(p);
        i++;
      }
    }
    // An auditor's own note on the first report with a problem goes into its letter too.
    const first = plans.find((p) => p.confirmed.length)!;
    store.upsertAnnotation({ id: 'note-1', reportKey: first.rep.key, anchor: makeAnchor('某某表述不规范的句子', 0, 6, 'x'), category: 'wording', severity: 'warning', note: '表述不规范请修改' });
    store.upsertAnnotation({ id: 'note-2', reportKey: first.rep.key, anchor: makeAnchor('只是提示', 0, 4, 'x'), category: 'other', severity: 'info', note: '自用提示不进意见书' });
    await store.close();
  });

  it('统计: every figure recomputed from the store agrees (exceljs), and the charts are images', async () => {
    const r = run('export', '--xlsx', xlsx, '--store', storePath, FIXTURES);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['评分汇总', '问题清单', '表格数据', '更正记录', '统计', '说明']);
    const ws = wb.getWorksheet('统计')!;
    const fig = new Map<string, unknown>();
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const [, part, item, measure, value] = row.values as unknown[];
      fig.set(`${part}|${item}|${measure}`, value ?? null);
    });
    // Recompute independently from the store's raw JSON and the check.
    const data = JSON.parse(readFileSync(storePath, 'utf8')) as { statuses: Record<string, { status: string }>; decisions: Record<string, { verdict: string; rule: string }>; scores: Record<string, { total: number }> };
    const reps = check.documents.flatMap((d) => d.reports);
    const statusOf = (k: string) => data.statuses[k]?.status ?? 'todo';
    expect(fig.get('审核进度|全部年报|份数')).toBe(reps.length);
    expect(fig.get('审核进度|已完成|份数')).toBe(reps.filter((x) => statusOf(x.key) === 'done').length);
    expect(fig.get('审核进度|审核中|份数')).toBe(reps.filter((x) => statusOf(x.key) === 'in_progress').length);
    expect(fig.get('审核进度|未审|份数')).toBe(reps.filter((x) => statusOf(x.key) === 'todo').length);
    // As the queue counts them: a document's own findings with its first report, the report's, and the
    // cross-year findings naming the report's agency in either year.
    const findings = check.documents.flatMap((d) =>
      d.reports.flatMap((x, k) =>
        [...(k === 0 ? d.findings.filter((f) => f.rule !== 'R-NOT-REPORT') : []), ...x.findings, ...check.crossYear.filter((c) => !!x.agency && c.agencyNames.includes(x.agency) && c.years.includes(x.year!))].map((f) => ({ key: x.key, f: f as FindingJson })),
      ),
    );
    // (The fixtures' only document finding is a skipped guide: a file note, not counted — issue 22.)
    expect(findings.length).toBeGreaterThanOrEqual(reps.flatMap((x) => x.findings).length);
    expect(fig.get('审核进度|检出问题|条数')).toBe(findings.length);
    const verdict = (k: string, f: FindingJson) => data.decisions[`${k}|${f.fingerprint}`]?.verdict;
    expect(fig.get('审核进度|未判定问题|条数')).toBe(findings.filter(({ key, f }) => !['confirmed', 'dismissed'].includes(verdict(key, f) ?? '')).length);
    // Per rule: confirmed / dismissed counts.
    const rules = [...new Set(findings.map(({ f }) => f.rule))];
    expect(rules.length).toBeGreaterThan(3);
    for (const rule of rules) {
      const items = [...fig.keys()].filter((k) => k.startsWith(`常见问题|${rule} `));
      const conf = items.find((k) => k.endsWith('|确认问题'))!;
      const dis = items.find((k) => k.endsWith('|不是问题'))!;
      expect(fig.get(conf), rule).toBe(findings.filter(({ key, f }) => f.rule === rule && verdict(key, f) === 'confirmed').length);
      expect(fig.get(dis), rule).toBe(findings.filter(({ key, f }) => f.rule === rule && verdict(key, f) === 'dismissed').length);
    }
    // Scores: counts per band add up to the scored reports, the mean matches.
    const totals = Object.values(data.scores).map((s) => s.total);
    const bands = [...fig.entries()].filter(([k]) => k.startsWith('得分分布|') && k.endsWith('|份数') && !k.includes('未评分'));
    expect(bands.reduce((a, [, v]) => a + Number(v), 0)).toBe(totals.length);
    expect(fig.get('得分分布|90 分及以上|份数')).toBe(totals.filter((t) => t >= 90).length);
    expect(fig.get('得分分布|60 分以下|份数')).toBe(totals.filter((t) => t < 60).length);
    expect(fig.get('得分分布|未评分|份数')).toBe(reps.length - totals.length);
    expect(Number(fig.get('得分分布|平均分|满分 100'))).toBeCloseTo(totals.reduce((a, b) => a + b, 0) / totals.length, 1);
    // Lateness: every report is counted once.
    const late = [...fig.entries()].filter(([k]) => k.startsWith('按时发布|'));
    expect(late.reduce((a, [, v]) => a + Number(v), 0)).toBe(reps.length);
    // Year on year: 聊城 has five years; its 2023 received count is the table's.
    const lc2023 = reps.find((x) => x.agency === '聊城市机关事务管理局' && x.year === 2023)!;
    expect(fig.get('逐年对比|聊城市机关事务管理局 2023 年|本年新收申请（件）')).toBe(lc2023.tables.requests.rows['received']!['total']);
    expect(ws.getImages().length).toBeGreaterThanOrEqual(4);
    for (const img of ws.getImages()) {
      const media = (wb.model as unknown as { media: { buffer: Buffer; extension: string }[] }).media[Number(img.imageId)]!;
      expect(media.extension).toBe('png');
      expect(media.buffer.length).toBeGreaterThan(5000); // a drawn chart, not an empty canvas
    }
  });

  it('统计 through an independent reader (openpyxl) carries the same figures', () => {
    const py = '/usr/bin/python3';
    expect(existsSync(py), 'Debian python3 with python3-openpyxl is needed: run bash .ci/run').toBe(true);
    const out = execFileSync(
      py,
      [
        '-c',
        `import json,sys,openpyxl
wb=openpyxl.load_workbook(sys.argv[1])
ws=wb['统计']
rows=[[c.value for c in r] for r in ws.iter_rows(min_row=2)]
print(json.dumps({'total':[r[3] for r in rows if r[0]=='审核进度' and r[1]=='全部年报'][0],'done':[r[3] for r in rows if r[0]=='审核进度' and r[1]=='已完成'][0]},ensure_ascii=False))`,
        xlsx,
      ],
      { encoding: 'utf8' },
    );
    const data = JSON.parse(readFileSync(storePath, 'utf8')) as { statuses: Record<string, { status: string }> };
    const done = Object.values(data.statuses).filter((s) => s.status === 'done').length;
    expect(JSON.parse(out)).toEqual({ total: check.documents.flatMap((d) => d.reports).length, done });
  });

  it('反馈意见书: one DOCX per reviewed report (others only when included), every confirmed problem in, no dismissed one, no rule id', async () => {
    const data = JSON.parse(readFileSync(storePath, 'utf8')) as { statuses: Record<string, { status: string }> };
    const isDone = (p: Plan) => data.statuses[p.rep.key]?.status === 'done';
    const doneOnly = run('letters', '--store', storePath, '--out', join(dir, '已审'), FIXTURES);
    expect(doneOnly.status, doneOnly.stderr).toBe(0);
    expect(doneOnly.stderr).toMatch(/尚未审核完成.*--include-unreviewed/);
    expect(readdirSync(join(dir, '已审')).filter((f) => f.endsWith('.docx'))).toHaveLength(plans.filter(isDone).length);
    const r = run('letters', '--store', storePath, '--out', letters, '--include-unreviewed', FIXTURES);
    expect(r.status, r.stderr).toBe(0);
    const files = readdirSync(letters).filter((f) => f.endsWith('.docx'));
    expect(files).toHaveLength(plans.length);
    for (const p of plans) {
      const name = files.find((f) => f.startsWith(`${p.rep.agency ?? '（单位不详）'}-${p.rep.year ?? '年度不详'}年-反馈意见书`));
      expect(name, `${p.rep.agency} ${p.rep.year}`).toBeTruthy();
    }
    // Messages that carry quotes or words about the tool are reworded for the letter: match the plain ones.
    const plain = (f: FindingJson) => !/[“”]|已按|核实|复核|已跳过|指定/.test(f.message);
    // Two reports with the same agency and year get distinct files, so match each by its own text.
    const texts = await Promise.all(files.map(async (f) => (await mammoth.extractRawText({ path: join(letters, f) })).value));
    for (const p of plans) {
      const text = texts.find(
        (t) =>
          t.includes(`关于${p.rep.agency ?? '（单位不详）'}${p.rep.year ?? ''}年`) &&
          p.confirmed.filter(plain).every((f) => t.includes(f.message)) &&
          p.dismissed.filter(plain).every((f) => !t.includes(f.message) || p.confirmed.some((c) => c.message === f.message)),
      );
      expect(text, `${p.rep.agency} ${p.rep.year}`).toBeTruthy();
      expect(text).not.toMatch(/R-[A-Z]+/);
      if (!isDone(p)) expect(text).toContain('本报告尚未经审核人审阅');
      if (!p.confirmed.length && p.rep.findings.some((f, j) => j > 2 && f.severity === 'error')) expect(text).not.toMatch(/未发现.*问题/);
    }
    const withNote = texts.find((t) => t.includes('表述不规范请修改'))!;
    expect(withNote).toBeTruthy();
    expect(withNote).not.toContain('自用提示不进意见书');
    const scored = texts.filter((t) => /评议得分为 \d+ 分（满分 100 分/.test(t));
    expect(scored.length).toBe(plans.filter((_, i) => i % 2 === 0).length);
    expect(texts.some((t) => t.includes('总体意见0'))).toBe(true);
    expect(texts.every((t) => t.includes('政府信息公开工作年度报告评议组'))).toBe(true);
  });

  it('never overwrites letters without --force; --force does', () => {
    const before = readdirSync(letters).map((f) => statSync(join(letters, f)).mtimeMs);
    const r = run('letters', '--store', storePath, '--out', letters, '--include-unreviewed', FIXTURES);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/已存在.*不会覆盖.*--force/);
    expect(readdirSync(letters).map((f) => statSync(join(letters, f)).mtimeMs)).toEqual(before);
    const again = run('letters', '--store', storePath, '--out', letters, '--include-unreviewed', '--force', FIXTURES);
    expect(again.status).toBe(0);
  });

  it('letters need a store and a folder (usage errors name what is missing)', () => {
    expect(run('letters', '--out', letters, FIXTURES)).toMatchObject({ status: 2, stderr: expect.stringMatching(/--store/) });
    expect(run('letters', '--store', storePath, FIXTURES)).toMatchObject({ status: 2, stderr: expect.stringMatching(/--out/) });
  });

  it('numbers problems the Chinese way', () => {
    expect([1, 9, 10, 11, 20, 25].map(chineseNumber)).toEqual(['一', '九', '十', '十一', '二十', '二十五']);
  });
});
