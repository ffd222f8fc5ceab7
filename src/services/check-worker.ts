// Worker thread: read, parse and check one file at a time for the pool in check.ts. It lives for
// many files (pdf.js, its fonts and CMaps are set up once per worker); the pool gives each worker a
// heap limit, kills it past a file's time limit (and on cancel) and replaces it when it has grown.
// OCR reports each page it has read, which restarts the file's time limit.
import { getHeapStatistics } from 'node:v8';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { checkFile, type OcrSettings } from './check.js';
import type { Settings } from '../core/rules/index.js';
import type { Correction } from '../core/corrections.js';

// pdf.js can reject promises nobody awaits after a document failed (a bad XRef entry): that must
// not end the worker while it reads the next file.
process.on('unhandledRejection', () => undefined);

// One OCR at a time across the batch's threads: a lock word shared with the pool (0 = free, else the
// holder's thread id, so the pool can free it when it kills a holder).
const lock = (workerData as { ocrLock?: SharedArrayBuffer } | undefined)?.ocrLock ? new Int32Array((workerData as { ocrLock: SharedArrayBuffer }).ocrLock) : null;
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number, t?: number): { async: boolean; value: Promise<string> | string } }).waitAsync;

function gateFor(id: number): (() => Promise<() => void>) | undefined {
  if (!lock) return undefined;
  return async () => {
    // Waiting for another thread's OCR is not this file's time: the pool pauses its limit.
    parentPort!.postMessage({ id, wait: true });
    for (;;) {
      if (Atomics.compareExchange(lock, 0, 0, threadId) === 0) break;
      const r = waitAsync(lock, 0, Atomics.load(lock, 0), 5_000);
      if (r.async) await r.value;
    }
    parentPort!.postMessage({ id, page: 0, pages: 0 });
    return () => {
      Atomics.compareExchange(lock, 0, threadId, 0);
      Atomics.notify(lock, 0);
    };
  };
}

parentPort!.on('message', async (msg: { id: number; file: string; settings: Settings; ocr?: OcrSettings; corrections?: Correction[] }) => {
  const onPage = (page: number, pages: number, stage?: string) => parentPort!.postMessage({ id: msg.id, page, pages, stage });
  const result = await checkFile(msg.file, msg.settings, msg.ocr, onPage, undefined, gateFor(msg.id), msg.corrections);
  // The heap in use after the file: the pool replaces a worker that has grown.
  parentPort!.postMessage({ id: msg.id, result, heapMb: getHeapStatistics().used_heap_size / 1048576 });
});
