// The app service (what the Electron main process and the test host run), on real files and stores.
import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import mammoth from 'mammoth';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppService } from '../../src/services/app/index.js';
import { dispatch } from '../../src/services/dispatch.js';
import { ReviewStore } from '../../src/services/store/index.js';
import { SEEDS } from '../helpers/engine.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'nianbao-app-'));

async function service(files: string[], storePath = join(tmp(), 'review.json')) {
  const app = new AppService({ storePath, auditor: '甲', files });
  await app.init();
  return app;
}

describe('AppService', () => {
  it('opens the bundled samples when there is no workspace, and remembers real files', async () => {
    const storePath = join(tmp(), 'review.json');
    const app = new AppService({ storePath, auditor: '甲' });
    await app.init();
    const w = app.getWorkspace();
    expect(w.sample).toBe(true);
    expect(w.items.length).toBeGreaterThanOrEqual(9);
    // Wait for the import to finish (not a fixed time: the suite runs on shared cores).
    const finished = new Promise<void>((resolve) => {
      const off = app.on((e, p) => {
        if (e === 'importProgress' && !(p as { running: boolean }).running) (off(), resolve());
      });
    });
    await app.importPaths({ paths: [SEEDS.dehui] });
    await finished;
    expect(app.getWorkspace().items.map((i) => i.agency)).toEqual(['德惠市机关事务管理局']);
    await app.close();
    const again = new AppService({ storePath });
    await again.init();
    expect(again.getWorkspace()).toMatchObject({ sample: false });
    expect(again.getWorkspace().items.map((i) => i.agency)).toEqual(['德惠市机关事务管理局']);
    await again.close();
  });

  it('a moved or renamed file keeps its decisions (same content, same key)', async () => {
    const dir = tmp();
    const a = join(dir, 'a.txt');
    copyFileSync(SEEDS.weihui, a);
    const storePath = join(dir, 'review.json');
    const app = await service([a], storePath);
    const key = app.getWorkspace().items[0]!.key;
    const f = app.getReport({ key }).findings[0]!;
    app.setDecision({ key, fingerprint: f.fingerprint, rule: f.rule, verdict: 'confirmed' });
    await app.close();
    const b = join(dir, '改名后.txt');
    copyFileSync(a, b);
    const moved = await service([b], storePath);
    const v = moved.getReport({ key: moved.getWorkspace().items[0]!.key });
    expect(v.findings.find((x) => x.fingerprint === f.fingerprint)!.decision?.verdict).toBe('confirmed');
    await moved.close();
  });

  it('validates calls against the contract before running them', async () => {
    const app = await service([SEEDS.dehui]);
    await expect(dispatch(app, 'setStatus', { key: 'k', status: 'nope' })).rejects.toThrow(/参数不对/);
    await expect(dispatch(app, 'constructor', {})).rejects.toThrow(/没有这个操作/);
    await expect(dispatch(app, 'getReport', { key: 'missing' })).rejects.toThrow(/找不到这份年报/);
    await app.close();
  });

  it('moves the store to another place and keeps working there', async () => {
    const storePath = join(tmp(), 'review.json');
    const app = await service([SEEDS.dehui], storePath);
    const key = app.getWorkspace().items[0]!.key;
    app.setStatus({ key, status: 'done' });
    const to = join(tmp(), '共享', 'review.json');
    await expect(app.relocateStore({ path: storePath })).resolves.toEqual({ path: null });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(to, '..'), { recursive: true });
    expect(await app.relocateStore({ path: to })).toEqual({ path: to });
    expect(app.getWorkspace().storePath).toBe(to);
    app.setStatus({ key, status: 'in_progress' });
    expect(existsSync(`${storePath}.lock`)).toBe(false);
    await app.close();
    const { store } = await ReviewStore.open(to, { readOnly: true });
    expect(store.data.statuses[key]!.status).toBe('in_progress');
  });

  it('a merge reports each conflict with both sides', async () => {
    const app = await service([SEEDS.weihui]);
    const key = app.getWorkspace().items[0]!.key;
    const f = app.getReport({ key }).findings[0]!;
    app.setDecision({ key, fingerprint: f.fingerprint, rule: f.rule, verdict: 'confirmed' });
    const other = (await ReviewStore.open(join(tmp(), 'b.json'), { auditor: '乙' })).store;
    other.setDecision({ reportKey: key, fingerprint: f.fingerprint, rule: f.rule, verdict: 'dismissed' });
    const file = join(tmp(), 'b-review.json');
    writeFileSync(file, JSON.stringify(other.exportReview()));
    await other.close();
    const r = await app.importReview({ path: file });
    expect(r!.conflicts).toHaveLength(1);
    expect(r!.conflicts[0]!.kept + r!.conflicts[0]!.other).toMatch(/甲.*|乙.*/);
    expect(`${r!.conflicts[0]!.kept} ${r!.conflicts[0]!.other}`).toContain('不是问题');
    await app.close();
  });

  it('a merge brings the other auditor\'s agency types and merges; the report shows them at once, a disagreement is listed', async () => {
    const app = await service([SEEDS.weihui, SEEDS.dehui]);
    const [w, d] = app.getWorkspace().items;
    const agency = app.getReport({ key: w!.key }).agencyInfo!.name;
    const other = (await ReviewStore.open(join(tmp(), 'b.json'), { auditor: '乙' })).store;
    other.setSetting('agencyTypes', { [agency]: 'government', [d!.agency]: 'government' });
    const file = join(tmp(), 'b-review.json');
    writeFileSync(file, JSON.stringify(other.exportReview()));
    await other.close();
    app.setAgencyType({ key: d!.key, type: 'department' }); // ours disagrees for this one
    const r = await app.importReview({ path: file });
    expect(r!.taken).toBe(1);
    expect(app.getReport({ key: w!.key }).agencyInfo).toMatchObject({ override: 'government', kind: 'government' });
    expect(app.getReport({ key: d!.key }).agencyInfo).toMatchObject({ override: 'department' });
    expect(r!.conflicts).toEqual([{ id: `agency|单位类型：${d!.agency}（保留本机的设置）`, kept: '本机：政府部门', other: '导入的文件：人民政府' }]);
    await app.close();
  });

  it('letters are addressed by the name an agency was merged into (as the workbook names it)', async () => {
    const app = await service([SEEDS.dehui]);
    const key = app.getWorkspace().items[0]!.key;
    app.mergeAgency({ key, into: '德惠市机关事务服务中心' });
    const out = join(tmp(), '意见书');
    const r = await app.exportLetters({ path: out, keys: [key] });
    expect(r.written).toBe(1);
    const [name] = readdirSync(out);
    expect(name).toMatch(/^德惠市机关事务服务中心-2020年-反馈意见书\.docx$/);
    const text = (await mammoth.extractRawText({ path: join(out, name!) })).value;
    expect(text).toContain('关于德惠市机关事务服务中心2020年政府信息公开工作年度报告的反馈意见');
    await app.close();
  });

  it('saves an edited rubric as a new version and scores against it', async () => {
    const app = await service([SEEDS.dehui]);
    const key = app.getWorkspace().items[0]!.key;
    const rubric = app.getReport({ key }).rubric;
    const saved = app.saveRubric({ rubric: { ...rubric, title: '本轮评分表', criteria: rubric.criteria.slice(0, 3) } });
    expect(saved).toMatchObject({ version: 2, title: '本轮评分表', total: 35 });
    const s = app.setScore({ key, criteria: saved.criteria.map((c) => ({ id: c.id, points: c.points, comment: '' })) });
    expect(s).toMatchObject({ rubricVersion: 2, total: 35 });
    expect(app.getReport({ key }).rubric.title).toBe('本轮评分表');
    await app.close();
  });
});
