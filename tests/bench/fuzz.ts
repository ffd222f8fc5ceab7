// Fuzz benchmark: ≥ 1,000 hostile and broken files through the worker pool, the CLI and AppService.
// `npm run bench -- fuzz` (FUZZ_COUNT, FUZZ_SEED, FUZZ_TIMEOUT_MS to vary). Prints markdown for docs/performance.md.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers/engine.js';
import { runFuzz } from '../fuzz/run.js';
import { LIMITS } from '../../src/services/readers.js';

export async function benchFuzz(): Promise<void> {
  const count = Number(process.env.FUZZ_COUNT ?? 1200);
  const seed = Number(process.env.FUZZ_SEED ?? 1);
  const timeoutMs = Number(process.env.FUZZ_TIMEOUT_MS ?? LIMITS.fileTimeoutMs);
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')]);
  const r = await runFuzz({ count, seed, timeoutMs, dir: join(ROOT, '.tmp', `fuzz-${count}-${seed}`), log: (s) => console.error(`fuzz: ${s}`) });
  console.log(`\n### Fuzz: ${r.files} files (seed ${seed}, time limit ${timeoutMs / 1000} s, heap ${LIMITS.workerHeapMb} MB per worker)\n`);
  console.log('| pass | wall | peak memory | crashes / INTERNAL | complete | past the limit |');
  console.log('|---|---|---|---|---|---|');
  console.log(`| worker pool (in the bench process, workers run the sources via tsx) | ${r.poolSeconds.toFixed(0)} s | ${r.poolPeakMb} MB (process, all workers) | 0 / ${r.internal} | ${r.files} results | ${r.overLimit} (slowest ${(r.maxMs / 1000).toFixed(1)} s: ${r.slowest}) |`);
  console.log(`| CLI \`nianbao check --json\` | ${r.cli.seconds.toFixed(0)} s | ${r.cli.peakMb} MB | exit ${r.cli.exit}${r.cli.stderr ? ' (stderr: ' + r.cli.stderr.slice(0, 80) + ')' : ''} / ${r.cli.internal} | ${r.cli.complete ? `JSON, ${r.cli.documents} documents` : 'NO'} | — |`);
  console.log(`| app service import (bundled, own process) | ${r.app.seconds.toFixed(0)} s | ${r.app.peakMb} MB | 0 / ${r.app.internal} | ${r.app.accounted} files accounted for, ${r.app.reports} reports | — |`);
  console.log(`\nOutcomes: ${Object.entries(r.codes).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}. Unexpected: ${r.unexpected.length}.\n`);
  console.log('| kind | files | outcomes | slowest |');
  console.log('|---|---|---|---|');
  for (const [k, v] of Object.entries(r.perKind)) {
    console.log(`| ${k} | ${v.n} | ${Object.entries(v.codes).map(([c, n]) => `${c} ${n}`).join(', ')} | ${(v.maxMs / 1000).toFixed(1)} s |`);
  }
  for (const u of r.unexpected) console.log(`UNEXPECTED ${u.name}: ${u.got} (expected ${u.expect.join('|')}) ${u.message ?? ''}`);
}
