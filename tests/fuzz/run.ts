// Run a generated set of hostile files through the worker pool (per-file time), the bundled CLI
// (complete JSON, no crash, peak memory) and the bundled app service (the app's import). Used by the fuzz
// benchmark (tests/bench/fuzz.ts, full run) and the CI sample (tests/unit/fuzz.test.ts).
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkFilesParallel } from '../../src/services/check.js';
import { resolveSettings } from '../../src/core/rules/index.js';
import type { CheckJson } from '../../src/core/output.js';
import type { ImportProgress } from '../../src/ipc/contract.js';
import { folderHazards, generate, type FuzzCase } from './generate.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

export interface FuzzReport {
  files: number;
  /** Distinct contents among the files (the app keeps one document per content). */
  distinct: number;
  /** Files whose outcome is not among those expected for their kind (with what they got). */
  unexpected: { name: string; got: string; expect: string[]; message?: string }[];
  internal: number;
  /** Pool pass: slowest file, and files past their time limit plus the kill margin. */
  maxMs: number;
  slowest: string;
  overLimit: number;
  poolSeconds: number;
  poolPeakMb: number;
  codes: Record<string, number>;
  perKind: Record<string, { n: number; codes: Record<string, number>; maxMs: number }>;
  cli: { seconds: number; peakMb: number; exit: number | null; documents: number; complete: boolean; internal: number; stderr: string };
  app: { seconds: number; peakMb: number; accounted: number; internal: number; reports: number };
}

/** Peak resident memory of this process (all its threads) since the last reset. */
function peakMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}
function resetPeak(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // not permitted: the peak then covers the whole run
  }
}

export async function runFuzz(opts: { count: number; seed: number; timeoutMs: number; dir?: string; pool?: boolean; log?: (s: string) => void }): Promise<FuzzReport> {
  const log = opts.log ?? (() => undefined);
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'nianbao-fuzz-'));
  rmSync(dir, { recursive: true, force: true });
  const cases = generate(dir, opts.count, opts.seed);
  folderHazards(dir);
  const files = cases.map((c) => join(dir, c.name));
  const byName = new Map<string, FuzzCase>(cases.map((c) => [c.name, c]));
  const unexpected: FuzzReport['unexpected'] = [];
  const codes: Record<string, number> = {};
  const perKind: FuzzReport['perKind'] = {};
  let maxMs = 0;
  let slowest = '';
  let overLimit = 0;
  let internal = 0;

  // 1. The pool, with each file's time.
  log(`pool: ${files.length} files`);
  resetPeak();
  let t = performance.now();
  if (opts.pool !== false) await checkFilesParallel(files, resolveSettings(), {
    timeoutMs: opts.timeoutMs,
    onResult: (i, r, ms) => {
      const c = cases[i]!;
      const got = r.json.error?.code ?? 'ok';
      codes[got] = (codes[got] ?? 0) + 1;
      const k = (perKind[c.kind] ??= { n: 0, codes: {}, maxMs: 0 });
      k.n++;
      k.codes[got] = (k.codes[got] ?? 0) + 1;
      k.maxMs = Math.max(k.maxMs, ms);
      if (ms > maxMs) {
        maxMs = ms;
        slowest = `${c.name} (${got})`;
      }
      if (ms > opts.timeoutMs + 2000) overLimit++;
      if (got === 'INTERNAL') internal++;
      if (!c.expect.includes(got)) unexpected.push({ name: c.name, got, expect: c.expect, message: r.json.error?.message });
    },
  });
  const poolSeconds = (performance.now() - t) / 1000;
  const poolPeakMb = peakMb();

  // 2. The bundled CLI on the folder (links and undecodable names included).
  log('cli');
  const ocrCache = mkdtempSync(join(tmpdir(), 'nianbao-fuzz-ocr-'));
  t = performance.now();
  const cli = await new Promise<{ code: number | null; stdout: string; stderr: string }>((res) => {
    execFile(
      '/usr/bin/time',
      // A fresh OCR cache: the scans are read, not served from an earlier run.
      ['-f', 'PEAK_KB=%M', process.execPath, join(ROOT, 'bin', 'nianbao.mjs'), 'check', '--json', '--ocr-cache', ocrCache, dir],
      { maxBuffer: 1 << 30, env: { ...process.env, NIANBAO_FILE_TIMEOUT_MS: String(opts.timeoutMs) } },
      (err, stdout, stderr) => res({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
  const cliSeconds = (performance.now() - t) / 1000;
  rmSync(ocrCache, { recursive: true, force: true });
  let json: CheckJson | null = null;
  try {
    json = JSON.parse(cli.stdout) as CheckJson;
  } catch {
    json = null;
  }
  const cliInternal = json?.documents.filter((d) => d.error?.code === 'INTERNAL').length ?? -1;
  for (const d of json?.documents ?? []) {
    const c = byName.get(d.file.slice(dir.length + 1));
    const got = d.error?.code ?? 'ok';
    if (d.error?.code === 'INTERNAL') internal++;
    if (c && !c.expect.includes(got)) unexpected.push({ name: `${c.name} (cli)`, got, expect: c.expect, message: d.error?.message });
  }
  const stderr = cli.stderr.replace(/PEAK_KB=\d+\s*/, '').trim();

  // 3. The app's import of the folder: AppService as it ships (the bundled browser desk, its bundled
  // worker), in its own process, so the peak is the app's and not this test runner's (under vitest the
  // pool's workers would run the TypeScript sources through tsx, compiling them again in every worker
  // a hostile file kills: about 0.8 GB more). Its outcomes are read over the desk's own contract.
  log('app');
  const storeDir = mkdtempSync(join(tmpdir(), 'nianbao-fuzz-store-'));
  t = performance.now();
  const host = await importWithDesk(dir, join(storeDir, 'review.json'));
  const p = host.progress;
  const ws = host.workspace;
  const outcome = new Map<string, string>(ws.items.map((i) => [i.file, 'ok']));
  // Read but holding no report (R-NO-TEXT, NO_REPORT) counts as read.
  for (const e of p.errors) outcome.set(e.file, /^(R-|NO_REPORT)/.test(e.code) ? 'ok' : e.code);
  for (const [file, got] of outcome) {
    const c = byName.get(file.slice(dir.length + 1));
    if (got === 'INTERNAL') internal++;
    if (c && !c.expect.includes(got)) unexpected.push({ name: `${c.name} (app)`, got, expect: c.expect });
  }
  const app = {
    seconds: (performance.now() - t) / 1000,
    peakMb: host.peakMb,
    accounted: outcome.size,
    internal: p.errors.filter((e) => e.code === 'INTERNAL').length,
    reports: ws.items.length,
  };
  rmSync(storeDir, { recursive: true, force: true });
  const distinct = new Set(files.map((f) => createHash('sha256').update(readFileSync(f)).digest('hex'))).size;
  if (!opts.dir) rmSync(dir, { recursive: true, force: true });
  return {
    files: files.length,
    distinct,
    unexpected,
    internal,
    maxMs,
    slowest,
    overLimit,
    poolSeconds,
    poolPeakMb,
    codes,
    perKind,
    cli: {
      seconds: cliSeconds,
      peakMb: Math.round(Number(/PEAK_KB=(\d+)/.exec(cli.stderr)?.[1] ?? NaN) / 1024),
      exit: cli.code,
      documents: json?.documents.length ?? 0,
      complete: json !== null,
      internal: cliInternal,
      stderr,
    },
    app,
  };
}

/**
 * Start the bundled desk (out/cli/testhost.mjs) on the folder; it answers once the import is done.
 * Returns the import's outcome (over HTTP, as the page reads it) and the process's peak RSS.
 */
async function importWithDesk(dir: string, storePath: string): Promise<{ peakMb: number; progress: ImportProgress; workspace: { items: { file: string }[] } }> {
  const proc = spawn(process.execPath, [join(ROOT, 'out', 'cli', 'testhost.mjs'), '--port', '0', '--store', storePath, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d) => (err += d));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      proc.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /NIANBAO_TESTHOST_READY (\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      proc.on('exit', (code) => reject(new Error(`the desk exited (${code}) before its import ended: ${err}`)));
    });
    const call = async <T>(channel: string): Promise<T> => (await (await fetch(`${url}ipc/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).json()) as T;
    const progress = await call<ImportProgress>('getImportProgress');
    const workspace = await call<{ items: { file: string }[] }>('getWorkspace');
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'));
    return { peakMb: m ? Math.round(Number(m[1]) / 1024) : NaN, progress, workspace };
  } finally {
    await new Promise<void>((r) => {
      if (proc.exitCode !== null) return r();
      proc.once('exit', () => r());
      proc.kill('SIGTERM');
    });
  }
}
