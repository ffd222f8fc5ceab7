// The app service over a failing store (issue 11, point 4): faults reach the window as notices, a
// read-only location still shows reports, a malformed review file is refused and breaks nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppService } from '../../src/services/app/index.js';
import { dispatch } from '../../src/services/dispatch.js';
import { ReviewStore, storeFs } from '../../src/services/store/index.js';
import type { Events } from '../../src/ipc/contract.js';
import { SEEDS } from '../helpers/engine.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'nianbao-app-faults-'));
const real = { ...storeFs };
afterEach(() => Object.assign(storeFs, real));

async function service(storePath = join(tmp(), 'review.json')) {
  const app = new AppService({ storePath, auditor: '甲', files: [SEEDS.weihui] });
  const notices: Events['notice'][] = [];
  app.on((e, p) => e === 'notice' && notices.push(p as Events['notice']));
  await app.init();
  return { app, notices, key: app.getWorkspace().items[0]!.key };
}

describe('AppService over a failing store', () => {
  it('a full disk: the decision is refused with the reason, the window gets a notice, the next one is saved', async () => {
    const { app, notices, key } = await service();
    const f = app.getReport({ key }).findings[0]!;
    storeFs.writeSync = () => {
      throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
    };
    await expect(dispatch(app, 'setDecision', { key, fingerprint: f.fingerprint, rule: f.rule, verdict: 'confirmed' })).rejects.toThrow(/没有保存（磁盘已满/);
    expect(notices).toEqual([{ level: 'error', message: expect.stringMatching(/没有保存（磁盘已满/) }]);
    Object.assign(storeFs, real);
    await dispatch(app, 'setDecision', { key, fingerprint: f.fingerprint, rule: f.rule, verdict: 'dismissed' });
    expect(app.getReport({ key }).findings[0]!.decision?.verdict).toBe('dismissed');
    await app.close();
  });

  it('a malformed review file is refused by name and reason; the report and the workbook still work; a good one undoes in one step', async () => {
    const { app, key } = await service();
    const f = app.getReport({ key }).findings[0]!;
    const bad = join(tmp(), '乙的审核.json');
    const other = (await ReviewStore.open(join(tmp(), 'b.json'), { auditor: '乙' })).store;
    other.setDecision({ reportKey: key, fingerprint: f.fingerprint, rule: f.rule, verdict: 'dismissed' });
    other.upsertAnnotation({ id: 'nb', reportKey: key, anchor: { quote: '申请', prefix: '', suffix: '', start: 0, end: 2, docSha256: 'x' }, category: 'data', severity: 'info', note: '乙' });
    const good = JSON.parse(JSON.stringify(other.exportReview()));
    await other.close();
    const spoiled = structuredClone(good);
    delete spoiled.annotations.nb.anchor;
    writeFileSync(bad, JSON.stringify(spoiled));
    await expect(app.importReview({ path: bad })).rejects.toThrow(/乙的审核\.json：审核数据文件格式不对：annotations › nb › anchor.*没有导入任何内容/);
    writeFileSync(bad, 'not json: secret');
    await expect(app.importReview({ path: bad })).rejects.toThrow(/不是有效的 JSON/);
    expect(app.getReport({ key }).annotations).toEqual([]);
    const out = join(tmp(), 'x.xlsx');
    expect((await app.exportWorkbook({ path: out })).path).toBe(out);
    writeFileSync(bad, JSON.stringify(good));
    const r = await app.importReview({ path: bad });
    expect(r!.taken).toBe(2);
    expect(app.getReport({ key }).annotations).toHaveLength(1);
    expect(app.getWorkspace().undo).toBe('导入乙的审核数据');
    app.undo();
    expect(app.getReport({ key }).annotations).toEqual([]);
    expect(app.getReport({ key }).findings[0]!.decision ?? null).toBeNull();
    await app.close();
  });

  const root = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;
  it.skipIf(!root)('a read-only location: reports are shown, the notice says why, a decision is refused clearly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-app-ro-'));
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir]).status !== 0) return;
    try {
      const p = join(dir, 'review.json');
      const first = await service(p);
      await first.app.close();
      expect(spawnSync('mount', ['-o', 'remount,ro', dir]).status).toBe(0);
      const { app, key, notices } = await service(p);
      const w = app.getWorkspace();
      expect(w.notice).toMatch(/不能写入.*只读方式打开.*可以查看报告/);
      expect(w.items.length).toBe(1);
      const rep = app.getReport({ key });
      expect(rep.findings.length).toBeGreaterThan(0);
      await expect(dispatch(app, 'setDecision', { key, fingerprint: rep.findings[0]!.fingerprint, rule: rep.findings[0]!.rule, verdict: 'confirmed' })).rejects.toThrow(/只读/);
      expect(notices.at(-1)).toEqual({ level: 'error', message: expect.stringMatching(/只读方式打开，这项修改没有保存/) }); // the window is told
      await app.close();
    } finally {
      spawnSync('umount', [dir]);
    }
  });
});
