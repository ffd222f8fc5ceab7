// Hostile images (issue 23 point 5): `HOSTILE_COUNT` (default 1,000) hostile and truncated images and
// PDFs embedding them, plus two text reports, in ONE batch of the bundled CLI: complete JSON, no
// crash, each file's outcome among those expected for its kind; outcomes, wall time and peak memory.
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT } from '../helpers/engine.js';
import { hostileImages } from '../helpers/hostile-images.js';
import type { CheckJson } from '../../src/core/output.js';

export async function benchHostileImages(): Promise<void> {
  const count = Number(process.env.HOSTILE_COUNT ?? 1000);
  console.log(`\n### Hostile images: ${count} files in one CLI batch (issue 23)\n`);
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')]);
  const base = mkdtempSync(join(tmpdir(), 'nianbao-hostile-bench-'));
  const dir = join(base, 'batch');
  const cases = hostileImages(dir, count, 1);
  const seeds = join(ROOT, '..', 'shared', 'fixtures', 'seeds');
  const texts = readdirSync(seeds).filter((f) => f.endsWith('.txt')).slice(0, 2);
  for (const t of texts) copyFileSync(join(seeds, t), join(dir, t));
  const t0 = performance.now();
  const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((res) => {
    execFile('/usr/bin/time', ['-f', 'PEAK_KB=%M', process.execPath, join(ROOT, 'bin', 'nianbao.mjs'), 'check', '--json', '--ocr-cache', join(base, 'ocr-cache'), dir], { maxBuffer: 512 * 1024 * 1024 }, (err, stdout, stderr) =>
      res({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
  const secs = (performance.now() - t0) / 1000;
  let json: CheckJson | null = null;
  try {
    json = JSON.parse(r.stdout) as CheckJson;
  } catch {
    json = null;
  }
  const docs = new Map((json?.documents ?? []).map((d) => [basename(d.file), d]));
  const outcomes: Record<string, Record<string, number>> = {};
  const unexpected: string[] = [];
  for (const c of cases) {
    const d = docs.get(c.name);
    const got = !d ? 'missing' : (d.error?.code ?? (d.findings.some((f) => f.rule === 'R-NO-TEXT') ? 'R-NO-TEXT' : 'ok'));
    (outcomes[c.kind] ??= {})[got] = (outcomes[c.kind]![got] ?? 0) + 1;
    if (!c.expect.includes(got)) unexpected.push(`${c.name}: ${got} ${d?.error?.message ?? ''}`);
  }
  const textsRead = texts.filter((t) => (docs.get(t)?.reports.length ?? 0) > 0).length;
  console.log(`| files | JSON complete | exit | documents | text reports read | unexpected outcomes | wall | peak RSS (largest process) |`);
  console.log(`| --- | --- | --- | --- | --- | --- | --- | --- |`);
  console.log(`| ${cases.length + texts.length + 2} | ${json ? 'yes' : 'NO'} | ${r.code} | ${docs.size} | ${textsRead}/${texts.length} | ${unexpected.length} | ${secs.toFixed(0)} s | ${Math.round(Number(/PEAK_KB=(\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024)} MB |`);
  console.log('');
  for (const [k, o] of Object.entries(outcomes)) console.log(`- ${k}: ${Object.entries(o).map(([c, n]) => `${c} ${n}`).join(', ')}`);
  for (const u of unexpected.slice(0, 20)) console.error('unexpected:', u);
  rmSync(base, { recursive: true, force: true });
}
