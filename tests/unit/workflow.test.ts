// The auditor's round through the app service on real files and stores: triage counts, bulk
// decisions as one undo step, the import summary, scores checked against a changed rubric.
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppService } from '../../src/services/app/index.js';
import { ReviewStore } from '../../src/services/store/index.js';
import { filterQueue, NO_FILTERS, roundCounter, activeFilters } from '../../src/core/queue.js';
import { SEEDS } from '../helpers/engine.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'nianbao-flow-'));

async function service(files: string[], storePath = join(tmp(), 'review.json')) {
  const app = new AppService({ storePath, auditor: '甲', files });
  await app.init();
  return app;
}

/** The rule with the most findings in a report. */
function biggestRule(app: AppService, key: string) {
  const counts = new Map<string, number>();
  for (const f of app.getReport({ key }).findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]!;
}

describe('triage', () => {
  it('counts findings and decided findings per report; filters and the round counter follow decisions', async () => {
    const app = await service([SEEDS.liaocheng, SEEDS.haidong]);
    const items = app.getWorkspace().items;
    for (const it of items) expect(it.findings).toBe(app.getReport({ key: it.key }).findings.length);
    const it0 = items.find((i) => i.findings > 1)!;
    const v = app.getReport({ key: it0.key });
    app.setDecision({ key: it0.key, fingerprint: v.findings[0]!.fingerprint, rule: v.findings[0]!.rule, verdict: 'confirmed' });
    app.setDecision({ key: it0.key, fingerprint: v.findings[1]!.fingerprint, rule: v.findings[1]!.rule, verdict: 'pending' });
    const after = app.getWorkspace().items.find((i) => i.key === it0.key)!;
    expect(after.decided).toBe(1); // 待定 is not decided
    expect(after.status).toBe('in_progress');
    const all = app.getWorkspace().items;
    const c = roundCounter(all);
    expect(c.undecided).toBe(all.reduce((a, i) => a + i.findings, 0) - 1);
    const rule = v.findings[0]!.rule;
    const byRule = filterQueue(all, { ...NO_FILTERS, rule }, 'agency');
    expect(byRule.every((i) => i.rules.includes(rule))).toBe(true);
    expect(byRule.length).toBeGreaterThan(0);
    expect(filterQueue(all, { ...NO_FILTERS, status: 'in_progress' }, 'agency').map((i) => i.key)).toEqual([it0.key]);
    const years = filterQueue(all, NO_FILTERS, 'year').map((i) => i.year ?? -1);
    expect(years).toEqual([...years].sort((a, b) => b - a));
    expect(activeFilters({ ...NO_FILTERS, errors: true, year: '2019' })).toEqual(['errors', 'year']);
    await app.close();
  });
});

describe('bulk decisions', () => {
  it('decides every finding of a rule across reports: one record and history line each, one undo step that also takes back the automatic status', async () => {
    const app = await service([SEEDS.liaocheng, SEEDS.weihui]);
    const items = app.getWorkspace().items;
    // The rule found in most reports.
    const rule = [...new Set(items.flatMap((i) => i.rules))].sort((a, b) => items.filter((i) => i.rules.includes(b)).length - items.filter((i) => i.rules.includes(a)).length)[0]!;
    const keys = items.filter((i) => i.rules.includes(rule)).map((i) => i.key);
    expect(keys.length).toBeGreaterThan(2);
    const expected = keys.reduce((a, k) => a + app.getReport({ key: k }).findings.filter((f) => f.rule === rule).length, 0);
    const r = app.decideRule({ keys, rule, verdict: 'dismissed', comment: '版式问题，不计' });
    expect(r).toEqual({ decided: expected, reports: keys.length });
    for (const k of keys) {
      const v = app.getReport({ key: k });
      expect(v.findings.filter((f) => f.rule === rule).every((f) => f.decision?.verdict === 'dismissed' && f.decision.comment === '版式问题，不计')).toBe(true);
      expect(v.status?.status).toBe('in_progress');
    }
    const lines = keys.flatMap((k) => app.getHistory({ key: k })).filter((h) => h.what.startsWith(`${rule} 判定为“不是问题”`));
    expect(lines).toHaveLength(expected);
    expect(app.getWorkspace().undo).toContain('批量判定');
    app.undo();
    for (const k of keys) {
      const v = app.getReport({ key: k });
      expect(v.findings.filter((f) => f.rule === rule).every((f) => f.decision === null)).toBe(true);
      expect(v.status).toBeNull(); // back to 未审
    }
    expect(app.getWorkspace().items.every((i) => i.status === 'todo')).toBe(true);
    app.redo();
    expect(app.getWorkspace().items.filter((i) => keys.includes(i.key)).every((i) => i.status === 'in_progress')).toBe(true);
    await app.close();
  });

  it('onlyUndecided leaves decided findings alone; a single decision and its status are undone together', async () => {
    const storePath = join(tmp(), 'review.json');
    const app = await service([SEEDS.shanghai], storePath);
    const key = app.getWorkspace().items[0]!.key;
    const [rule, n] = biggestRule(app, key);
    expect([rule, n]).toEqual(['R-SUM-ROW', 11]); // eleven blank row totals
    const fs = app.getReport({ key }).findings.filter((f) => f.rule === rule);
    app.setDecision({ key, fingerprint: fs[0]!.fingerprint, rule, verdict: 'confirmed' });
    expect(app.getWorkspace().undo).toBe('判定：确认问题');
    app.undo();
    expect(app.getReport({ key }).status).toBeNull();
    expect(app.getReport({ key }).findings.find((f) => f.fingerprint === fs[0]!.fingerprint)!.decision).toBeNull();
    app.setDecision({ key, fingerprint: fs[0]!.fingerprint, rule, verdict: 'confirmed' });
    const r = app.decideRule({ keys: [key], rule, verdict: 'dismissed', onlyUndecided: true });
    expect(r.decided).toBe(fs.length - 1);
    expect(app.getReport({ key }).findings.find((f) => f.fingerprint === fs[0]!.fingerprint)!.decision!.verdict).toBe('confirmed');
    await app.close();
    // Reopened from disk: every decision was written (the group is synced once, not lost).
    const { store } = await ReviewStore.open(storePath, { readOnly: true });
    expect(store.decisionsOf(key)).toHaveLength(fs.length);
  });
});

describe('import summary', () => {
  it('lists reports added, documents that are not reports, unreadable files with what to do, and identical copies', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b'));
    copyFileSync(SEEDS.dehui, join(dir, 'a', '年报.txt'));
    copyFileSync(SEEDS.dehui, join(dir, 'b', '年报.txt'));
    writeFileSync(join(dir, '说明.txt'), '请见附件。\n');
    writeFileSync(join(dir, '通知.txt'), '关于做好政府信息公开工作的通知。各单位：请按照要求，认真做好本单位的政府信息公开工作，及时更新网站栏目内容，确保信息准确。\n');
    writeFileSync(join(dir, '空.pdf'), '');
    writeFileSync(join(dir, '旧版.doc'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    writeFileSync(join(dir, '深.html'), '<div>'.repeat(5000) + '一、总体情况' + '</div>'.repeat(5000));
    symlinkSync(join(dir, '已删除.pdf'), join(dir, '断链.pdf'));
    const app = await service([dir]);
    const s = app.getImportSummary()!;
    expect(s.added.map((a) => a.file)).toEqual([join(dir, 'a', '年报.txt')]);
    expect(s.added[0]!.reports[0]!.agency).toBe('德惠市机关事务管理局');
    expect(s.duplicates).toEqual([{ file: join(dir, 'b', '年报.txt'), sameAs: join(dir, 'a', '年报.txt') }]);
    expect(s.notReports).toEqual([
      { file: join(dir, '说明.txt'), kind: 'txt', message: '这是一个纯文本文件，只有 5 个字，不是年报，已跳过' },
      { file: join(dir, '通知.txt'), kind: 'txt', message: '这个纯文本文件中没有找到年报（没有“一、总体情况”等章节标题），已跳过' },
    ]);
    const bad = Object.fromEntries(s.unreadable.map((u) => [u.file.split('/').pop(), u]));
    expect(bad['空.pdf']).toMatchObject({ code: 'EMPTY' });
    expect(bad['旧版.doc']).toMatchObject({ code: 'LEGACY_DOC' });
    expect(bad['旧版.doc']!.advice).toContain('另存为 DOCX');
    // No readable failure is sent to the maintainers: each code says what the auditor can do.
    expect(bad['深.html']).toMatchObject({ code: 'TOO_COMPLEX' });
    expect(bad['深.html']!.advice).toContain('打印为 PDF');
    expect(bad['断链.pdf']).toMatchObject({ code: 'SYMLINK' });
    expect(bad['断链.pdf']!.advice).toContain('指向的文件不存在');
    for (const u of s.unreadable) expect(u.advice, `${u.file} (${u.code})`).not.toContain('维护人员');
    // The queue tells the identical copy apart.
    const it = app.getWorkspace().items[0]!;
    expect(it.sameContent).toEqual([join(dir, 'b', '年报.txt')]);
    await app.close();
  });
});

describe('scores that cannot go wrong', () => {
  it('refuses points above a maximum; a changed rubric marks old scores and flags values above the new maximum', async () => {
    const app = await service([SEEDS.dehui]);
    const key = app.getWorkspace().items[0]!.key;
    const rubric = app.getReport({ key }).rubric;
    const full = rubric.criteria.map((c) => ({ id: c.id, points: c.points, comment: c.id === 'tables' ? '满分' : '' }));
    expect(() => app.setScore({ key, criteria: full.map((c) => (c.id === 'tables' ? { ...c, points: 26 } : c)) })).toThrow(/最多 25 分/);
    app.setScore({ key, criteria: full });
    expect(app.getWorkspace().items[0]).toMatchObject({ score: 100, scoreProblem: null });
    app.saveRubric({ rubric: { ...rubric, criteria: rubric.criteria.map((c) => (c.id === 'tables' ? { ...c, points: 20 } : c)) } });
    const v = app.getReport({ key });
    expect(v.rubric.version).toBe(rubric.version + 1);
    expect(v.scoreCheck).toMatchObject({ stale: true, over: ['tables'], validTotal: null });
    expect(app.getWorkspace().items[0]!.score).toBeNull();
    expect(app.getWorkspace().items[0]!.scoreProblem).toContain(`按第 ${rubric.version} 版评分表评定`);
    // The round overview does not count it either.
    expect(app.getOverview().scores.unscored.keys).toContain(key);
    // Re-scored under the new version: valid again.
    app.setScore({ key, criteria: full.map((c) => (c.id === 'tables' ? { ...c, points: 18 } : c)) });
    expect(app.getWorkspace().items[0]).toMatchObject({ score: 93, scoreProblem: null });
    expect(app.getOverview().scores.unscored.keys).not.toContain(key);
    await app.close();
  });
});
