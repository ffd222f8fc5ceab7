// Tesseract (tesseract.js, WebAssembly on worker threads) with the chi_sim and eng LSTM models from
// the npm packages @tesseract.js-data/{chi_sim,eng}, loaded from local files only: no CDN, no
// download, no cache written anywhere. Digits are read with eng (far steadier on numbers than
// chi_sim), labels and prose with chi_sim. One pool per process, sized to the cores.

import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import type { Worker } from 'tesseract.js';

export type Mode = 'digits' | 'line' | 'block';

export interface OcrWord {
  text: string;
  conf: number; // 0..100
  bbox: { x0: number; y0: number; x1: number; y1: number };
}

export interface OcrResult {
  text: string;
  conf: number; // minimum word confidence, 0..100
  words: OcrWord[];
}

type Lang = 'chi_sim' | 'eng';
const LANG: Record<Mode, Lang> = { digits: 'eng', line: 'chi_sim', block: 'chi_sim' };

/** Local paths of the engine's files (the models are the LSTM "best_int" ones). */
export function enginePaths(lang: Lang = 'chi_sim'): { langPath: string; workerPath: string; corePath: string } {
  const req = createRequire(import.meta.url);
  const data = dirname(req.resolve(`@tesseract.js-data/${lang}/package.json`));
  const tjs = dirname(req.resolve('tesseract.js/package.json'));
  const core = dirname(req.resolve('tesseract.js-core/package.json'));
  return { langPath: join(data, '4.0.0_best_int'), workerPath: join(tjs, 'src', 'worker-script', 'node', 'index.js'), corePath: core };
}

interface Slot {
  lang: Lang;
  worker: Worker;
  mode: Mode | null;
  busy: boolean;
}

const PARAMS: Record<Mode, Record<string, string>> = {
  digits: { tessedit_pageseg_mode: '6', tessedit_char_whitelist: '0123456789', user_defined_dpi: '300' },
  line: { tessedit_pageseg_mode: '7', tessedit_char_whitelist: '', user_defined_dpi: '300' },
  block: { tessedit_pageseg_mode: '6', tessedit_char_whitelist: '', user_defined_dpi: '300' },
};

export class OcrPool {
  private slots: Slot[] = [];
  private waiting: (() => void)[] = [];
  private starting: Promise<void> | null = null;
  /** Workers per language: one each suits 2 cores (digits and text are read at the same time). */
  constructor(readonly size = Math.max(1, Math.floor(availableParallelism() / 2))) {}

  /** Start the recognisers now (they take a second or two to load), e.g. while the first page is drawn. */
  warm(): void {
    this.start().catch(() => undefined);
  }

  private start(): Promise<void> {
    this.starting ??= (async () => {
      const { createWorker, OEM } = await import('tesseract.js');
      const make = async (lang: Lang): Promise<Slot> => {
        const { langPath, workerPath } = enginePaths(lang);
        const worker = await createWorker(lang, OEM.LSTM_ONLY, { langPath, workerPath, cacheMethod: 'none', gzip: true });
        return { lang, worker, mode: null, busy: false };
      };
      const langs: Lang[] = [];
      for (let i = 0; i < this.size; i++) langs.push('chi_sim', 'eng');
      this.slots = await Promise.all(langs.map(make));
    })();
    return this.starting;
  }

  private async acquire(mode: Mode): Promise<Slot> {
    await this.start();
    for (;;) {
      const free = this.slots.filter((s) => !s.busy && s.lang === LANG[mode]);
      const slot = free.find((s) => s.mode === mode) ?? free[0];
      if (slot) {
        slot.busy = true;
        return slot;
      }
      await new Promise<void>((r) => this.waiting.push(r));
    }
  }

  private release(slot: Slot): void {
    slot.busy = false;
    // Wake everyone waiting: each looks for a free worker of its own language.
    const w = this.waiting;
    this.waiting = [];
    for (const f of w) f();
  }

  async recognize(png: Buffer, mode: Mode): Promise<OcrResult> {
    const slot = await this.acquire(mode);
    try {
      if (slot.mode !== mode) {
        await slot.worker.setParameters(PARAMS[mode] as never);
        slot.mode = mode;
      }
      const r = await slot.worker.recognize(png, {}, { text: true, blocks: true });
      const words: OcrWord[] = [];
      for (const b of r.data.blocks ?? []) for (const p of b.paragraphs) for (const l of p.lines) for (const w of l.words) words.push({ text: w.text, conf: w.confidence, bbox: w.bbox });
      const conf = words.length ? Math.min(...words.map((w) => w.conf)) : 0;
      return { text: r.data.text, conf, words };
    } finally {
      this.release(slot);
    }
  }

  async close(): Promise<void> {
    const s = this.starting;
    this.starting = null;
    if (!s) return;
    await s.catch(() => undefined);
    await Promise.all(this.slots.map((x) => x.worker.terminate().catch(() => undefined)));
    this.slots = [];
  }
}

let shared: OcrPool | null = null;
/** The process-wide pool (started on first use). */
export function ocrPool(): OcrPool {
  shared ??= new OcrPool();
  return shared;
}

export async function closeOcrPool(): Promise<void> {
  const p = shared;
  shared = null;
  await p?.close();
}
