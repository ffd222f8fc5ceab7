// Glyphs and crops for the OCR page reader: connected ink components (the digit test, glyph
// counts), grey crops of a cell, enlarged crops, PGM for Leptonica, and crops stacked for one call.
import type { Gray } from './image.js';

/** Connected ink components inside a crop (for the digit test and digit counts). */
export interface Comp {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  n: number;
}

export function components(bin: Uint8Array, w: number, h: number): Comp[] {
  const seen = new Uint8Array(w * h);
  const out: Comp[] = [];
  const stack: number[] = [];
  for (let s = 0; s < w * h; s++) {
    if (!bin[s] || seen[s]) continue;
    const c = { x0: w, y0: h, x1: 0, y1: 0, n: 0 };
    stack.push(s);
    seen[s] = 1;
    while (stack.length) {
      const i = stack.pop()!;
      const x = i % w;
      const y = (i - x) / w;
      c.n++;
      if (x < c.x0) c.x0 = x;
      if (x > c.x1) c.x1 = x;
      if (y < c.y0) c.y0 = y;
      if (y > c.y1) c.y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
          const j = yy * w + xx;
          if (bin[j] && !seen[j]) (seen[j] = 1), stack.push(j);
        }
      }
    }
    out.push(c);
  }
  return out;
}

/** Does the ink look like a number (each glyph a tall narrow component of full height)? */
export function digitShape(comps: Comp[], minH: number): boolean {
  const big = comps.filter((c) => c.n >= 12);
  if (!big.length || big.length > 12) return false;
  const top = Math.min(...big.map((c) => c.y0));
  const bottom = Math.max(...big.map((c) => c.y1));
  const H = bottom - top + 1;
  if (H < minH) return false;
  return big.every((c) => {
    const ch = c.y1 - c.y0 + 1;
    const cw = c.x1 - c.x0 + 1;
    return ch >= H * 0.8 && cw / ch <= 0.85 && cw / ch >= 0.12;
  });
}

export interface Crop {
  w: number;
  h: number;
  px: Uint8Array;
}

/** A grey crop on white, `pad` pixels of margin. */
export function crop(gray: Gray, keep: (i: number) => boolean, b: { x0: number; y0: number; x1: number; y1: number }, pad: number): Crop {
  const w = b.x1 - b.x0 + 2 * pad;
  const h = b.y1 - b.y0 + 2 * pad;
  const px = new Uint8Array(w * h).fill(255);
  for (let y = b.y0; y < b.y1; y++) {
    for (let x = b.x0; x < b.x1; x++) {
      const i = y * gray.w + x;
      if (keep(i)) px[(y - b.y0 + pad) * w + (x - b.x0 + pad)] = gray.px[i]!;
    }
  }
  return { w, h, px };
}

/** A crop at twice the size (bilinear): thin strokes of small digits get a few pixels more. */
export function enlarge(c: Crop): Crop {
  const w = c.w * 2;
  const h = c.h * 2;
  const px = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(c.h - 1, Math.max(0, (y + 0.5) / 2 - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(c.h - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < w; x++) {
      const sx = Math.min(c.w - 1, Math.max(0, (x + 0.5) / 2 - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(c.w - 1, x0 + 1);
      const fx = sx - x0;
      const a = c.px[y0 * c.w + x0]! * (1 - fx) + c.px[y0 * c.w + x1]! * fx;
      const b = c.px[y1 * c.w + x0]! * (1 - fx) + c.px[y1 * c.w + x1]! * fx;
      px[y * w + x] = Math.round(a * (1 - fy) + b * fy);
    }
  }
  return { w, h, px };
}

/** Binary PGM: Leptonica reads it without any decoding work. */
export function pgm(c: Crop): Buffer {
  const head = Buffer.from(`P5\n${c.w} ${c.h}\n255\n`, 'ascii');
  return Buffer.concat([head, Buffer.from(c.px.buffer, c.px.byteOffset, c.px.length)]);
}

/** Crops stacked one under another (left-aligned), with the top of each. */
export function stack(crops: Crop[], gap: number): { img: Crop; tops: number[] } {
  const w = Math.max(...crops.map((c) => c.w));
  const h = crops.reduce((a, c) => a + c.h + gap, gap);
  const px = new Uint8Array(w * h).fill(255);
  const tops: number[] = [];
  let y = gap;
  for (const c of crops) {
    tops.push(y);
    for (let r = 0; r < c.h; r++) px.set(c.px.subarray(r * c.w, (r + 1) * c.w), (y + r) * w);
    y += c.h + gap;
  }
  return { img: { w, h, px }, tops };
}
