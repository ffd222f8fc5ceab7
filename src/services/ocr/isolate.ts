// Page pixels from a child process (./raster-child.ts): the native decoders (@napi-rs/canvas / Skia
// for images, pdf.js drawing on it for PDF pages) run there, so a file that makes one abort or
// segfault fails that file only — in the CLI batch and in the desk alike. Image headers are checked
// against the pixel budget here first (./header.ts): a lying header never reaches a decoder.

import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ReadError, type ReadErrorCode } from '../read-errors.js';
import { checkImage, checkPdfImages } from './header.js';
import type { PageLayout } from './page.js';

/** How long the child may take to start, open the file, or draw one page. */
const STEP_MS = 60_000;

/** The child's script beside this module: bundled .mjs in builds, .ts (through tsx) in tests. */
function childScript(): string {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return fileURLToPath(new URL('./raster-child-dev.mjs', here));
  for (const rel of ['./ocr-raster.mjs', '../ocr-raster.mjs']) {
    const p = fileURLToPath(new URL(rel, here));
    if (existsSync(p)) return p;
  }
  throw new Error('ocr-raster.mjs not found next to the bundle');
}

export interface LaidPage {
  ptWidth: number;
  srcDpi: number;
  layout: PageLayout;
}

type Reply = { ok: true; ready?: true; count?: number; laid?: LaidPage; image?: { jpeg: Uint8Array; w: number; h: number } } | { ok: false; code: string; message: string };

class Raster {
  private child: ChildProcess;
  private stderr = '';
  private pending: { resolve: (r: Reply) => void; reject: (e: Error) => void } | null = null;
  private dead: Error | null = null;
  private ready: Promise<Reply>;

  constructor(private readonly what: string) {
    this.child = fork(childScript(), [], {
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      // Electron's binary runs as plain Node for this child; the heap stays small (pixels are native).
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      execArgv: ['--max-old-space-size=512'],
    });
    this.child.stderr?.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-400)));
    this.child.on('message', (m: Reply) => {
      const p = this.pending;
      this.pending = null;
      p?.resolve(m);
    });
    this.child.on('error', (e) => this.die(e));
    this.child.on('exit', (code, signal) => this.die(new Error(signal ? `signal ${signal}` : `exit code ${code}`)));
    this.ready = this.next();
  }

  private die(e: Error): void {
    if (this.dead) return;
    const detail = `${e.message}${this.stderr ? `：${this.stderr.trim().split('\n').pop()!.slice(0, 160)}` : ''}`;
    this.dead = new ReadError('CORRUPT', `${this.what}时解码程序异常退出（${detail}），此文件已跳过，其他文件不受影响：文件可能已损坏或被构造过，请重新获取，或另存为 PDF/PNG/JPEG 后再导入`);
    const p = this.pending;
    this.pending = null;
    p?.reject(this.dead);
  }

  private next(): Promise<Reply> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = null;
        this.close();
        reject(new ReadError('TIMEOUT', `${this.what}超过 ${STEP_MS / 1000} 秒仍未完成，已中止：文件可能过大或结构异常，请另存后再试`));
      }, STEP_MS);
      this.pending = {
        resolve: (r) => (clearTimeout(timer), resolve(r)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      };
    });
  }

  async call(msg: object): Promise<Reply & { ok: true }> {
    await this.ready;
    const r = this.next();
    this.child.send(msg);
    const m = await r;
    if (!m.ok) throw new ReadError(m.code as ReadErrorCode, m.message);
    return m;
  }

  close(): void {
    this.dead ??= new ReadError('CANCELLED', '已取消');
    // A request still out (the next page asked for ahead) ends now, with its timer.
    const p = this.pending;
    this.pending = null;
    p?.reject(this.dead);
    this.child.kill('SIGKILL');
  }
}

export interface PageSource {
  count: number;
  /** Page `i` drawn and laid out in the child (./page.ts layoutPage), ready to be read. */
  layout: (i: number) => Promise<LaidPage>;
  close: () => Promise<void>;
}

/** Open a scanned PDF or an image file in a child process; pages come back laid out. */
export async function openPages(bytes: Uint8Array, kind: 'pdf' | 'image', signal?: AbortSignal): Promise<PageSource> {
  if (kind === 'image') {
    const h = checkImage(bytes);
    if (h.kind === 'tiff') throw new ReadError('UNSUPPORTED', 'TIFF 图片暂不能直接识别：请用看图软件另存为 PNG 或 JPEG 后再导入');
  } else checkPdfImages(bytes);
  const r = new Raster(kind === 'pdf' ? '渲染 PDF 页面' : '解码图片');
  const onAbort = () => r.close();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const { count } = await r.call({ op: 'open', kind, bytes });
    return {
      count: count ?? 0,
      layout: async (i) => (await r.call({ op: 'layout', i })).laid!,
      close: async () => {
        signal?.removeEventListener('abort', onAbort);
        r.close();
      },
    };
  } catch (e) {
    signal?.removeEventListener('abort', onAbort);
    r.close();
    throw e;
  }
}

/** An image file → a JPEG of it at its own size, decoded in a child process. */
export async function isolatedJpeg(bytes: Uint8Array): Promise<{ jpeg: Uint8Array; w: number; h: number }> {
  const h = checkImage(bytes);
  if (h.kind === 'tiff') throw new ReadError('UNSUPPORTED', 'TIFF 图片暂不能直接显示：请用看图软件另存为 PNG 或 JPEG 后再导入');
  const r = new Raster('解码图片');
  try {
    return (await r.call({ op: 'jpeg', bytes })).image!;
  } finally {
    r.close();
  }
}
