// The native half of OCR, run in a child process of its own (see ./isolate.ts): PDF pages drawn by
// pdf.js on @napi-rs/canvas, image files decoded by it, each page handed back as RGBA pixels
// PAGE_PX wide. A decoder that aborts or segfaults (a truncated file, a lying header) ends this
// process only; the parent reports that one file and goes on.

import { createRequire } from 'node:module';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { pdfDocumentParams, pdfjs } from '../pdf.js';
import { ReadError } from '../read-errors.js';

/** Pages are normalised to this width in pixels (A4 at about 240 dpi) before any analysis. */
export const PAGE_PX = 2000;
/** Tallest page (pixels at PAGE_PX wide): a strip longer than 8 A4 widths is not a page. */
export const MAX_PAGE_H = PAGE_PX * 8;

export interface RasterPage {
  w: number;
  h: number;
  /** Page width in points (595 for an image: an A4 page whatever its resolution). */
  ptWidth: number;
  /** Pixels per inch of the source: the image's own, or the densest image drawn on a PDF page (0 = none). */
  srcDpi: number;
  rgba: Uint8Array;
}

export interface RasterSource {
  count: number;
  page: (i: number) => Promise<RasterPage>;
  close: () => Promise<void>;
}

const tooLong = (h: number) =>
  new ReadError('TOO_LARGE', `页面过长（按 ${PAGE_PX} 像素宽排版后高 ${h} 像素，上限 ${MAX_PAGE_H}），不像年报页面，已跳过：请按页扫描或另存为 PDF 后再导入`);

/** The @napi-rs/canvas that pdf.js itself loads (its own dependency, maybe another version). */
function pdfCanvas(): typeof import('@napi-rs/canvas') {
  const req = createRequire(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  return req('@napi-rs/canvas') as typeof import('@napi-rs/canvas');
}

export async function pdfRaster(bytes: Uint8Array): Promise<RasterSource> {
  const lib = await pdfjs();
  const task = lib.getDocument({ ...pdfDocumentParams(), data: bytes.slice() });
  const pdf = await task.promise;
  return {
    count: pdf.numPages,
    page: async (i) => {
      const page = await pdf.getPage(i);
      const vp1 = page.getViewport({ scale: 1 });
      const vp = page.getViewport({ scale: PAGE_PX / vp1.width });
      const w = Math.ceil(vp.width);
      const h = Math.ceil(vp.height);
      if (h > MAX_PAGE_H) throw tooLong(h);
      // pdf.js draws with its own copy of @napi-rs/canvas.
      const c = pdfCanvas().createCanvas(w, h);
      const ctx = c.getContext('2d');
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, w, h);
      await page.render({ canvas: c as never, canvasContext: ctx as never, viewport: vp }).promise;
      // The resolution of the scan: the widest image drawn, its pixels over its width on the page
      // (after rendering, so every image object is resolved).
      let srcDpi = 0;
      try {
        const ops = await page.getOperatorList();
        const { OPS } = lib;
        let ctm = [1, 0, 0, 1, 0, 0];
        const stack: number[][] = [];
        for (let k = 0; k < ops.fnArray.length; k++) {
          const fn = ops.fnArray[k];
          const a = ops.argsArray[k] as unknown[];
          if (fn === OPS.save) stack.push(ctm);
          else if (fn === OPS.restore) ctm = stack.pop() ?? [1, 0, 0, 1, 0, 0];
          else if (fn === OPS.transform) {
            const [a0, b0, c0, d0, e0, f0] = a as number[];
            const [A, B, C, D, E, F] = ctm as [number, number, number, number, number, number];
            ctm = [a0! * A + b0! * C, a0! * B + b0! * D, c0! * A + d0! * C, c0! * B + d0! * D, e0! * A + f0! * C + E, e0! * B + f0! * D + F];
          } else if (fn === OPS.paintImageXObject) {
            const id = a[0] as string;
            const objs = id.startsWith('g_') ? page.commonObjs : page.objs;
            const obj = (objs.has(id) ? objs.get(id) : null) as { width?: number } | null;
            const ptW = Math.hypot(ctm[0]!, ctm[1]!);
            if (obj?.width && ptW > 144) srcDpi = Math.max(srcDpi, (obj.width / ptW) * 72);
          }
        }
      } catch {
        srcDpi = 0;
      }
      page.cleanup();
      const rgba = new Uint8Array(ctx.getImageData(0, 0, w, h).data.buffer);
      return { w, h, ptWidth: vp1.width, srcDpi, rgba };
    },
    close: async () => {
      await task.destroy();
    },
  };
}

/** An image file (its header already checked against the pixel budget) as one page. */
export async function imageRaster(bytes: Uint8Array): Promise<RasterSource> {
  let img: Awaited<ReturnType<typeof loadImage>>;
  try {
    img = await loadImage(Buffer.from(bytes));
  } catch {
    throw new ReadError('CORRUPT', '图片已损坏或格式无法识别：请重新获取，或另存为 PNG/JPEG 后再导入');
  }
  if (!img.width || !img.height) throw new ReadError('CORRUPT', '图片已损坏（解码后没有像素）：请重新获取，或另存为 PNG/JPEG 后再导入');
  return {
    count: 1,
    page: async () => {
      const w = PAGE_PX;
      const h = Math.round((img.height * PAGE_PX) / img.width);
      if (h > MAX_PAGE_H) throw tooLong(h);
      const canvas = createCanvas(w, h);
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, w, h);
      ctx.drawImage(img, 0, 0, w, h);
      const rgba = new Uint8Array(ctx.getImageData(0, 0, w, h).data.buffer);
      // An A4 page, whatever the resolution: 595 points wide, so the image's dpi follows its width.
      return { w, h, ptWidth: 595, srcDpi: (img.width / 595) * 72, rgba };
    },
    close: async () => undefined,
  };
}

/** An image as a JPEG at its own size (for the one-page PDF the original pane shows). */
export async function imageJpeg(bytes: Uint8Array): Promise<{ jpeg: Uint8Array; w: number; h: number }> {
  let img: Awaited<ReturnType<typeof loadImage>>;
  try {
    img = await loadImage(Buffer.from(bytes));
  } catch {
    throw new ReadError('CORRUPT', '图片已损坏或格式无法识别：请重新获取，或另存为 PNG/JPEG 后再导入');
  }
  const c = createCanvas(img.width, img.height);
  const g = c.getContext('2d');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, img.width, img.height);
  g.drawImage(img, 0, 0);
  return { jpeg: new Uint8Array(c.toBuffer('image/jpeg', 90)), w: img.width, h: img.height };
}
