// Issue 23 (photos): what lies outside the paper — the desk around a photographed page, a scanner's
// dark lid beyond a smaller sheet — is made white before the page is read. Left, it reads as a rule
// along the page and as ink on every line. Strokes and rules that reach the picture's edge (a tight
// crop of a table) are not the desk and stay.
import { describe, expect, it } from 'vitest';
import { evenLight, paperOnly } from '../../src/services/ocr/masks.js';

const W = 400;
const H = 560;
function page(): Uint8Array {
  const px = new Uint8Array(W * H).fill(235);
  // A table: rules 2 px wide, and "text" strokes inside its cells.
  for (let y = 100; y <= 400; y += 50) for (let x = 60; x < 340; x++) px[y * W + x] = px[(y + 1) * W + x] = 30;
  for (const x of [60, 200, 339]) for (let y = 100; y <= 401; y++) px[y * W + x] = px[y * W + x + 1] = 30;
  for (let k = 0; k < 5; k++) for (let y = 115; y < 135; y++) px[y * W + 80 + k * 20] = px[y * W + 81 + k * 20] = 20;
  return px;
}
const dark = (px: Uint8Array, x0: number, y0: number, x1: number, y1: number) => {
  let n = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (px[y * W + x]! < 128) n++;
  return n;
};

/** Pixels that differ. */
const changed = (a: Uint8Array, b: Uint8Array) => a.reduce((n, v, i) => n + (v !== b[i] ? 1 : 0), 0);

describe('paperOnly', () => {
  it('a photographed page: the desk around it (with the paper\'s blurred edge) is made white, the table kept', () => {
    const px = page();
    const ink = dark(px, 0, 0, W, H);
    // The desk: a dark band on every side, wider at one corner (perspective), a grey ramp at the paper's edge.
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const inset = 24 + Math.round((x / W) * 16);
        const d = Math.min(x - inset, y - inset, W - 1 - inset - x, H - 1 - inset - y);
        if (d < 0) px[y * W + x] = 75;
        else if (d < 3) px[y * W + x] = 75 + (d + 1) * 40;
      }
    }
    const share = paperOnly(px, W, H);
    expect(share).toBeGreaterThan(0.1);
    // Nothing dark left outside the table; the table's rules and strokes all there.
    expect(dark(px, 0, 0, W, H)).toBe(ink);
    expect(dark(px, 60, 100, 342, 402)).toBe(ink);
  });

  it('a clean scan (white margins) is left as it is', () => {
    const px = page();
    const before = px.slice();
    expect(paperOnly(px, W, H)).toBe(0);
    expect(changed(px, before)).toBe(0);
  });

  it('a table cropped tight (its rules reach the picture\'s edge) keeps every rule and stroke', () => {
    const px = new Uint8Array(W * H).fill(235);
    for (let y = 0; y < H; y += 40) for (let x = 0; x < W; x++) px[y * W + x] = px[Math.min(H - 1, y + 1) * W + x] = 30;
    for (let x = 0; x < W; x += 100) for (let y = 0; y < H; y++) px[y * W + x] = px[y * W + Math.min(W - 1, x + 1)] = 30;
    for (let y = 10; y < 30; y++) px[y * W + 50] = 20;
    const before = px.slice();
    paperOnly(px, W, H);
    expect(changed(px, before)).toBe(0);
  });

  it('a page printed dark all over (no paper to speak of) is not touched', () => {
    const px = new Uint8Array(W * H).fill(90);
    const before = px.slice();
    expect(paperOnly(px, W, H)).toBe(0);
    expect(changed(px, before)).toBe(0);
  });
});

describe('evenLight', () => {
  it('a page lit from one side (a corner 20% darker): the paper even, the strokes still dark', () => {
    const px = page();
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) px[y * W + x] = Math.round(px[y * W + x]! * (1 - 0.2 * ((x / W + y / H) / 2)));
    const paperBefore = [px[5 * W + 5]!, px[(H - 5) * W + W - 5]!];
    expect(paperBefore[0]! - paperBefore[1]!).toBeGreaterThan(30);
    expect(evenLight(px, W, H)).toBe(true);
    // Paper in both corners now within a few levels (the paper's level is the brightest nearby, so a
    // little of the slope stays); the rules and strokes as dark as before or darker.
    expect(Math.abs(px[5 * W + 5]! - px[(H - 5) * W + W - 5]!)).toBeLessThan((paperBefore[0]! - paperBefore[1]!) / 3);
    expect(dark(px, 60, 100, 342, 402)).toBe(dark(page(), 60, 100, 342, 402));
  });

  it('a scan (even paper) is left exactly as it is', () => {
    const px = page();
    const before = px.slice();
    expect(evenLight(px, W, H)).toBe(false);
    expect(changed(px, before)).toBe(0);
  });
});
