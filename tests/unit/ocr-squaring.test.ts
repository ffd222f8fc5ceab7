// Issue 23 (photos): a page photographed on a desk is in keystone — each corner pulled in by its own
// 1.5–4% — so its rules lean differently across the page and the rule finder lost them (89 of 190
// cells). The paper's edges are fitted on the desk around it and the page is put square by a
// homography; boxes found on the squared page map back to the photo for the highlights.
import { describe, expect, it } from 'vitest';
import { createCanvas } from '@napi-rs/canvas';
import { homography, mapPoint, paperCorners, squarePaper } from '../../src/services/ocr/paper.js';
import { DESK_BLOCK, paperOnly, type DeskBlocks } from '../../src/services/ocr/masks.js';
import { toGray } from '../../src/services/ocr/image.js';

const W = 800;
const H = 1100;
// The paper's corners in the photo (tl, tr, br, bl): a keystone, each corner pulled differently.
const Q: [[number, number], [number, number], [number, number], [number, number]] = [
  [40, 52],
  [772, 30],
  [750, 1062],
  [64, 1080],
];

/** A photo: dark desk, the paper as the quadrilateral Q, on it a grid of level rules (in paper space). */
function photo() {
  const c = createCanvas(W, H);
  const g = c.getContext('2d');
  g.fillStyle = 'rgb(80,70,60)';
  g.fillRect(0, 0, W, H);
  g.fillStyle = 'rgb(236,232,220)';
  g.beginPath();
  g.moveTo(...Q[0]);
  for (const p of Q.slice(1)) g.lineTo(...p);
  g.closePath();
  g.fill();
  // Rules drawn through the homography of the paper: level on the paper, leaning in the photo.
  const m = homography(W, H, Q);
  g.strokeStyle = 'rgb(20,20,20)';
  g.lineWidth = 3;
  for (let v = 200; v <= 900; v += 100) {
    g.beginPath();
    g.moveTo(...mapPoint(m, 100, v));
    g.lineTo(...mapPoint(m, 700, v));
    g.stroke();
  }
  return c;
}

describe('a photographed page put square', () => {
  it('the homography takes the rectangle\'s corners to the quadrilateral\'s', () => {
    const m = homography(W, H, Q);
    const back = [mapPoint(m, 0, 0), mapPoint(m, W, 0), mapPoint(m, W, H), mapPoint(m, 0, H)];
    back.forEach((p, i) => {
      expect(p[0]).toBeCloseTo(Q[i]![0], 6);
      expect(p[1]).toBeCloseTo(Q[i]![1], 6);
    });
  });

  it('finds the paper\'s corners on the desk within a block, and squares the page: its rules come out level', () => {
    const c = photo();
    const g = toGray(c.getContext('2d').getImageData(0, 0, W, H).data, W, H);
    const seen: { d?: DeskBlocks } = {};
    paperOnly(g.px, W, H, (d) => (seen.d = d));
    const q = paperCorners(seen.d!)!;
    expect(q).not.toBeNull();
    q.forEach((p, i) => {
      expect(Math.abs(p[0] - Q[i]![0])).toBeLessThan(DESK_BLOCK);
      expect(Math.abs(p[1] - Q[i]![1])).toBeLessThan(DESK_BLOCK);
    });
    const sq = squarePaper(c, q)!;
    const out = sq.canvas.getContext('2d').getImageData(0, 0, sq.canvas.width, sq.canvas.height).data;
    const w = sq.canvas.width;
    // Each rule: the row where it is darkest at the left end is the row where it is darkest at the right end.
    const darkest = (x: number, y0: number, y1: number) => {
      let best = y0;
      for (let y = y0; y <= y1; y++) if (out[(y * w + x) * 4]! < out[(best * w + x) * 4]!) best = y;
      return best;
    };
    const scale = sq.canvas.height / H;
    for (let v = 200; v <= 900; v += 100) {
      const y = Math.round(v * scale);
      const left = darkest(Math.round((120 * w) / W), y - 25, y + 25);
      const right = darkest(Math.round((680 * w) / W), y - 25, y + 25);
      expect(Math.abs(left - right), `rule ${v}`).toBeLessThanOrEqual(3);
    }
    // The squared page's corner maps back to the photo's paper corner (highlights land on the photo).
    const tl = mapPoint(sq.m, 0, 0);
    expect(Math.abs(tl[0] - Q[0][0])).toBeLessThan(DESK_BLOCK);
    expect(Math.abs(tl[1] - Q[0][1])).toBeLessThan(DESK_BLOCK);
  });

  it('a scan (no desk around the page) is not squared', () => {
    const c = createCanvas(W, H);
    const g = c.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, W, H);
    g.fillStyle = '#111';
    g.fillRect(100, 200, 600, 3);
    const gray = toGray(g.getImageData(0, 0, W, H).data, W, H);
    const seen: { d?: DeskBlocks } = {};
    paperOnly(gray.px, W, H, (d) => (seen.d = d));
    expect(seen.d).toBeUndefined();
  });
});
