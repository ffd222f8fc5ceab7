// A photographed page in keystone, put square: the paper's four edges are fitted on the boundary of
// the desk around it (./masks.ts paperOnly), and the quadrilateral they make is mapped onto a
// rectangle of the paper's proportions by a homography. Rules that leaned differently across the page
// (a corner pulled in by 4% tilts the top rule one way and the bottom one the other) come out level,
// so the rule finder sees them. Boxes found on the squared page are mapped back through the same
// homography for the highlights on the original.

import { createCanvas, type Canvas } from '@napi-rs/canvas';
import { DESK_BLOCK, type DeskBlocks } from './masks.js';

/** 3×3 homography, row-major, h[8] = 1: maps squared-page pixels to original-image pixels. */
export type Homography = number[];

type Pt = [number, number];

/** Least-squares line through points, as position = a + b·t (t along the edge). */
function fit(pts: Pt[]): { a: number; b: number } | null {
  if (pts.length < 8) return null;
  // The middle 80% along the edge: the corners are rounded by blur and the lens.
  const ts = pts.map((p) => p[0]).sort((x, y) => x - y);
  const lo = ts[Math.floor(ts.length * 0.1)]!;
  const hi = ts[Math.floor(ts.length * 0.9)]!;
  const use = pts.filter((p) => p[0] >= lo && p[0] <= hi);
  const n = use.length;
  const mt = use.reduce((s, p) => s + p[0], 0) / n;
  const mp = use.reduce((s, p) => s + p[1], 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [t, v] of use) (sxy += (t - mt) * (v - mp)), (sxx += (t - mt) * (t - mt));
  const b = sxx ? sxy / sxx : 0;
  return { a: mp - b * mt, b };
}

/**
 * The paper's corners (top-left, top-right, bottom-right, bottom-left, in pixels) from the desk's
 * blocks, or null when the paper is not framed by desk on all four sides or the fit is poor.
 */
export function paperCorners(d: DeskBlocks): [Pt, Pt, Pt, Pt] | null {
  const { desk, bw, bh } = d;
  const B = DESK_BLOCK;
  // Along each line of blocks (columns, then rows): where the paper starts and ends, when there is
  // desk on both sides of it. Points are (position along the edge, distance to it), in pixels.
  const edges = (lines: number, len: number, at: (line: number, k: number) => number): [Pt[], Pt[]] => {
    const lo: Pt[] = [];
    const hi: Pt[] = [];
    for (let l = 0; l < lines; l++) {
      let a = 0;
      while (a < len && desk[at(l, a)]) a++;
      let b = len - 1;
      while (b >= 0 && desk[at(l, b)]) b--;
      if (a > 0 && b < len - 1 && b > a) lo.push([l * B + B / 2, a * B]), hi.push([l * B + B / 2, (b + 1) * B]);
    }
    return [lo, hi];
  };
  const [top, bottom] = edges(bw, bh, (bx, by) => by * bw + bx);
  const [left, right] = edges(bh, bw, (by, bx) => by * bw + bx);
  // Each edge must run along most of the paper (a page cut by the picture's edge is not framed).
  if (top.length < bw * 0.5 || bottom.length < bw * 0.5 || left.length < bh * 0.5 || right.length < bh * 0.5) return null;
  const T = fit(top);
  const Bo = fit(bottom);
  const L = fit(left);
  const R = fit(right);
  if (!T || !Bo || !L || !R) return null;
  // Top/bottom: y = a + b·x; left/right: x = a + b·y. Corners where they cross.
  const cross = (hz: { a: number; b: number }, vt: { a: number; b: number }): Pt => {
    // x = vt.a + vt.b·y, y = hz.a + hz.b·x
    const y = (hz.a + hz.b * vt.a) / (1 - hz.b * vt.b);
    return [vt.a + vt.b * y, y];
  };
  return [cross(T, L), cross(T, R), cross(Bo, R), cross(Bo, L)];
}

/** Homography taking the rectangle (0,0)–(w,h) to the quadrilateral q (tl, tr, br, bl). */
export function homography(w: number, h: number, q: [Pt, Pt, Pt, Pt]): Homography {
  const src: Pt[] = [
    [0, 0],
    [w, 0],
    [w, h],
    [0, h],
  ];
  // Solve A·x = b for the 8 unknowns (Gaussian elimination with partial pivoting).
  const A: number[][] = [];
  const b: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [u, v] = src[i]!;
    const [x, y] = q[i]!;
    A.push([u, v, 1, 0, 0, 0, -u * x, -v * x]);
    b.push(x);
    A.push([0, 0, 0, u, v, 1, -u * y, -v * y]);
    b.push(y);
  }
  for (let c = 0; c < 8; c++) {
    let p = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[p]![c]!)) p = r;
    [A[c], A[p]] = [A[p]!, A[c]!];
    [b[c], b[p]] = [b[p]!, b[c]!];
    for (let r = c + 1; r < 8; r++) {
      const f = A[r]![c]! / A[c]![c]!;
      for (let k = c; k < 8; k++) A[r]![k]! -= f * A[c]![k]!;
      b[r]! -= f * b[c]!;
    }
  }
  const x = new Array<number>(8).fill(0);
  for (let r = 7; r >= 0; r--) {
    let s = b[r]!;
    for (let k = r + 1; k < 8; k++) s -= A[r]![k]! * x[k]!;
    x[r] = s / A[r]![r]!;
  }
  return [...x, 1];
}

/** Where a point of the squared page lies on the original. */
export function mapPoint(m: Homography, u: number, v: number): Pt {
  const d = m[6]! * u + m[7]! * v + 1;
  return [(m[0]! * u + m[1]! * v + m[2]!) / d, (m[3]! * u + m[4]! * v + m[5]!) / d];
}

/** Length of a side. */
const len = (a: Pt, b: Pt) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** The paper put square on a canvas as wide as the picture (height from the paper's proportions), or null for an implausible quadrilateral. */
export function squarePaper(src: Canvas, q: [Pt, Pt, Pt, Pt]): { canvas: Canvas; m: Homography } | null {
  const w = src.width;
  const pw = (len(q[0], q[1]) + len(q[3], q[2])) / 2;
  const ph = (len(q[0], q[3]) + len(q[1], q[2])) / 2;
  if (pw < w * 0.3 || ph < pw * 0.5 || ph > pw * 3) return null;
  const h = Math.round((w * ph) / pw);
  const m = homography(w, h, q);
  const rgba = src.getContext('2d').getImageData(0, 0, src.width, src.height).data;
  const out = createCanvas(w, h);
  const ctx = out.getContext('2d');
  const img = ctx.createImageData(w, h);
  const o = img.data;
  const SW = src.width;
  const SH = src.height;
  for (let v = 0; v < h; v++) {
    for (let u = 0; u < w; u++) {
      const d = m[6]! * u + m[7]! * v + 1;
      const x = (m[0]! * u + m[1]! * v + m[2]!) / d;
      const y = (m[3]! * u + m[4]! * v + m[5]!) / d;
      const j = (v * w + u) * 4;
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      if (x0 < 0 || y0 < 0 || x0 >= SW - 1 || y0 >= SH - 1) {
        o[j] = o[j + 1] = o[j + 2] = o[j + 3] = 255;
        continue;
      }
      const fx = x - x0;
      const fy = y - y0;
      const i00 = (y0 * SW + x0) * 4;
      const i10 = i00 + 4;
      const i01 = i00 + SW * 4;
      const i11 = i01 + 4;
      for (let c = 0; c < 3; c++) {
        const top = rgba[i00 + c]! * (1 - fx) + rgba[i10 + c]! * fx;
        const bot = rgba[i01 + c]! * (1 - fx) + rgba[i11 + c]! * fx;
        o[j + c] = top * (1 - fy) + bot * fy;
      }
      o[j + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
  return { canvas: out, m };
}
