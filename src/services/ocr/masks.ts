// Whole-page masks for the OCR page reader: turning the page, dropping specks, growing a mask,
// and labelling the regions closed by ruling lines (table cells).
import { createCanvas, type Canvas } from '@napi-rs/canvas';

/** The page turned by -deg degrees about its centre, on white. */
export function rotate(src: Canvas, deg: number): Canvas {
  const c = createCanvas(src.width, src.height);
  const g = c.getContext('2d');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, c.width, c.height);
  g.translate(c.width / 2, c.height / 2);
  g.rotate((-deg * Math.PI) / 180);
  g.drawImage(src, -src.width / 2, -src.height / 2);
  return c;
}

/** Drop isolated ink pixels (scanner noise): fewer than two inked 8-neighbours. */
export function despeckle(bin: Uint8Array, w: number, h: number): void {
  const kill: number[] = [];
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (!bin[i]) continue;
      const n = bin[i - w - 1]! + bin[i - w]! + bin[i - w + 1]! + bin[i - 1]! + bin[i + 1]! + bin[i + w - 1]! + bin[i + w]! + bin[i + w + 1]!;
      if (n < 2) kill.push(i);
    }
  }
  for (const i of kill) bin[i] = 0;
}

/** Square dilation of a mask by r pixels (separable). */
export function dilate(m: Uint8Array, w: number, h: number, r: number): Uint8Array {
  const tmp = new Uint8Array(m.length);
  for (let y = 0; y < h; y++) {
    let last = -1e9;
    for (let x = 0; x < w; x++) if (m[y * w + x]) last = x;
      else if (x - last <= r) tmp[y * w + x] = 1;
    last = 1e9;
    for (let x = w - 1; x >= 0; x--) {
      if (m[y * w + x]) {
        last = x;
        tmp[y * w + x] = 1;
      } else if (last - x <= r) tmp[y * w + x] = 1;
    }
  }
  const out = new Uint8Array(m.length);
  for (let x = 0; x < w; x++) {
    let last = -1e9;
    for (let y = 0; y < h; y++) if (tmp[y * w + x]) (last = y), (out[y * w + x] = 1);
      else if (y - last <= r) out[y * w + x] = 1;
    last = 1e9;
    for (let y = h - 1; y >= 0; y--) if (tmp[y * w + x]) last = y;
      else if (last - y <= r) out[y * w + x] = 1;
  }
  return out;
}

/** Label 4-connected regions of non-line pixels; returns labels (0 = line) and the count. */
export function labelRegions(block: Uint8Array, w: number, h: number): { labels: Int32Array; n: number } {
  const labels = new Int32Array(w * h);
  let n = 0;
  const stack = new Int32Array(w * h);
  for (let s = 0; s < labels.length; s++) {
    if (labels[s] || block[s]) continue;
    n++;
    let top = 0;
    stack[top++] = s;
    labels[s] = n;
    while (top) {
      const i = stack[--top]!;
      const x = i % w;
      if (x > 0 && !labels[i - 1] && !block[i - 1]) (labels[i - 1] = n), (stack[top++] = i - 1);
      if (x < w - 1 && !labels[i + 1] && !block[i + 1]) (labels[i + 1] = n), (stack[top++] = i + 1);
      if (i >= w && !labels[i - w] && !block[i - w]) (labels[i - w] = n), (stack[top++] = i - w);
      if (i + w < labels.length && !labels[i + w] && !block[i + w]) (labels[i + w] = n), (stack[top++] = i + w);
    }
  }
  return { labels, n };
}

/** Side of the blocks the desk is found on (pixels). */
export const DESK_BLOCK = 8;

/** The desk's blocks (1 = desk), `bw` × `bh` blocks of DESK_BLOCK pixels. */
export interface DeskBlocks {
  desk: Uint8Array;
  bw: number;
  bh: number;
}

/**
 * What lies outside the paper, made white: a photographed page shows the desk around it, a scan
 * the dark lid beyond a smaller sheet. Found on 8-pixel blocks (a stroke or a rule never darkens a
 * whole block): dark blocks reached from the picture's edge through dark blocks, plus the paper's
 * blurred edge next to them. Left alone, the desk reads as a rule along the page and as ink on
 * every line. Returns the share of the picture whitened.
 */
export function paperOnly(px: Uint8Array, w: number, h: number, found?: (desk: DeskBlocks) => void): number {
  const B = DESK_BLOCK;
  const bw = Math.ceil(w / B);
  const bh = Math.ceil(h / B);
  const hist = new Uint32Array(256);
  for (let i = 0; i < px.length; i += 7) hist[px[i]!]!++;
  // The paper: the 90th percentile of the grey levels (at least 150: a page of solid print is not paper-less).
  let acc = 0;
  const total = Math.ceil(px.length / 7);
  let paper = 255;
  for (let v = 0; v < 256; v++) if ((acc += hist[v]!) >= total * 0.9) {
    paper = v;
    break;
  }
  if (paper < 150) return 0;
  const dark = paper * 0.62;
  const mean = new Float32Array(bw * bh);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      let s = 0;
      let n = 0;
      for (let y = by * B; y < Math.min(h, by * B + B); y++) for (let x = bx * B; x < Math.min(w, bx * B + B); x++) (s += px[y * w + x]!), n++;
      mean[by * bw + bx] = s / n;
    }
  }
  const out = new Uint8Array(bw * bh);
  const stack: number[] = [];
  const seed = (b: number) => {
    if (!out[b] && mean[b]! < dark) (out[b] = 1), stack.push(b);
  };
  for (let bx = 0; bx < bw; bx++) seed(bx), seed((bh - 1) * bw + bx);
  for (let by = 0; by < bh; by++) seed(by * bw), seed(by * bw + bw - 1);
  let count = 0;
  while (stack.length) {
    const b = stack.pop()!;
    count++;
    const bx = b % bw;
    const by = (b - bx) / bw;
    if (bx > 0) seed(b - 1);
    if (bx < bw - 1) seed(b + 1);
    if (by > 0) seed(b - bw);
    if (by < bh - 1) seed(b + bw);
  }
  // A few blocks at the edge (a dark corner of a scan) are not worth the pass; a band is.
  if (count < (bw + bh) / 2) return 0;
  found?.({ desk: out, bw, bh });
  // The blocks along the desk: the paper's blurred edge (darker than the paper's shade) goes too.
  const edge = paper * 0.85;
  let whitened = 0;
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      const b = by * bw + bx;
      const all = out[b] === 1;
      let near = false;
      if (!all) for (let dy = -1; dy <= 1 && !near; dy++) for (let dx = -1; dx <= 1; dx++) {
        const nx = bx + dx;
        const ny = by + dy;
        if (nx >= 0 && ny >= 0 && nx < bw && ny < bh && out[ny * bw + nx] === 1) {
          near = true;
          break;
        }
      }
      if (!all && !near) continue;
      for (let y = by * B; y < Math.min(h, by * B + B); y++) for (let x = bx * B; x < Math.min(w, bx * B + B); x++) {
        const i = y * w + x;
        if (all || px[i]! < edge) (px[i] = 255), whitened++;
      }
    }
  }
  return whitened / px.length;
}


/**
 * Light evened out over the page: a photographed page is lit from one side (a corner 20% darker)
 * and its paper is warm, so one threshold for the page cuts the thin rules in the bright part or
 * blackens the paper in the dark one (the lighter pass for thin rules then finds "rules" in the
 * shade). The paper's level is taken on 64-pixel blocks (the brightest pixel of each, then the
 * brightest of its neighbours: a block under a heading still sees paper), interpolated between
 * block centres, and every pixel divided by it. A page whose paper is even (within 24 levels, as
 * scans are) is left exactly as it is. Returns whether the page was evened.
 */
export function evenLight(px: Uint8Array, w: number, h: number): boolean {
  const B = 64;
  const bw = Math.ceil(w / B);
  const bh = Math.ceil(h / B);
  const m = new Float32Array(bw * bh);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      let v = 0;
      for (let y = by * B; y < Math.min(h, by * B + B); y += 2) for (let x = bx * B; x < Math.min(w, bx * B + B); x += 2) if (px[y * w + x]! > v) v = px[y * w + x]!;
      m[by * bw + bx] = v;
    }
  }
  const bg = new Float32Array(bw * bh);
  let lo = 255;
  let hi = 0;
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      let v = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const x = bx + dx;
          const y = by + dy;
          if (x >= 0 && y >= 0 && x < bw && y < bh && m[y * bw + x]! > v) v = m[y * bw + x]!;
        }
      }
      bg[by * bw + bx] = v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (hi - lo < 24 || lo < 96) return false;
  for (let y = 0; y < h; y++) {
    const fy = Math.min(bh - 1, Math.max(0, (y - B / 2) / B));
    const y0 = Math.floor(fy);
    const y1 = Math.min(bh - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.min(bw - 1, Math.max(0, (x - B / 2) / B));
      const x0 = Math.floor(fx);
      const x1 = Math.min(bw - 1, x0 + 1);
      const tx = fx - x0;
      const b = (bg[y0 * bw + x0]! * (1 - tx) + bg[y0 * bw + x1]! * tx) * (1 - ty) + (bg[y1 * bw + x0]! * (1 - tx) + bg[y1 * bw + x1]! * tx) * ty;
      const i = y * w + x;
      px[i] = Math.min(255, Math.round((px[i]! * 255) / b));
    }
  }
  return true;
}
