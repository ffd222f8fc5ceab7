// Issue 23 point 5: images never kill the process. Hostile and truncated images (30–69 byte files
// declaring 50,000 × 50,000 pixels, real images cut short, PDFs embedding them) in one batch of the
// bundled CLI: every other file reported, each image a clear code. With the pixel budget lifted, the
// native decoder really aborts — in its child process, failing that file only. The 1,000-file run
// is `npm run bench -- hostile-images` (docs/performance.md).
import { beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ROOT } from '../helpers/engine.js';
import { hostileImages, lyingPng } from '../helpers/hostile-images.js';
import { LIMITS, ReadError } from '../../src/services/read-errors.js';
import { imageToPdf } from '../../src/services/ocr/imagepdf.js';
import type { CheckJson } from '../../src/core/output.js';

const SEEDS = join(ROOT, '..', 'shared', 'fixtures', 'seeds');

function cli(dir: string, env: Record<string, string> = {}): Promise<{ code: number | null; json: CheckJson | null; stderr: string }> {
  return new Promise((res) => {
    execFile(process.execPath, [join(ROOT, 'bin', 'nianbao.mjs'), 'check', '--json', '--ocr-cache', join(dir, '..', 'ocr-cache'), dir], { env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      let json: CheckJson | null = null;
      try {
        json = JSON.parse(stdout) as CheckJson;
      } catch {
        json = null;
      }
      res({ code: err ? ((err as { code?: number }).code ?? null) : 0, json, stderr });
    });
  });
}

const outcome = (d: CheckJson['documents'][number]) => d.error?.code ?? (d.findings.some((f) => f.rule === 'R-NO-TEXT') ? 'R-NO-TEXT' : 'ok');

describe('hostile images', () => {
  const base = mkdtempSync(join(tmpdir(), 'nianbao-hostile-img-'));
  const dir = join(base, 'batch');
  const texts = readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).slice(0, 2);
  let cases: ReturnType<typeof hostileImages>;
  beforeAll(() => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')]); // the CLI under test is the bundle
    cases = hostileImages(dir, 22, 3);
    for (const t of texts) copyFileSync(join(SEEDS, t), join(dir, t));
  }, 60_000);

  it('one CLI batch: every file reported, each image with its clear code, the reports read', async () => {
    const r = await cli(dir);
    expect(r.json, r.stderr).not.toBeNull();
    expect(r.code).toBe(1); // some files unreadable: exit 1, not a crash
    const byName = new Map(r.json!.documents.map((d) => [basename(d.file), d]));
    expect(byName.size).toBe(readdirSync(dir).length);
    for (const c of cases) {
      const d = byName.get(c.name)!;
      expect(c.expect, `${c.name}: ${d.error?.message}`).toContain(outcome(d));
      if (d.error) expect(d.error.message).toMatch(/图片|PDF/);
    }
    for (const t of texts) expect(byName.get(t)!.reports.length, t).toBeGreaterThan(0);
    expect(r.json!.documents.filter((d) => d.error?.code === 'INTERNAL')).toEqual([]);
  }, 240_000);

  it('a decoder that aborts (budget lifted) fails that file only', async () => {
    const d2 = join(base, 'crash');
    mkdirSync(d2);
    execFileSync('cp', [join(dir, cases.find((c) => c.kind === 'png-huge')!.name), join(d2, 'a.png')]);
    copyFileSync(join(SEEDS, texts[0]!), join(d2, texts[0]!));
    const r = await cli(d2, { NIANBAO_MAX_IMAGE_PIXELS: String(1e13), NIANBAO_MAX_IMAGE_SIDE: String(1e7) });
    expect(r.json, r.stderr).not.toBeNull();
    const png = r.json!.documents.find((d) => d.file.endsWith('a.png'))!;
    expect(png.error?.code).toBe('CORRUPT');
    expect(png.error?.message).toMatch(/解码程序异常退出.*其他文件不受影响/);
    expect(r.json!.documents.find((d) => d.file.endsWith(texts[0]!))!.reports.length).toBeGreaterThan(0);
  }, 120_000);

  it('the desk shows images through the same child: a lying header is refused, a crash is an error', async () => {
    await expect(imageToPdf(lyingPng(50_000, 50_000))).rejects.toMatchObject({ code: 'TOO_LARGE' });
    const keep = LIMITS.maxImagePixels;
    const side = LIMITS.maxImageSide;
    LIMITS.maxImagePixels = 1e13;
    LIMITS.maxImageSide = 1e7;
    try {
      const e = await imageToPdf(lyingPng(50_000, 50_000)).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ReadError);
      expect((e as ReadError).message).toMatch(/异常退出/);
    } finally {
      LIMITS.maxImagePixels = keep;
      LIMITS.maxImageSide = side;
    }
  }, 60_000);
});
