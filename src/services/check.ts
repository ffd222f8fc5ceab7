// Batch checking: files and folders → the check-output JSON. Used by the CLI and the app.

import { existsSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DocumentParse, DocumentText } from '../core/model.js';
import { parseDocument } from '../core/extract/document.js';
import { checkDocument, crossYearRules, resolveSettings, type Settings, type YearEntry } from '../core/rules/index.js';
import { documentJson, type CheckJson, type DocumentJson } from '../core/output.js';
import { checkWithCorrections, type Correction } from '../core/corrections.js';
import { LIMITS, ReadError, readDocumentFile, SUPPORTED_EXT, type ReadOptions } from './readers.js';
import type { OcrStage } from './ocr/index.js';

export interface SkippedPath {
  file: string;
  code: 'BAD_NAME' | 'SYMLINK' | 'READ_FAILED';
  message: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Expand folders (recursively, sorted) into files; explicit files are kept whatever their extension.
 * Symbolic links inside folders are followed once (a link back into a folder already walked is
 * listed, not walked again); broken links and names that are not valid UTF-8 are listed with a reason.
 */
export async function expandPaths(paths: string[]): Promise<{ files: string[]; missing: string[]; skipped: SkippedPath[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  const skipped: SkippedPath[] = [];
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const addFile = (p: string, id: string) => {
    if (seenFiles.has(id)) return;
    seenFiles.add(id);
    files.push(p);
  };
  const walk = async (dir: string) => {
    const id = await realpath(dir).catch(() => dir);
    if (seenDirs.has(id)) return;
    seenDirs.add(id);
    let entries: Dirent<Buffer>[];
    try {
      entries = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
    } catch (e) {
      skipped.push({ file: dir, code: 'READ_FAILED', message: `无法读取文件夹（${(e as NodeJS.ErrnoException).code ?? String(e)}），请检查权限` });
      return;
    }
    const named = entries.map((e) => {
      let name: string | null = null;
      try {
        name = utf8.decode(e.name);
      } catch {
        name = null;
      }
      return { e, name, shown: name ?? new TextDecoder('gb18030').decode(e.name) };
    });
    named.sort((a, b) => a.shown.localeCompare(b.shown));
    for (const { e, name, shown } of named) {
      if (shown.startsWith('.') || shown.startsWith('~$')) continue;
      const p = join(dir, name ?? shown);
      if (name === null) {
        if (e.isDirectory() || SUPPORTED_EXT.has(extname(shown).toLowerCase())) {
          skipped.push({ file: p, code: 'BAD_NAME', message: '文件名不是有效的 UTF-8 编码（可能来自 GBK 系统的压缩包），无法打开：请重命名文件或文件夹后再导入' });
        }
        continue;
      }
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) {
        if (SUPPORTED_EXT.has(extname(name).toLowerCase())) addFile(p, p);
      } else if (e.isSymbolicLink()) {
        const s = await stat(p).catch(() => null);
        if (!s) {
          if (SUPPORTED_EXT.has(extname(name).toLowerCase())) {
            skipped.push({ file: p, code: 'SYMLINK', message: '这是一个指向不存在位置的快捷方式（符号链接），已跳过：请打开原文件' });
          }
        } else if (s.isDirectory()) await walk(p);
        else if (s.isFile() && SUPPORTED_EXT.has(extname(name).toLowerCase())) addFile(p, await realpath(p).catch(() => p));
      }
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
  return { files, missing, skipped };
}

export interface CheckedDocument {
  file: string;
  doc: DocumentText | null;
  parse: DocumentParse | null;
  json: DocumentJson;
}

export function errorJson(file: string, e: unknown): DocumentJson {
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    e = new ReadError('TOO_COMPLEX', '文件结构嵌套过深，无法读取，已跳过：请另存为 PDF/DOCX 后再试');
  }
  const err = e instanceof ReadError ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: `处理文件时出错：${String((e as Error)?.message ?? e).slice(0, 200)}` };
  return { file, sha256: '', kind: null, error: err, findings: [], reports: [] };
}

/** The corrections that concern a document (its reports' keys start with its hash). */
export function correctionsOf(doc: Pick<DocumentText, 'sha256'>, corrections: readonly Correction[] | undefined): Correction[] {
  const prefix = `${doc.sha256.slice(0, 16)}:`;
  return (corrections ?? []).filter((c) => !c.deleted && c.reportKey.startsWith(prefix));
}

/** Check one document already read; the auditor's corrections (if any) are applied: the document is
 * re-read with its structure corrections and the rules run on the corrected cells. */
export function checkText(file: string, doc: DocumentText, settings: Settings, corrections?: readonly Correction[]): CheckedDocument {
  const parse = parseDocument(doc);
  // Hundreds of thousands of "reports" (a heading repeated) would cost minutes of rules and
  // gigabytes of results: no real compilation holds more than a few dozen.
  if (parse.reports.length > LIMITS.maxReportsPerDocument) {
    throw new ReadError('TOO_COMPLEX', `文件中有 ${parse.reports.length} 份“年报”（“一、总体情况”等标题反复出现），超过上限 ${LIMITS.maxReportsPerDocument} 份，不像正常的年报文件，已跳过：请确认文件内容`);
  }
  const found = checkDocument(parse, settings);
  const mine = correctionsOf(doc, corrections);
  if (mine.length) {
    const c = checkWithCorrections(parse, found, mine, settings);
    return { file, doc, parse: c.parse, json: { ...documentJson(file, c.parse, c.found, c.extras), corrections: c.outcomes } };
  }
  return { file, doc, parse, json: documentJson(file, parse, found) };
}

/** OCR as the check runs it: plain data (it crosses to worker threads). */
export interface OcrSettings {
  /** false = scanned files stay R-NO-TEXT (CLI --no-ocr). Default on. */
  enabled?: boolean;
  /** Where results are cached by file hash. */
  cacheDir?: string;
}

function readOptions(ocr: OcrSettings | undefined, onPage?: (done: number, total: number, stage?: OcrStage) => void, signal?: AbortSignal, gate?: () => Promise<() => void>): ReadOptions {
  if (ocr?.enabled === false) return { ocr: false };
  return { ocr: { cacheDir: ocr?.cacheDir, onPage, signal, gate } };
}

export async function checkFile(
  file: string,
  settings: Settings,
  ocr?: OcrSettings,
  onPage?: (done: number, total: number, stage?: OcrStage) => void,
  signal?: AbortSignal,
  gate?: () => Promise<() => void>,
  corrections?: readonly Correction[],
): Promise<CheckedDocument> {
  try {
    const doc = await readDocumentFile(file, readOptions(ocr, onPage, signal, gate));
    return checkText(file, doc, settings, corrections);
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
  /** Worker threads reading files (default: one per core, at most 4). Every file is read in a worker. */
  workers?: number;
  signal?: AbortSignal;
  /** Per-file time limit (default LIMITS.fileTimeoutMs); past it the worker is killed and the file is TIMEOUT. */
  timeoutMs?: number;
  /** Heap limit of each worker in MB (default LIMITS.workerHeapMb); past it the file is TOO_COMPLEX. */
  heapMb?: number;
  /** A worker whose heap is past this after a file (MB; default 60% of heapMb) is replaced by a fresh one. */
  recycleMb?: number;
  /** Each file's result as it comes, with the time from handing it to a worker to its result. */
  onResult?: (index: number, result: CheckedDocument, ms: number) => void;
  ocr?: OcrSettings;
  /** OCR progress: page `done` of `total` of `file` read. Each page read restarts the file's time limit. */
  onOcrPage?: (file: string, done: number, total: number, stage?: OcrStage) => void;
  /** The auditor's corrections (CLI `export --store`): applied to the documents they concern. */
  corrections?: Correction[];
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

const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number, t?: number): { async: boolean; value: Promise<string> | string } }).waitAsync;

const failed = (file: string, e: unknown): CheckedDocument => ({ file, doc: null, parse: null, json: errorJson(file, e) });

/** Why a worker died while on a file, as the file's error. */
function workerDeath(err: unknown, heapMb: number): ReadError {
  const code = (err as { code?: string } | undefined)?.code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new ReadError('TOO_COMPLEX', `文件内容过于复杂，读取时超出内存上限（${heapMb} MB），已跳过：文件可能异常或被构造过，请另存为 PDF/DOCX 后再试`);
  }
  return new ReadError('INTERNAL', `读取此文件时处理进程意外退出（${String((err as Error)?.message ?? err ?? '无错误信息').slice(0, 120)}），已跳过；其他文件不受影响`);
}

/**
 * Check files on a pool of worker threads, results in input order. Every file is read in a worker
 * with a time limit and a heap limit (resourceLimits): a file past its time is TIMEOUT, one that
 * exhausts the heap is TOO_COMPLEX, a worker that dies fails only the file it was on, and a new
 * worker takes its place. Aborting terminates every worker at once; files not started are left out.
 */
export async function checkFilesParallel(
  files: string[],
  settings: Settings,
  opts: Pick<CheckOptions, 'workers' | 'onProgress' | 'signal' | 'timeoutMs' | 'heapMb' | 'recycleMb' | 'onResult' | 'ocr' | 'onOcrPage' | 'corrections'> = {},
): Promise<CheckedDocument[]> {
  if (!files.length) return [];
  const env = Number(process.env.NIANBAO_WORKERS);
  const wanted = opts.workers ?? (Number.isInteger(env) && env > 0 ? env : Math.min(4, availableParallelism()));
  const n = Math.max(1, Math.min(wanted, files.length));
  const timeoutMs = opts.timeoutMs ?? LIMITS.fileTimeoutMs;
  const heapMb = opts.heapMb ?? LIMITS.workerHeapMb;
  const recycleMb = opts.recycleMb ?? heapMb * 0.6;
  const results: CheckedDocument[] = new Array(files.length);
  const { url, execArgv } = workerUrl();
  const live = new Set<Worker>();
  // One OCR at a time across the lanes (see check-worker.ts): the holder's thread id, 0 = free.
  const ocrLock = new SharedArrayBuffer(4);
  const lockWord = new Int32Array(ocrLock);
  let done = 0;
  let next = 0;
  const signal = opts.signal;
  const aborted = () => signal?.aborted === true;
  const onAbort = () => {
    for (const w of live) void w.terminate();
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  // One lane: a worker reads files one after another; when it dies or is killed, a new one goes on.
  const lane = () =>
    new Promise<void>((resolve) => {
      let w: Worker;
      let current = -1;
      let timer: NodeJS.Timeout | undefined;
      let startedAt = 0;
      const settle = (i: number, r: CheckedDocument) => {
        clearTimeout(timer);
        if (i < 0 || results[i]) return;
        results[i] = r;
        done++;
        current = -1;
        opts.onResult?.(i, r, performance.now() - startedAt);
      };
      const timeUp = (i: number) => {
        settle(i, failed(files[i]!, new ReadError('TIMEOUT', `读取和检查此文件超过 ${Math.round(timeoutMs / 1000)} 秒仍未完成，已中止并跳过：文件可能过大或结构异常，请另存为 PDF/DOCX 后再试`)));
        void w.terminate(); // 'exit' spawns the next worker
      };
      const spawn = () => {
        w = new Worker(url, { execArgv, workerData: { ocrLock }, resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: Math.min(64, heapMb / 8), stackSizeMb: 4 } });
        live.add(w);
        let dead = false;
        const me = w;
        const tid = w.threadId;
        const died = (err: unknown) => {
          if (dead) return;
          dead = true;
          // A worker killed while it held the OCR lock frees it for the others.
          if (Atomics.compareExchange(lockWord, 0, tid, 0) === tid) Atomics.notify(lockWord, 0);
          live.delete(me);
          if (current >= 0 && !aborted()) settle(current, failed(files[current]!, workerDeath(err, heapMb)));
          clearTimeout(timer);
          if (aborted() || next >= files.length) resolve();
          else spawn();
        };
        me.on('message', (m: { id: number; result: CheckedDocument; heapMb: number } | { id: number; page: number; pages: number; stage?: OcrStage } | { id: number; wait: true }) => {
          if (m.id !== current) return; // a late answer for a file already timed out
          if ('wait' in m) {
            clearTimeout(timer); // waiting for another lane's OCR; the limit starts again when it may go
            return;
          }
          if ('page' in m) {
            // A scanned file read by OCR: each page is progress, and the time limit starts again.
            if (m.pages) opts.onOcrPage?.(files[m.id]!, m.page, m.pages, m.stage);
            // The limit is per page: it starts again when a page starts (or ends), not at each stage.
            if (m.stage && m.stage !== 'render') return;
            clearTimeout(timer);
            timer = setTimeout(() => timeUp(m.id), timeoutMs);
            return;
          }
          settle(m.id, m.result);
          // A worker that has grown (caches, fragments of a big file) is replaced: 'exit' spawns the next.
          if (m.heapMb > recycleMb) void me.terminate();
          else feed();
        });
        me.on('error', died);
        me.on('exit', (code) => died(new Error(`exit code ${code}`)));
        feed();
      };
      const feed = () => {
        if (aborted() || next >= files.length) {
          const me = w;
          live.delete(me);
          void me.terminate();
          resolve();
          return;
        }
        // While a lane reads a scan by OCR (its recognisers take hundreds of MB), the others start
        // nothing new: memory stays one OCR plus the files already under way.
        const holder = Atomics.load(lockWord, 0);
        if (holder !== 0) {
          const r = waitAsync(lockWord, 0, holder, 500);
          void (r.async ? (r.value as Promise<string>) : Promise.resolve()).then(feed);
          return;
        }
        const i = (current = next++);
        opts.onProgress?.(done, files.length, files[i]!);
        startedAt = performance.now();
        timer = setTimeout(() => timeUp(i), timeoutMs);
        w.postMessage({ id: i, file: files[i]!, settings, ocr: opts.ocr, corrections: opts.corrections });
      };
      spawn();
    });

  try {
    await Promise.all(Array.from({ length: n }, lane));
  } finally {
    signal?.removeEventListener('abort', onAbort);
    for (const w of live) void w.terminate();
  }
  opts.onProgress?.(done, files.length, '');
  return results.filter(Boolean);
}

export async function checkPaths(paths: string[], opts: CheckOptions = {}): Promise<{ result: CheckJson; docs: CheckedDocument[] }> {
  const settings = resolveSettings(opts.settings);
  const { files, missing, skipped } = await expandPaths(paths);
  const docs: CheckedDocument[] = [];
  for (const k of skipped) docs.push({ file: k.file, doc: null, parse: null, json: errorJson(k.file, new ReadError(k.code, k.message)) });
  for (const m of missing) {
    docs.push({ file: m, doc: null, parse: null, json: errorJson(m, new ReadError('NOT_FOUND', '文件或文件夹不存在，请检查路径')) });
  }
  docs.push(...(await checkFilesParallel(files, settings, opts)));
  return { result: { version: 1, documents: docs.map((d) => d.json), crossYear: crossYear(docs, settings) }, docs };
}
