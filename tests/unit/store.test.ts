// The review store on real files in temp dirs: persistence, kill -9, corruption, migration, merge,
// undo/redo, anchors after re-extraction.
import { describe, expect, it, beforeAll } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ReviewStore, StoreError } from '../../src/services/store/index.js';
import { makeAnchor, reanchor } from '../../src/core/review.js';
import { readDocumentFile } from '../../src/services/readers.js';
import { ROOT, SEEDS } from '../helpers/engine.js';
import { chromiumPdf, TOOLS } from '../helpers/docs.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'nianbao-store-'));

describe('review store', () => {
  it('persists decisions, annotations, scores and history across reopen', async () => {
    const p = join(tmp(), 'review.json');
    const { store } = await ReviewStore.open(p, { auditor: '张三' });
    store.setDecision({ reportKey: 'k1', fingerprint: 'R-SUM-ROW:requests:total:total', rule: 'R-SUM-ROW', verdict: 'confirmed', comment: '合计错' });
    store.upsertAnnotation({ id: 'n1', reportKey: 'k1', anchor: makeAnchor('abcdef', 1, 3, 'sha'), category: 'data', severity: 'error', note: '数字有误' });
    store.setScore({ reportKey: 'k1', rubricId: 'default', rubricVersion: 1, criteria: [{ id: 'timely', points: 10, comment: '' }], total: 10 });
    store.setStatus('k1', 'done');
    await store.close();
    const { store: again, notice } = await ReviewStore.open(p);
    expect(notice).toBeNull();
    expect(again.decisionsOf('k1')[0]).toMatchObject({ verdict: 'confirmed', comment: '合计错', by: '张三', version: 1 });
    expect(again.annotationsOf('k1')[0]!.note).toBe('数字有误');
    expect(again.data.scores.k1!.total).toBe(10);
    expect(again.data.statuses.k1!.status).toBe('done');
    expect(again.historyOf('k1').map((h) => h.what)).toEqual([
      '审核状态改为“已完成”',
      '评分 10',
      expect.stringContaining('添加批注'),
      'R-SUM-ROW 判定为“确认问题”：合计错',
    ]);
    await again.close();
  });

  it('one writer: a second open is refused while the first holds the store; read-only opens are fine', async () => {
    const p = join(tmp(), 'review.json');
    const { store } = await ReviewStore.open(p);
    await expect(
      (async () => {
        // Simulate another live process holding the lock.
        writeFileSync(`${p}.lock`, String(process.ppid));
        await ReviewStore.open(p);
      })(),
    ).rejects.toBeInstanceOf(StoreError);
    writeFileSync(`${p}.lock`, String(process.pid));
    const ro = await ReviewStore.open(p, { readOnly: true });
    expect(() => ro.store.setStatus('k', 'done')).toThrow(StoreError);
    await store.close();
  });

  it('undo and redo every review action, as new versions', async () => {
    const { store } = await ReviewStore.open(join(tmp(), 'r.json'));
    store.setDecision({ reportKey: 'k', fingerprint: 'f', rule: 'R-SUM-ROW', verdict: 'confirmed' });
    store.setDecision({ reportKey: 'k', fingerprint: 'f', rule: 'R-SUM-ROW', verdict: 'dismissed' });
    store.upsertAnnotation({ id: 'a', reportKey: 'k', anchor: makeAnchor('xyz', 0, 1, 's'), category: 'other', severity: 'info', note: 'n' });
    store.deleteAnnotation('a');
    expect(store.annotationsOf('k')).toHaveLength(0);
    expect(store.undo()).toBe('删除批注');
    expect(store.annotationsOf('k')).toHaveLength(1);
    store.undo();
    expect(store.annotationsOf('k')).toHaveLength(0);
    store.undo();
    expect(store.decisionsOf('k')[0]!.verdict).toBe('confirmed');
    expect(store.decisionsOf('k')[0]!.version).toBe(3);
    expect(store.redo()).toBe('判定：不是问题');
    expect(store.decisionsOf('k')[0]!.verdict).toBe('dismissed');
    await store.close();
  });

  it('detects a corrupt file, keeps it aside, restores the last good backup and says so', async () => {
    const dir = tmp();
    const p = join(dir, 'review.json');
    const { store } = await ReviewStore.open(p);
    store.setStatus('k1', 'done');
    await store.snapshot(); // backup 1 = before this snapshot
    store.setStatus('k2', 'in_progress');
    await store.close(); // snapshot again: bak1 now has k1
    writeFileSync(p, '{"schemaVersion": 2, "decisions": {tr'); // torn
    const { store: s2, notice } = await ReviewStore.open(p);
    expect(notice).toMatch(/已损坏.*备份 1 恢复/);
    expect(s2.data.statuses.k1!.status).toBe('done');
    expect(readdirSync(dir).some((f) => f.includes('.corrupt-'))).toBe(true);
    await s2.close();
  });

  it('migrates a store of the first schema', async () => {
    const p = join(tmp(), 'old.json');
    writeFileSync(
      p,
      JSON.stringify({
        version: 1,
        auditor: '李四',
        decisions: [{ reportKey: 'k', fingerprint: 'R-DATE-LATE', verdict: 'confirmed', comment: '超期', at: '2025-02-01T00:00:00.000Z' }],
        notes: [{ id: 'n', reportKey: 'k', anchor: makeAnchor('abc', 0, 2, 's'), category: 'format', severity: 'warning', note: '格式', at: '2025-02-01T00:00:00.000Z' }],
        files: [],
      }),
    );
    const { store, notice } = await ReviewStore.open(p);
    expect(notice).toContain('升级');
    expect(store.data.schemaVersion).toBe(2);
    expect(store.decisionsOf('k')[0]).toMatchObject({ rule: 'R-DATE-LATE', verdict: 'confirmed', by: '李四', version: 1 });
    expect(store.annotationsOf('k')[0]!.note).toBe('格式');
    await store.close();
    expect(JSON.parse(readFileSync(p, 'utf8')).schemaVersion).toBe(2);
  });

  it('merges two auditors’ review files without losing either side; conflicts are reported', async () => {
    const a = (await ReviewStore.open(join(tmp(), 'a.json'), { auditor: '甲' })).store;
    const b = (await ReviewStore.open(join(tmp(), 'b.json'), { auditor: '乙' })).store;
    a.setDecision({ reportKey: 'k', fingerprint: 'f1', rule: 'R-SUM-ROW', verdict: 'confirmed' });
    b.setDecision({ reportKey: 'k', fingerprint: 'f2', rule: 'R-TEXT-TABLE', verdict: 'dismissed' });
    b.setDecision({ reportKey: 'k', fingerprint: 'f1', rule: 'R-SUM-ROW', verdict: 'dismissed' }); // same record, same version 1
    b.upsertAnnotation({ id: 'nb', reportKey: 'k', anchor: makeAnchor('abc', 0, 1, 's'), category: 'data', severity: 'info', note: '乙的批注' });
    const file = JSON.parse(JSON.stringify(b.exportReview()));
    const r = a.importReview(file);
    expect(a.decisionsOf('k').map((d) => d.fingerprint).sort()).toEqual(['f1', 'f2']);
    expect(a.annotationsOf('k')[0]!.note).toBe('乙的批注');
    expect(r.conflicts.map((c) => c.id)).toEqual(['k|f1']);
    // A newer version wins without a conflict.
    a.setDecision({ reportKey: 'k', fingerprint: 'f1', rule: 'R-SUM-ROW', verdict: 'pending' });
    const back = b.importReview(JSON.parse(JSON.stringify(a.exportReview())));
    expect(b.decisionsOf('k').find((d) => d.fingerprint === 'f1')!.verdict).toBe('pending');
    expect(back.conflicts).toEqual([]);
    await a.close();
    await b.close();
  });
});

describe('kill -9 during writes', () => {
  let writer = '';
  beforeAll(async () => {
    writer = join(ROOT, '.tmp', 'store-writer.mjs');
    await build({ entryPoints: [join(ROOT, 'tests/helpers/store-writer.ts')], outfile: writer, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error' });
  });

  it('the store always opens and keeps every change a killed writer had acknowledged (200 trials)', async () => {
    const p = join(tmp(), 'review.json');
    const acknowledged = { d: new Set<string>(), a: new Set<string>() };
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 200; trial++) {
      await new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, [writer, p, String(trial)], {
          cwd: ROOT,
          env: { ...process.env, NIANBAO_SNAPSHOT_EVERY: String(20 + Math.floor(rand() * 60)) },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let buf = '';
        let opened = false;
        let err = '';
        child.stderr.on('data', (d) => (err += d));
        // Kill after a random number of acknowledged changes (plus a random moment), so the trials
        // land everywhere (in writes and in snapshots) however busy the machine is.
        const target = 1 + Math.floor(rand() * 40);
        let killing = false;
        child.stdout.on('data', (d: Buffer) => {
          buf += d.toString();
          if (!opened && buf.includes('open\n')) opened = true;
          if (opened && !killing && (buf.match(/^ok /gm)?.length ?? 0) >= target) {
            killing = true;
            setTimeout(() => child.kill('SIGKILL'), rand() * 5);
          }
        });
        child.on('exit', () => {
          for (const line of buf.split('\n')) {
            const m = /^ok (a|d) (.+)$/.exec(line);
            if (m) acknowledged[m[1] as 'a' | 'd'].add(m[2]!);
          }
          if (!opened) reject(new Error(`writer did not open the store (trial ${trial}): ${err}`));
          else resolve();
        });
      });
    }
    const { store, notice, faults } = await ReviewStore.open(p);
    // The last writer was killed: its lock is taken over, with a notice; nothing else is wrong.
    expect(notice).toMatch(/没有正常关闭.*已接管/);
    expect(faults.filter((f) => f.code !== 'LOCK_TAKEN_OVER' && f.code !== 'TORN_TAIL')).toEqual([]);
    const missingD = [...acknowledged.d].filter((id) => !store.data.decisions[id]);
    const missingA = [...acknowledged.a].filter((id) => !store.data.annotations[id]);
    expect(acknowledged.d.size + acknowledged.a.size).toBeGreaterThan(1000);
    expect(missingD).toEqual([]);
    expect(missingA).toEqual([]);
    expect(existsSync(`${p}.lock`)).toBe(true);
    await store.close();
  }, 300_000);
});

describe('anchors survive re-extraction', () => {
  it('text moved by an edit is found again; white-space changes are fuzzy; gone text is lost', () => {
    const text = readFileSync(SEEDS.liaocheng, 'utf8');
    const i = text.indexOf('共收到信息公开申请2件');
    const a = makeAnchor(text, i, i + 11, 'old');
    expect(reanchor(a, text)).toMatchObject({ how: 'exact', start: i });
    const edited = '新增的一段开头。\n' + text;
    expect(reanchor(a, edited)).toMatchObject({ how: 'moved', start: i + 9 });
    const spaced = edited.replaceAll('共收到信息公开申请2件', '共收到信息公开申请 2 件');
    const m = reanchor(a, spaced);
    expect(m).toMatchObject({ how: 'fuzzy', start: i + 9 });
    const gone = reanchor(a, text.replaceAll('共收到信息公开申请2件', '').replaceAll('收到', ''));
    expect(gone.how === 'lost' || gone.how === 'fuzzy').toBe(true);
  });

  it('an annotation made on the HTML page is found in the PDF of the same report', async () => {
    expect(TOOLS.chromium, 'Chromium is needed: run bash .ci/run').toBe(true);
    const html = await readDocumentFile(SEEDS.shanghai);
    const i = html.text.indexOf('无法提供265件');
    const a = makeAnchor(html.text, i, i + 8, html.sha256);
    const pdf = await readDocumentFile(chromiumPdf('shanghai', readFileSync(SEEDS.shanghai, 'utf8')));
    const m = reanchor(a, pdf.text);
    expect(m.how).not.toBe('lost');
    if (m.how !== 'lost') expect(pdf.text.slice(m.start, m.end).replace(/\s/g, '')).toBe('无法提供265件');
  });
});
