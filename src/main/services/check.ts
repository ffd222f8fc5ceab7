// Batch checking: files and folders → the check-output JSON. Used by the CLI and the app.

import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DocumentParse, DocumentText } from '../../core/model.js';
import { parseDocument } from '../../core/extract/document.js';
import { checkDocument, crossYearRules, resolveSettings, type Settings, type YearEntry } from '../../core/rules/index.js';
import { documentJson, type CheckJson, type DocumentJson } from '../../core/output.js';
import { ReadError, readDocumentFile, SUPPORTED_EXT } from './readers.js';

/** Expand folders (recursively, sorted) into files; explicit files are kept whatever their extension. */
export async function expandPaths(paths: string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = async (dir: string) => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name.startsWith('~$')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && SUPPORTED_EXT.has(extname(e.name).toLowerCase())) files.push(p);
    }
  };
  for (const p of paths) {
    try {
      const s = await stat(p);
      if (s.isDirectory()) await walk(p);
      else files.push(p);
    } catch {
      missing.push(p);
    }
  }
  return { files, missing };
}

export interface CheckedDocument {
  file: string;
  doc: DocumentText | null;
  parse: DocumentParse | null;
  json: DocumentJson;
}

export function errorJson(file: string, e: unknown): DocumentJson {
  const err = e instanceof ReadError ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: `处理文件时出错：${String((e as Error)?.message ?? e).slice(0, 200)}` };
  return { file, sha256: '', kind: null, error: err, findings: [], reports: [] };
}

/** Check one document already read. */
export function checkText(file: string, doc: DocumentText, settings: Settings): CheckedDocument {
  const parse = parseDocument(doc);
  const found = checkDocument(parse, settings);
  return { file, doc, parse, json: documentJson(file, parse, found) };
}

export async function checkFile(file: string, settings: Settings): Promise<CheckedDocument> {
  try {
    const doc = await readDocumentFile(file);
    return checkText(file, doc, settings);
  } catch (e) {
    return { file, doc: null, parse: null, json: errorJson(file, e) };
  }
}

/** Cross-year findings over every report of every document. */
export function crossYear(docs: CheckedDocument[], settings: Settings): CheckJson['crossYear'] {
  const entries: YearEntry[] = [];
  for (const d of docs) {
    if (!d.parse || !d.doc) continue;
    for (const r of d.parse.reports) entries.push({ report: r, text: d.doc.text, doc: d.file });
  }
  return crossYearRules(entries, settings).map(({ evidence, ...f }) => ({
    ...f,
    source: evidence.map((e) => ({ file: e.doc, year: e.year, start: e.range.start, end: e.range.end, role: e.role })),
  }));
}

export interface CheckOptions {
  settings?: Partial<Settings>;
  onProgress?: (done: number, total: number, file: string) => void;
  /** Threads reading files, this one included (default: one per core, at most 4; 0 or 1 = this thread only). */
  workers?: number;
  signal?: AbortSignal;
  /**
   * Whether the calling thread reads files too (the CLI: yes). The app says no: its main process
   * must stay responsive, so every file goes to a worker thread.
   */
  inThread?: boolean;
}

/** The worker script next to this module: bundled .mjs in builds, .ts (through tsx) in tests. */
function workerUrl(): { url: URL; execArgv: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { url: new URL('./check-worker-dev.mjs', here), execArgv: [] };
  // Bundles put this module in a shared chunk: the worker entry is beside it or one level up.
  for (const rel of ['./check-worker.mjs', '../check-worker.mjs']) {
    const url = new URL(rel, here);
    if (existsSync(fileURLToPath(url))) return { url, execArgv: [] };
  }
  throw new Error('check-worker.mjs not found next to the bundle');
}

/**
 * Check files on a pool of worker threads (PDF extraction is CPU-bound), results in input order.
 * A crashed worker fails only the file it was on.
 */
export async function checkFilesParallel(
  files: string[],
  settings: Settings,
  opts: Pick<CheckOptions, 'workers' | 'onProgress' | 'signal' | 'inThread'> = {},
): Promise<CheckedDocument[]> {
  // Each worker is a separate V8 isolate that compiles pdf.js again (about a second of CPU), so
  // the calling thread takes files too: n threads = n - 1 workers + this one.
  const env = Number(process.env.NIANBAO_WORKERS);
  const n = Math.min(opts.workers ?? (Number.isInteger(env) && env >= 0 && process.env.NIANBAO_WORKERS ? env : Math.min(4, availableParallelism())), files.length);
  const results: CheckedDocument[] = new Array(files.length);
  let done = 0;
  if (!files.length) return [];
  const inThread = opts.inThread !== false;
  if (inThread && (n <= 1 || files.length < 3)) {
    for (let i = 0; i < files.length; i++) {
      if (opts.signal?.aborted) break;
      opts.onProgress?.(done, files.length, files[i]!);
      results[i] = await checkFile(files[i]!, settings);
      done++;
    }
    opts.onProgress?.(done, files.length, '');
    return results.filter(Boolean);
  }
  const { url, execArgv } = workerUrl();
  let next = 0;
  const runWorker = () =>
    new Promise<void>((resolve) => {
      const w = new Worker(url, { execArgv });
      let current = -1;
      const feed = () => {
        if (opts.signal?.aborted || next >= files.length) {
          void w.terminate();
          resolve();
          return;
        }
        current = next++;
        opts.onProgress?.(done, files.length, files[current]!);
        w.postMessage({ id: current, file: files[current]!, settings });
      };
      w.on('message', (m: { id: number; result: CheckedDocument }) => {
        results[m.id] = m.result;
        done++;
        feed();
      });
      w.on('error', (e) => {
        if (current >= 0 && !results[current]) {
          results[current] = { file: files[current]!, doc: null, parse: null, json: errorJson(files[current]!, e) };
          done++;
        }
        resolve();
      });
      w.on('exit', () => resolve());
      feed();
    });
  const runHere = async () => {
    while (!opts.signal?.aborted && next < files.length) {
      const i = next++;
      opts.onProgress?.(done, files.length, files[i]!);
      results[i] = await checkFile(files[i]!, settings);
      done++;
    }
  };
  await Promise.all(inThread ? [...Array.from({ length: n - 1 }, runWorker), runHere()] : Array.from({ length: Math.max(1, n) }, runWorker));
  // Anything a dead worker left undone is checked here.
  for (let i = 0; i < files.length; i++) {
    if (!results[i] && !opts.signal?.aborted) results[i] = await checkFile(files[i]!, settings);
  }
  opts.onProgress?.(done, files.length, '');
  return results.filter(Boolean);
}

export async function checkPaths(paths: string[], opts: CheckOptions = {}): Promise<{ result: CheckJson; docs: CheckedDocument[] }> {
  const settings = resolveSettings(opts.settings);
  const { files, missing } = await expandPaths(paths);
  const docs: CheckedDocument[] = [];
  for (const m of missing) {
    docs.push({ file: m, doc: null, parse: null, json: errorJson(m, new ReadError('NOT_FOUND', '文件或文件夹不存在，请检查路径')) });
  }
  docs.push(...(await checkFilesParallel(files, settings, opts)));
  return { result: { version: 1, documents: docs.map((d) => d.json), crossYear: crossYear(docs, settings) }, docs };
}
