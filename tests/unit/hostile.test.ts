// Hostile files: budgets per file (time, heap, inflated sizes, nesting), linear rules, folders with
// links and undecodable names, and cancel in the app. Real files written to temp folders.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppService } from '../../src/services/app/index.js';
import { checkFilesParallel, checkText, expandPaths } from '../../src/services/check.js';
import { readDocumentBytes, ReadError } from '../../src/services/readers.js';
import { resolveSettings } from '../../src/core/rules/index.js';
import { KINDS } from '../fuzz/generate.js';
import { ROOT, SEEDS } from '../helpers/engine.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'nianbao-hostile-'));
const settings = resolveSettings();
const HEAD = '2023年政府信息公开工作年度报告\n一、总体情况\n';

let seed = 11;
const r = {
  next: () => ((seed = (seed * 16807) % 2147483647) / 2147483647),
  int: (lo: number, hi: number) => lo + Math.floor(r.next() * (hi - lo + 1)),
  pick: <T,>(xs: T[]): T => xs[Math.floor(r.next() * xs.length)]!,
};
const ctx = { seeds: [readFileSync(SEEDS.dehui, 'utf8')], hongze: Buffer.alloc(0) };
const make = (kind: string) => Buffer.from(KINDS[kind]!(r, ctx).bytes);

async function codeOf(bytes: Buffer, name: string): Promise<string> {
  const t = performance.now();
  try {
    await readDocumentBytes(new Uint8Array(bytes), name);
    return 'ok';
  } catch (e) {
    expect(performance.now() - t).toBeLessThan(10_000);
    expect(e).toBeInstanceOf(ReadError);
    expect((e as Error).message).toMatch(/[\u4e00-\u9fff]/);
    return (e as ReadError).code;
  }
}

describe('sizes are checked before inflating', () => {
  it('a DOCX zip bomb is TOO_LARGE, whether its directory tells the truth or lies', async () => {
    expect(await codeOf(make('docx-zip-bomb'), 'a.docx')).toBe('TOO_LARGE');
    expect(await codeOf(make('docx-zip-bomb-lying'), 'b.docx')).toBe('TOO_LARGE');
  });
  it('a PDF flate bomb (single and double Flate) is TOO_LARGE', async () => {
    expect(await codeOf(make('pdf-flate-bomb'), 'a.pdf')).toBe('TOO_LARGE');
    expect(await codeOf(make('pdf-double-flate-bomb'), 'b.pdf')).toBe('TOO_LARGE');
  });
  it('password-protected Word files are ENCRYPTED, not 旧版 Word', async () => {
    expect(await codeOf(make('docx-encrypted'), 'a.docx')).toBe('ENCRYPTED');
    expect(await codeOf(make('docx-zip-encrypted'), 'b.docx')).toBe('ENCRYPTED');
    expect(await codeOf(make('doc-legacy'), 'c.doc')).toBe('LEGACY_DOC');
  });
  it('deep HTML nesting and a 1000×1000 table are refused quickly; a valid DOCX still reads', async () => {
    expect(await codeOf(Buffer.from(`<html><body>${'<div>'.repeat(100_000)}x</body></html>`), 'a.html')).toBe('TOO_COMPLEX');
    const row = `<tr>${'<td>1</td>'.repeat(1000)}</tr>`;
    expect(await codeOf(Buffer.from(`<html><body><table>${row.repeat(1000)}</table></body></html>`), 'b.html')).toBe('TOO_COMPLEX');
    expect(await codeOf(make('docx-valid'), 'c.docx')).toBe('ok');
  });
  it('UTF-16 text with a byte-order mark is text', async () => {
    const t = readFileSync(SEEDS.dehui, 'utf8');
    expect(await codeOf(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]), 'u.txt')).toBe('ok');
  });
});

describe('rules are linear in their input', () => {
  const run = (text: string) => {
    const t = performance.now();
    checkText('x.txt', { text, kind: 'txt', sha256: 'x', spans: [] }, settings);
    return performance.now() - t;
  };
  // Before: a 250 KB digit run took 72 s, 200 KB of 一 57 s, 200 KB of （一）a lines minutes.
  it.each([
    ['digit run', HEAD + '1'.repeat(1_000_000)],
    ['digits and commas', HEAD + '1,'.repeat(500_000)],
    ['Chinese numerals', HEAD + '一'.repeat(500_000)],
    ['repeated statements without commas', HEAD + '予以公开1件'.repeat(80_000)],
    ['numbered lines', HEAD + '（一）a\n'.repeat(40_000)],
    ['repeated headings (400 reports)', '一、总体情况\n（一）a\n'.repeat(400)],
  ])('%s', (_name, text) => {
    expect(run(text)).toBeLessThan(15_000);
  });
  it('a heading repeated 20,000 times is TOO_COMPLEX, refused in seconds (it took minutes)', () => {
    const t = performance.now();
    expect(() => run('一、总体情况\n'.repeat(20_000))).toThrow(/超过上限 1000 份/);
    expect(performance.now() - t).toBeLessThan(15_000);
  });
});

describe('every file is read in a worker with a budget', () => {
  it('a file past its time limit is TIMEOUT, the worker is replaced and the next file reads', async () => {
    const dir = tmp();
    const slow = join(dir, 'slow.txt');
    writeFileSync(slow, '一、总体情况\n'.repeat(400_000)); // tens of seconds of parsing
    const t = performance.now();
    const res = await checkFilesParallel([slow, SEEDS.dehui], settings, { workers: 1, timeoutMs: 3000 });
    expect(performance.now() - t).toBeLessThan(20_000);
    expect(res[0]!.json.error).toMatchObject({ code: 'TIMEOUT' });
    expect(res[0]!.json.error!.message).toMatch(/超过 3 秒/);
    expect(res[1]!.json.error ?? null).toBeNull();
    expect(res[1]!.json.reports.length).toBe(1);
  });

  it('workers live for many files; one that has grown past recycleMb is replaced, with the same results', async () => {
    const pdf = join(ROOT, '../shared/fixtures/real/hongze-2024.pdf');
    const files = [SEEDS.dehui, pdf, SEEDS.weihui];
    const started = (opts: { recycleMb?: number }) => {
      let n = 0;
      const count = () => n++;
      process.on('worker', count);
      return checkFilesParallel(files, settings, { workers: 1, ...opts }).finally(() => process.off('worker', count)).then((res) => ({ res, n }));
    };
    const kept = await started({});
    const fresh = await started({ recycleMb: 0 }); // every worker has grown: a new one for each file
    expect(kept.n).toBe(1);
    expect(fresh.n).toBe(files.length);
    expect(kept.res.every((r) => r.json.reports.length === 1)).toBe(true);
    expect(fresh.res.map((r) => r.json)).toEqual(kept.res.map((r) => r.json));
  });

  it('a file that exhausts the heap limit is TOO_COMPLEX and does not take the batch down', async () => {
    const dir = tmp();
    const big = join(dir, 'big.txt');
    writeFileSync(big, (HEAD + '本年新收\t1\t2\t3\n').repeat(400_000));
    const res = await checkFilesParallel([big, SEEDS.dehui], settings, { workers: 1, heapMb: 96, timeoutMs: 60_000 });
    expect(res[0]!.json.error).toMatchObject({ code: 'TOO_COMPLEX' });
    expect(res[0]!.json.error!.message).toMatch(/内存上限/);
    expect(res[1]!.json.error ?? null).toBeNull();
  });
});

describe('folders', () => {
  it('symlink cycles, dangling links and names that are not UTF-8 are listed with a reason', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.txt'), 'x');
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    symlinkSync(dir, join(sub, 'loop'));
    symlinkSync(join(dir, 'gone.pdf'), join(sub, 'dangling.pdf'));
    symlinkSync(join(dir, 'a.txt'), join(sub, 'link.txt'));
    writeFileSync(Buffer.concat([Buffer.from(dir + '/'), Buffer.from([0xc4, 0xea, 0xb1, 0xa8]), Buffer.from('.txt')]), 'x');
    const { files, skipped } = await expandPaths([dir]);
    expect(files).toEqual([join(dir, 'a.txt')]); // the link to a.txt is the same file, the loop is not walked twice
    expect(skipped.map((s) => s.code).sort()).toEqual(['BAD_NAME', 'SYMLINK']);
    expect(skipped.find((s) => s.code === 'BAD_NAME')!.file).toContain('年报'); // shown decoded as GBK
    expect(skipped.every((s) => /[\u4e00-\u9fff]/.test(s.message))).toBe(true);
  });
});

describe('cancel in the app', () => {
  it('terminates the work at once, and the next import starts and finishes', async () => {
    const dir = tmp();
    const slowDir = join(dir, 'slow');
    mkdirSync(slowDir);
    for (let i = 0; i < 4; i++) writeFileSync(join(slowDir, `s${i}.txt`), '一、总体情况\n'.repeat(300_000 + i));
    const app = new AppService({ storePath: join(dir, 'review.json'), auditor: '甲', files: [SEEDS.weihui] });
    await app.init();
    const started = new Promise<void>((res) => app.on((e, p) => e === 'importProgress' && (p as { current: string }).current && res()));
    expect(await app.importPaths({ paths: [slowDir] })).toEqual({ started: true });
    await started;
    await new Promise((res) => setTimeout(res, 500));
    const t = performance.now();
    expect(await app.cancelImport()).toEqual({ cancelled: true });
    expect(performance.now() - t).toBeLessThan(3_000); // the slow files alone take minutes
    expect(app.getImportProgress()).toMatchObject({ running: false, cancelled: true });
    expect(await app.importPaths({ paths: [SEEDS.dehui] })).toEqual({ started: true });
    for (let i = 0; i < 200 && app.getImportProgress().running; i++) await new Promise((res) => setTimeout(res, 100));
    expect(app.getImportProgress()).toMatchObject({ running: false, cancelled: false });
    expect(app.getWorkspace().items.map((x) => x.agency)).toContain('德惠市机关事务管理局');
    await app.close();
  });
});
