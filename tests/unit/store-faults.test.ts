// Fault injection on real store files (issue 11, point 4): damaged snapshots, kill -9 in each step
// of a snapshot, a full disk (injected through the store's fs seam, and a real tiny tmpfs where this
// runs as root), torn and corrupt journal lines, a read-only folder, two writers on different hosts,
// failed snapshots, malformed review imports. Every case: 0 acknowledged changes lost, the fault
// reported.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ReviewStore, StoreError, storeFs, parseReviewText, type StoreFault } from '../../src/services/store/index.js';
import { makeAnchor } from '../../src/core/review.js';
import { ROOT } from '../helpers/engine.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'nianbao-faults-'));
const real = { ...storeFs };
afterEach(() => {
  Object.assign(storeFs, real);
  vi.useRealTimers();
});

const decide = (s: ReviewStore, n: number, prefix = 'f') =>
  s.setDecision({ reportKey: `r${n % 7}`, fingerprint: `${prefix}${n}`, rule: 'R-SUM-ROW', verdict: 'confirmed', comment: `第 ${n} 条` });
const has = (s: ReviewStore, n: number, prefix = 'f') => !!s.data.decisions[`r${n % 7}|${prefix}${n}`];
const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

describe('recovery from a damaged snapshot', () => {
  it('takes the newest good backup plus the journal: 300 decisions after a snapshot survive', async () => {
    const p = join(tmp(), 'review.json');
    const { store } = await ReviewStore.open(p);
    for (let n = 0; n < 300; n++) decide(store, n);
    await store.snapshot(); // the journal is trimmed only to what bak1 (the previous snapshot) holds
    for (let n = 300; n < 310; n++) decide(store, n);
    await store.close();
    writeFileSync(p, '{"schemaVersion":2,"seq":');
    const { store: s2, notice, faults } = await ReviewStore.open(p);
    expect(faults.map((f) => f.code)).toContain('RECOVERED');
    expect(notice).toMatch(/已损坏.*备份 1 恢复/);
    const missing = Array.from({ length: 310 }, (_, n) => n).filter((n) => !has(s2, n));
    expect(missing).toEqual([]);
    await s2.close();
  });

  it('says which changes are gone when the backup the journal starts from is damaged too', async () => {
    const p = join(tmp(), 'review.json');
    const { store } = await ReviewStore.open(p);
    for (let n = 0; n < 20; n++) decide(store, n);
    await store.snapshot();
    for (let n = 20; n < 40; n++) decide(store, n);
    await store.snapshot();
    for (let n = 40; n < 50; n++) decide(store, n);
    await store.close();
    writeFileSync(p, 'garbage');
    writeFileSync(`${p}.bak1`, 'garbage');
    const { store: s2, faults } = await ReviewStore.open(p);
    const gap = faults.find((f) => f.code === 'GAP');
    expect(gap?.level).toBe('error');
    expect(gap?.message).toMatch(/缺少第 \d+–\d+ 项修改/);
    expect(has(s2, 45)).toBe(true); // the journal after the gap is still taken
    await s2.close();
  });
});

describe('kill -9 at each step of a snapshot', () => {
  let writer = '';
  beforeAll(async () => {
    writer = join(ROOT, '.tmp', 'store-writer.mjs');
    await build({ entryPoints: [join(ROOT, 'tests/helpers/store-writer.ts')], outfile: writer, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error' });
  });

  /** Run the writer until it reaches `step` in its second snapshot, kill it, return what it acknowledged. */
  const killAt = (p: string, step: string, trial: number) =>
    new Promise<Set<string>>((resolve, reject) => {
      const child = spawn(process.execPath, [writer, p, String(trial), step], { cwd: ROOT, env: { ...process.env, NIANBAO_SNAPSHOT_EVERY: '40' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let buf = '';
      let err = '';
      let seen = 0;
      child.stderr.on('data', (d) => (err += d));
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const at = buf.split('\n').filter((l) => l === `at ${step}`).length;
        if (at > seen) {
          seen = at;
          child.kill('SIGKILL');
        }
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('exit', () => {
        clearTimeout(timer);
        if (!seen) return reject(new Error(`writer never reached ${step}: ${err}`));
        const ok = new Set<string>();
        for (const line of buf.split('\n')) {
          const m = /^ok d (.+)$/.exec(line);
          if (m) ok.add(m[1]!);
        }
        resolve(ok);
      });
    });

  for (const step of ['rotate', 'snapshot-written', 'snapshot-renamed', 'trim-written'] as const) {
    it(`killed at ${step}: opens with every acknowledged decision, also when the snapshot is then damaged`, async () => {
      const p = join(tmp(), 'review.json');
      const acked = new Set<string>();
      for (let trial = 0; trial < 3; trial++) for (const id of await killAt(p, step, trial)) acked.add(id);
      expect(acked.size).toBeGreaterThan(30);
      // The killed writer's half-done files are still there: open normally first …
      const first = await ReviewStore.open(p);
      expect([...acked].filter((id) => !first.store.data.decisions[id])).toEqual([]);
      first.store.abandonForTests();
      // … and again with the snapshot damaged on top: bak1 plus the journal still hold everything.
      writeFileSync(p, '{"torn');
      const again = await ReviewStore.open(p);
      expect(again.faults.map((f) => f.code)).toContain('RECOVERED');
      expect([...acked].filter((id) => !again.store.data.decisions[id])).toEqual([]);
      await again.store.close();
    }, 120_000);
  }
});

describe('a failed write (full disk) is cut off, reported and does not swallow the next change', () => {
  it('a half-written record: the call fails with a clear error, memory unchanged, the next change kept', async () => {
    const p = join(tmp(), 'review.json');
    const { store } = await ReviewStore.open(p);
    const faults: StoreFault[] = [];
    store.onFault = (f) => faults.push(f);
    decide(store, 1);
    storeFs.writeSync = (fd, buf, off, len) => {
      real.writeSync(fd, buf, off, Math.ceil(len / 2)); // half the record reaches the disk
      throw enospc();
    };
    const seqBefore = store.data.seq;
    let err: unknown;
    try {
      decide(store, 2);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('WRITE_FAILED');
    expect((err as Error).message).toMatch(/没有保存（磁盘已满，ENOSPC）/);
    expect(has(store, 2)).toBe(false);
    expect(store.data.seq).toBe(seqBefore);
    expect(store.canUndo()).toBe('判定：确认问题'); // the failed change is no undo step
    expect(faults.map((f) => f.code)).toEqual(['WRITE_FAILED']);
    Object.assign(storeFs, real);
    decide(store, 3);
    store.abandonForTests(); // a crash: no final snapshot
    const { store: s2, faults: f2 } = await ReviewStore.open(p);
    expect([has(s2, 1), has(s2, 2), has(s2, 3)]).toEqual([true, false, true]);
    expect(f2.filter((f) => f.code !== 'LOCK_TAKEN_OVER')).toEqual([]);
    await s2.close();
  });

  it('when the torn bytes cannot be cut off at once, they are cut before the next append', async () => {
    const p = join(tmp(), 'review.json');
    const { store } = await ReviewStore.open(p);
    decide(store, 1);
    storeFs.writeSync = (fd, buf, off, len) => {
      real.writeSync(fd, buf, off, 7);
      throw enospc();
    };
    storeFs.ftruncateSync = () => {
      throw Object.assign(new Error('EIO'), { code: 'EIO' });
    };
    expect(() => decide(store, 2)).toThrow(/磁盘已满/);
    storeFs.writeSync = real.writeSync;
    expect(() => decide(store, 3)).toThrow(/磁盘读写出错/); // still cannot cut: refused, not glued on
    storeFs.ftruncateSync = real.ftruncateSync;
    decide(store, 4);
    store.abandonForTests();
    const { store: s2, faults } = await ReviewStore.open(p);
    expect([1, 2, 3, 4].map((n) => has(s2, n))).toEqual([true, false, false, true]);
    expect(faults.filter((f) => f.code !== 'LOCK_TAKEN_OVER')).toEqual([]);
    await s2.close();
  });

  it('a failed sync (EIO) fails the call and the record is rolled back', async () => {
    const p = join(tmp(), 'review.json');
    const { store } = await ReviewStore.open(p);
    storeFs.fdatasyncSync = () => {
      throw Object.assign(new Error('EIO'), { code: 'EIO' });
    };
    expect(() => decide(store, 1)).toThrow(StoreError);
    storeFs.fdatasyncSync = real.fdatasyncSync;
    decide(store, 2);
    store.abandonForTests();
    const { store: s2 } = await ReviewStore.open(p);
    expect([has(s2, 1), has(s2, 2)]).toEqual([false, true]);
    await s2.close();
  });

  const root = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;
  it.skipIf(!root)('a real full disk (a 256 KB tmpfs): every acknowledged change kept, every refusal clean', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-tmpfs-'));
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir]);
    if (m.status !== 0) return; // no mount in this sandbox
    try {
      const p = join(dir, 'review.json');
      writeFileSync(join(dir, 'filler'), Buffer.alloc(96 * 1024));
      const { store } = await ReviewStore.open(p, { snapshotEvery: 1e9 });
      const faults: StoreFault[] = [];
      store.onFault = (f) => faults.push(f);
      const acked: number[] = [];
      let refused = 0;
      for (let n = 0; n < 5000 && refused < 5; n++) {
        try {
          store.setDecision({ reportKey: 'k', fingerprint: `f${n}`, rule: 'R-SUM-ROW', verdict: 'confirmed', comment: '满'.repeat(200) });
          acked.push(n);
        } catch (e) {
          expect((e as StoreError).code).toBe('WRITE_FAILED');
          refused++;
        }
      }
      expect(refused).toBe(5);
      expect(acked.length).toBeGreaterThan(50);
      expect(faults.every((f) => f.code === 'WRITE_FAILED')).toBe(true);
      store.abandonForTests();
      // Opening on the full disk: read-only, and says why.
      const full = await ReviewStore.open(p);
      expect(full.store.readOnly).toBe(true);
      expect(full.notice).toMatch(/磁盘已满.*只读方式打开/);
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]); // no temp file left on the full disk
      expect(acked.filter((n) => !full.store.data.decisions[`k|f${n}`])).toEqual([]);
      await full.store.close();
      // Space freed: everything acknowledged is there, nothing damaged.
      rmSync(join(dir, 'filler'));
      const { store: s2, faults: f2 } = await ReviewStore.open(p, { snapshotEvery: 1e9 });
      expect(acked.filter((n) => !s2.data.decisions[`k|f${n}`])).toEqual([]);
      expect(f2.filter((f) => !['LOCK_TAKEN_OVER', 'SNAPSHOT_FAILED'].includes(f.code))).toEqual([]);
      s2.abandonForTests();
    } finally {
      spawnSync('umount', [dir]);
    }
  });
});

describe('torn and corrupt journal lines', () => {
  const crashed = async () => {
    const p = join(tmp(), 'review.json');
    const { store } = await ReviewStore.open(p);
    for (let n = 0; n < 5; n++) decide(store, n);
    store.abandonForTests();
    return p;
  };

  it('a torn last line (a write cut short) is ignored and reported as such, not as damage', async () => {
    const p = await crashed();
    appendFileSync(`${p}.journal`, '0badc0de {"ops":[{"seq":99,"coll":"decisi');
    const { store, faults, notice } = await ReviewStore.open(p);
    expect(faults.map((f) => f.code)).toContain('TORN_TAIL');
    expect(notice ?? '').not.toMatch(/损坏/);
    expect([0, 1, 2, 3, 4].every((n) => has(store, n))).toBe(true);
    decide(store, 5); // appended after a cut, not glued to the torn bytes
    store.abandonForTests();
    const again = await ReviewStore.open(p);
    expect(has(again.store, 5)).toBe(true);
    expect(again.faults.map((f) => f.code)).not.toContain('DAMAGED_RECORD');
    await again.store.close();
  });

  it('a damaged line in the middle is reported with its line number, kept aside, the rest replayed', async () => {
    const p = await crashed();
    const lines = readFileSync(`${p}.journal`, 'utf8').split('\n');
    lines[2] = lines[2]!.replace('第 2 条', '第 9 条'); // one changed character: the checksum no longer fits
    writeFileSync(`${p}.journal`, lines.join('\n'));
    const { store, faults, notice } = await ReviewStore.open(p);
    const d = faults.find((f) => f.code === 'DAMAGED_RECORD');
    expect(d?.level).toBe('error');
    expect(d?.message).toContain('第 3 行');
    expect(notice).toMatch(/1 条记录已损坏/);
    expect([0, 1, 2, 3, 4].map((n) => has(store, n))).toEqual([true, true, false, true, true]);
    expect(readdirSync(join(p, '..')).some((f) => f.includes('.journal.damaged-'))).toBe(true);
    await store.close();
  });

  it('reads the bare JSON lines of an earlier version’s journal', async () => {
    const p = join(tmp(), 'review.json');
    const d = { id: 'k|f', reportKey: 'k', fingerprint: 'f', rule: 'R-SUM-ROW', verdict: 'confirmed', comment: '', by: 'x', at: '2025-01-01T00:00:00Z', version: 1 };
    writeFileSync(`${p}.journal`, JSON.stringify({ seq: 1, coll: 'decisions', id: 'k|f', value: d }) + '\n');
    const { store, notice } = await ReviewStore.open(p);
    expect(notice).toBeNull();
    expect(store.data.decisions['k|f']?.verdict).toBe('confirmed');
    await store.close();
  });
});

describe('a failed snapshot is reported, not fatal', () => {
  it('periodic snapshots fail on a full disk: the writer goes on, nothing is lost', async () => {
    const p = join(tmp(), 'review.json');
    const { store } = await ReviewStore.open(p, { snapshotEvery: 10 });
    const faults: StoreFault[] = [];
    store.onFault = (f) => faults.push(f);
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    storeFs.writeFileDurable = async () => {
      throw enospc();
    };
    for (let n = 0; n < 35; n++) decide(store, n);
    await new Promise((r) => setTimeout(r, 50));
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
    const snap = faults.filter((f) => f.code === 'SNAPSHOT_FAILED');
    expect(snap.length).toBeGreaterThan(0);
    expect(snap[0]!.message).toMatch(/磁盘已满.*不会丢失/);
    await store.close(); // the final snapshot fails too: reported, the lock released
    expect(faults.filter((f) => f.code === 'SNAPSHOT_FAILED').length).toBe(snap.length + 1);
    expect(existsSync(`${p}.lock`)).toBe(false);
    Object.assign(storeFs, real);
    const { store: s2 } = await ReviewStore.open(p);
    expect(Array.from({ length: 35 }, (_, n) => n).filter((n) => !has(s2, n))).toEqual([]);
    await s2.close();
  });
});

describe('the lock', () => {
  it('a second writer on another machine is refused while the lock is fresh; nothing of the first is lost', async () => {
    const p = join(tmp(), 'review.json');
    const a = (await ReviewStore.open(p, { host: 'pc-a', auditor: '甲' })).store;
    const lock = JSON.parse(readFileSync(`${p}.lock`, 'utf8'));
    expect(lock).toMatchObject({ host: 'pc-a', pid: process.pid });
    expect(Date.parse(lock.startedAt)).toBeGreaterThan(0);
    for (let n = 0; n < 100; n++) {
      decide(a, n);
      if (n % 25 === 0) {
        const err = await ReviewStore.open(p, { host: 'pc-b' }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StoreError);
        expect((err as StoreError).code).toBe('LOCKED');
        expect((err as Error).message).toContain('电脑“pc-a”');
      }
    }
    await a.close();
    const b = await ReviewStore.open(p, { host: 'pc-b' });
    expect(b.notice).toBeNull();
    expect(Array.from({ length: 100 }, (_, n) => n).filter((n) => !has(b.store, n))).toEqual([]);
    await b.store.close();
  });

  it('a stale lock of another machine is taken over with a notice; the old holder then stops writing', async () => {
    const p = join(tmp(), 'review.json');
    vi.useFakeTimers({ toFake: ['Date'] });
    const a = (await ReviewStore.open(p, { host: 'pc-a' })).store;
    const aFaults: StoreFault[] = [];
    a.onFault = (f) => aFaults.push(f);
    decide(a, 1);
    // pc-a is suspended (a laptop lid closed) for two minutes: its lock is not refreshed.
    vi.setSystemTime(Date.now() + 120_000);
    const b = await ReviewStore.open(p, { host: 'pc-b' });
    expect(b.faults.map((f) => f.code)).toEqual(['LOCK_TAKEN_OVER']);
    expect(b.notice).toMatch(/没有正常关闭（电脑“pc-a”.*已接管/);
    expect(has(b.store, 1)).toBe(true);
    decide(b.store, 2);
    // pc-a wakes up and tries to write: refused, and told why.
    expect(() => decide(a, 3)).toThrow(/已被另一个年报审阅台接管/);
    expect(aFaults.map((f) => f.code)).toEqual(['LOCK_LOST', 'REFUSED']);
    expect(a.readOnly).toBe(true);
    await a.close(); // does not remove pc-b's lock
    expect(JSON.parse(readFileSync(`${p}.lock`, 'utf8')).host).toBe('pc-b');
    await b.store.close();
    const c = (await ReviewStore.open(p)).store;
    expect([has(c, 1), has(c, 2), has(c, 3)]).toEqual([true, true, false]);
    await c.close();
  });

  it('the lock is refreshed while held', async () => {
    const p = join(tmp(), 'review.json');
    vi.useFakeTimers({ toFake: ['Date'] });
    const a = (await ReviewStore.open(p, { host: 'pc-a' })).store;
    const before = JSON.parse(readFileSync(`${p}.lock`, 'utf8')).refreshedAt;
    vi.setSystemTime(Date.now() + 30_000);
    decide(a, 1); // a write after a while refreshes first
    const after = JSON.parse(readFileSync(`${p}.lock`, 'utf8')).refreshedAt;
    expect(Date.parse(after) - Date.parse(before)).toBeGreaterThanOrEqual(30_000);
    vi.setSystemTime(Date.now() + 30_000); // 30 s later the lock is fresh: still refused
    await expect(ReviewStore.open(p, { host: 'pc-b' })).rejects.toThrow(/pc-a/);
    await a.close();
  });
});

describe('a read-only location', () => {
  const root = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;
  it.skipIf(!root)('opens read-only with a clear notice; the data is readable; writes are refused clearly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nianbao-ro-'));
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir]).status !== 0) return;
    try {
      const p = join(dir, 'review.json');
      const { store } = await ReviewStore.open(p);
      decide(store, 1);
      await store.close();
      expect(spawnSync('mount', ['-o', 'remount,ro', dir]).status).toBe(0);
      const { store: ro, notice, faults } = await ReviewStore.open(p);
      expect(faults.map((f) => f.code)).toEqual(['READ_ONLY_LOCATION']);
      expect(notice).toMatch(/不能写入（所在位置是只读的，EROFS）.*只读方式打开.*可以查看报告/);
      expect(ro.readOnly).toBe(true);
      expect(has(ro, 1)).toBe(true);
      expect(() => decide(ro, 2)).toThrow(/只读/);
      ro.addFiles([{ path: '/x.pdf', sha256: 'abc', size: 1, addedAt: '' }]); // bookkeeping: skipped, no error
      await ro.close();
    } finally {
      spawnSync('umount', [dir]);
    }
  });
});

describe('review imports are validated and merged all or nothing, with an undo', () => {
  const good = (by = '乙') => ({
    kind: 'nianbao-review',
    version: 1,
    exportedAt: '2026-01-01T00:00:00Z',
    auditor: by,
    decisions: { 'k|f1': { id: 'k|f1', reportKey: 'k', fingerprint: 'f1', rule: 'R-SUM-ROW', verdict: 'dismissed', comment: '', by, at: '2026-01-01T00:00:00Z', version: 3 } },
    annotations: {
      n1: { id: 'n1', reportKey: 'k', anchor: makeAnchor('abcdef', 1, 3, 'sha'), category: 'data', severity: 'error', note: '=HYPERLINK("http://x")', by, at: '2026-01-01T00:00:00Z', version: 1 },
    },
    scores: {},
    statuses: { k: { reportKey: 'k', status: 'done', by, at: '2026-01-01T00:00:00Z', version: 1 } },
  });

  it.each([
    ['a wrong verdict', (f: ReturnType<typeof good>) => ((f.decisions['k|f1'] as { verdict: string }).verdict = 'maybe'), /decisions › k\|f1 › verdict：应为 confirmed \/ dismissed \/ pending 之一/],
    ['a record under another name', (f: ReturnType<typeof good>) => ((f.statuses as Record<string, unknown>).other = f.statuses.k), /statuses › other：记录名与内容不一致/],
    ['a missing anchor', (f: ReturnType<typeof good>) => delete (f.annotations.n1 as { anchor?: unknown }).anchor, /annotations › n1 › anchor：应为 object/],
    ['a number as text', (f: ReturnType<typeof good>) => ((f.decisions['k|f1'] as { version: unknown }).version = '3'), /version：应为 number/],
    ['not a review file', (f: ReturnType<typeof good>) => ((f as { kind: string }).kind = 'other'), /不是年报审阅台导出的审核数据文件/],
  ])('refuses %s with a specific message and changes nothing', async (_, spoil, message) => {
    const { store } = await ReviewStore.open(join(tmp(), 'r.json'), { auditor: '甲' });
    decide(store, 1);
    const before = JSON.stringify(store.data);
    const f = good();
    spoil(f);
    expect(() => store.importReview(f)).toThrow(message);
    expect(() => store.importReview(f)).toThrow(/没有导入任何内容/);
    expect(JSON.stringify(store.data)).toBe(before);
    await store.close();
  });

  it('a prototype key is refused', async () => {
    const { store } = await ReviewStore.open(join(tmp(), 'r.json'));
    const text = JSON.stringify(good()).replace('"statuses":{"k":', '"statuses":{"__proto__":');
    expect(() => store.importReview(JSON.parse(text))).toThrow(/__proto__：不允许的记录名/);
    expect(({} as Record<string, unknown>).status).toBeUndefined();
    await store.close();
  });

  it('a file that is not JSON is refused without echoing its content', () => {
    expect(() => parseReviewText('PRIVATE KEY secret line\n…', 'x.json')).toThrow(/^x\.json 不是有效的 JSON 文件/);
    expect(() => parseReviewText('PRIVATE KEY secret line\n…', 'x.json')).not.toThrow(/PRIVATE/);
  });

  it('records of an earlier unchecked import are taken out on open, kept aside, and said so', async () => {
    const p = join(tmp(), 'r.json');
    const { store } = await ReviewStore.open(p);
    decide(store, 1);
    await store.close();
    const raw = JSON.parse(readFileSync(p, 'utf8'));
    raw.annotations.bad = { id: 'bad', reportKey: 'k', note: 'no anchor', category: 'data', severity: 'info', by: 'x', at: '', version: 1 };
    raw.decisions['k|z'] = { ...raw.decisions['r1|f1'] }; // stored under another name
    delete raw.recordsChecked; // a store of an earlier version
    writeFileSync(p, JSON.stringify(raw));
    const { store: s2, faults, notice } = await ReviewStore.open(p);
    expect(faults.map((f) => f.code)).toEqual(['INVALID_RECORDS']);
    expect(notice).toMatch(/2 条记录格式不对（如 decisions › k\|z：记录名与内容不一致）.*已移出/);
    expect(s2.data.annotations.bad).toBeUndefined();
    expect(has(s2, 1)).toBe(true);
    const kept = readdirSync(join(p, '..')).find((f) => f.includes('.invalid-'))!;
    expect(JSON.parse(readFileSync(join(p, '..', kept), 'utf8')).annotations.bad.note).toBe('no anchor');
    await s2.close();
    const again = await ReviewStore.open(p);
    expect(again.faults).toEqual([]); // taken out for good
    expect(JSON.parse(readFileSync(p, 'utf8')).recordsChecked).toBe(1);
    await again.store.close();
  });

  it('a good file is merged as one step; undo takes the whole import back; nothing half-done after a crash', async () => {
    const p = join(tmp(), 'r.json');
    const { store } = await ReviewStore.open(p, { auditor: '甲' });
    store.setDecision({ reportKey: 'k', fingerprint: 'f1', rule: 'R-SUM-ROW', verdict: 'confirmed' });
    const r = store.importReview(good());
    expect(r.taken).toBe(3);
    expect(store.canUndo()).toBe('导入乙的审核数据');
    expect(store.data.decisions['k|f1']!.verdict).toBe('dismissed');
    expect(store.annotationsOf('k')).toHaveLength(1);
    // The whole import is one journal record.
    const lines = readFileSync(`${p}.journal`, 'utf8').trim().split('\n');
    expect(lines.at(-1)).toMatch(/"id":"k\|f1".*"id":"n1".*"id":"k"/);
    expect(store.undo()).toBe('导入乙的审核数据');
    expect(store.data.decisions['k|f1']!.verdict).toBe('confirmed');
    expect(store.annotationsOf('k')).toHaveLength(0);
    expect(store.data.statuses.k).toBeUndefined();
    await store.close();
  });
});

