// Child-process entry of the native image work (./raster.ts), driven by ./isolate.ts over IPC:
// open a PDF or image, then hand back one page per request, drawn and laid out (the parent reads it). One file per process.
import { ReadError } from '../read-errors.js';
import { createCanvas } from '@napi-rs/canvas';
import { layoutPage } from './page.js';
import { imageJpeg, imageRaster, pdfRaster, type RasterPage, type RasterSource } from './raster.js';

type Msg = { op: 'open'; kind: 'pdf' | 'image'; bytes: Uint8Array } | { op: 'layout'; i: number } | { op: 'jpeg'; bytes: Uint8Array };

/** A page's layout computed here, beside its drawing: the parent gets crops, not 20 MB of pixels. */
function layout(px: RasterPage) {
  const canvas = createCanvas(px.w, px.h);
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(px.w, px.h);
  img.data.set(px.rgba);
  ctx.putImageData(img, 0, 0);
  return { ptWidth: px.ptWidth, srcDpi: px.srcDpi, layout: layoutPage(canvas, px.ptWidth) };
}

// pdf.js can reject promises nobody awaits after a document failed.
process.on('unhandledRejection', () => undefined);
// The parent gone (its thread terminated, the batch killed): nothing left to do.
process.on('disconnect', () => process.exit(0));

let src: RasterSource | null = null;
const fail = (e: unknown) => {
  const err = e instanceof ReadError ? { code: e.code, message: e.message } : { code: 'CORRUPT', message: String((e as Error)?.message ?? e).slice(0, 200) };
  process.send!({ ok: false, ...err });
};

process.on('message', (m: Msg) => {
  void (async () => {
    try {
      if (m.op === 'open') {
        src = m.kind === 'pdf' ? await pdfRaster(m.bytes) : await imageRaster(m.bytes);
        process.send!({ ok: true, count: src.count });
      } else if (m.op === 'layout') {
        if (!src) throw new Error('no document open');
        process.send!({ ok: true, laid: layout(await src.page(m.i)) });
      } else {
        process.send!({ ok: true, image: await imageJpeg(m.bytes) });
      }
    } catch (e) {
      fail(e);
    }
  })();
});
process.send!({ ok: true, ready: true });
