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
