// Pixel work for OCR on a page image (plain TypeScript over typed arrays): grey levels with red
// seals dropped, a threshold, skew estimate, ruling-line masks and ink boxes. Images here are
// 8-bit grey, row-major, 255 = white.

export interface Gray {
  w: number;
  h: number;
  px: Uint8Array;
}

/**
 * RGBA → grey from the red channel: black text is dark in every channel, while red seal ink is
 * light in red, so a seal over text leaves the text (seal ink multiplied over black stays black).
 * Red pixels are divided by the seal's own red level (the bright end of the red pixels' red
 * channel): seal ink over white becomes white, while seal ink over a grey rule or a stroke keeps
 * that grey (blanking every red pixel cut the thin rules of a table where seal lettering
 * crossed them, merging two rows).
 */
export function toGray(rgba: Uint8Array | Uint8ClampedArray, w: number, h: number): Gray {
  const px = new Uint8Array(w * h);
  // Red: r - g > 60 and r - b > 50 (inlined: every pixel of every page, twice).
  const hist = new Uint32Array(256);
  let reds = 0;
  for (let j = 0; j < rgba.length; j += 4) {
    const r = rgba[j]!;
    if (r > 140 && r - rgba[j + 1]! > 60 && r - rgba[j + 2]! > 50) hist[r]!++, reds++;
  }
  // 80th percentile of the clearly red pixels' red channel: the seal ink on white paper.
  let seal = 255;
  if (reds >= 200) {
    let acc = 0;
    for (let v = 0; v < 256; v++) {
      acc += hist[v]!;
      if (acc >= reds * 0.8) {
        seal = Math.max(160, v);
        break;
      }
    }
  }
  const grain = seal * 0.8;
  for (let i = 0, j = 0; i < px.length; i++, j += 4) {
    const r = rgba[j]!;
    if (rgba[j + 3]! < 128) {
      px[i] = 255;
      continue;
    }
    // Within a fifth of the seal's level it is the seal's own grain (noise, JPEG): white.
    px[i] = !(r - rgba[j + 1]! > 60 && r - rgba[j + 2]! > 50) ? r : r >= grain ? 255 : Math.round((r * 255) / seal);
  }
  return { w, h, px };
}

/** Otsu threshold of the grey histogram. */
export function otsu(img: Gray): number {
  const hist = new Float64Array(256);
  for (let i = 0; i < img.px.length; i++) hist[img.px[i]!]!++;
  const total = img.px.length;
  let sum = 0;
  for (let t = 0; t < 256; t++) sum += t * hist[t]!;
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let thr = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (!wB) continue;
    const wF = total - wB;
    if (!wF) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      thr = t;
    }
  }
  return Math.min(thr, 200);
}

/** 1 = ink. */
export function binarize(img: Gray, thr: number): Uint8Array {
  const out = new Uint8Array(img.px.length);
  for (let i = 0; i < out.length; i++) out[i] = img.px[i]! <= thr ? 1 : 0;
  return out;
}

/**
 * Skew angle in degrees (positive = content turned clockwise), from the row profile of a
 * downscaled ink map: text lines and rulings give the sharpest profile when level.
 */
export function estimateSkew(bin: Uint8Array, w: number, h: number, maxDeg = 3, step = 0.1): number {
  const f = Math.max(1, Math.floor(w / 800));
  const sw = Math.floor(w / f);
  const sh = Math.floor(h / f);
  const pts: number[] = [];
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < sw; x++) {
      if (bin[y * f * w + x * f]) pts.push(x, y);
    }
  }
  if (pts.length < 200) return 0;
  const score = (deg: number) => {
    const t = Math.tan((deg * Math.PI) / 180);
    const rows = new Float64Array(sh + sw);
    const off = Math.ceil(sw * Math.abs(t)) + 1;
    for (let i = 0; i < pts.length; i += 2) {
      const y = Math.round(pts[i + 1]! - pts[i]! * t) + off;
      if (y >= 0 && y < rows.length) rows[y]!++;
    }
    let s = 0;
    for (let i = 0; i < rows.length; i++) s += rows[i]! * rows[i]!;
    return s;
  };
  let best = 0;
  let bestS = -1;
  for (let d = -maxDeg; d <= maxDeg + 1e-9; d += step) {
    const s = score(d);
    if (s > bestS) {
      bestS = s;
      best = d;
    }
  }
  // Refine.
  for (let d = best - step; d <= best + step + 1e-9; d += step / 5) {
    const s = score(d);
    if (s > bestS) {
      bestS = s;
      best = d;
    }
  }
  return Math.round(best * 100) / 100;
}

export interface Seg {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * Ruling lines: long horizontal / vertical dark runs, linked across small gaps and a little
 * drift (photographed pages), returned as segments in image space plus a mask of their pixels.
 */
export function findRulings(bin: Uint8Array, w: number, h: number, minLen: number, minLenV = minLen): { h: Seg[]; v: Seg[]; mask: Uint8Array } {
  const mask = new Uint8Array(w * h);
  const hs = runs(bin, w, h, minLen, true, mask);
  const vs = runs(bin, w, h, minLenV, false, mask);
  return { h: hs, v: vs, mask };
}

function runs(bin: Uint8Array, w: number, h: number, minLen: number, horiz: boolean, mask: Uint8Array): Seg[] {
  const L = horiz ? h : w; // lines scanned
  const N = horiz ? w : h; // length of each
  const at = (line: number, k: number) => (horiz ? line * w + k : k * w + line);
  const gap = 3;
  // Raw runs per scan line, allowing gaps of a few pixels.
  const raw: { line: number; a: number; b: number }[] = [];
  // Every scan line is walked along k with its own open run; the image is visited row by row
  // (vertical lines side by side), never down a column: a column walk misses the cache at every
  // pixel. (Inlined: this runs four times over every pixel of every page.)
  if (horiz) {
    for (let line = 0; line < L; line++) {
      const row = line * w;
      const mid = line > 0 && line + 1 < L;
      let start = -1;
      let last = -1;
      for (let k = 0; k <= N; k++) {
        const on = k < N && (bin[row + k] !== 0 || (mid && bin[row - w + k] !== 0 && bin[row + w + k] !== 0));
        if (on) {
          if (start < 0) start = k;
          last = k;
        } else if (start >= 0 && k - last > gap) {
          if (last - start + 1 >= minLen) raw.push({ line, a: start, b: last });
          start = -1;
        }
      }
    }
  } else {
    const start = new Int32Array(L).fill(-1);
    const last = new Int32Array(L).fill(-1);
    for (let k = 0; k <= N; k++) {
      const row = k * w;
      for (let line = 0; line < L; line++) {
        const on = k < N && (bin[row + line] !== 0 || (line > 0 && line + 1 < L && bin[row + line - 1] !== 0 && bin[row + line + 1] !== 0));
        const st = start[line]!;
        if (on) {
          if (st < 0) start[line] = k;
          last[line] = k;
        } else if (st >= 0 && k - last[line]! > gap) {
          if (last[line]! - st + 1 >= minLen) raw.push({ line, a: st, b: last[line]! });
          start[line] = -1;
        }
      }
    }
  }
  for (const r of raw) for (let k = r.a; k <= r.b; k++) if (bin[at(r.line, k)]) mask[at(r.line, k)] = 1;
  // Merge runs on neighbouring scan lines that overlap into one ruling.
  raw.sort((p, q) => p.line - q.line || p.a - q.a);
  type Group = { a: number; b: number; lastLine: number; sum: number; n: number };
  const groups: Group[] = [];
  // Groups still reachable (last run within 2 lines), in the order they were made: the runs come
  // sorted by line, so a group left behind never takes a run again (a page of text has thousands).
  let open: Group[] = [];
  let at0 = -1;
  for (const r of raw) {
    if (r.line !== at0) {
      at0 = r.line;
      open = open.filter((g) => r.line - g.lastLine <= 2);
    }
    const g = open.find((g) => r.a < g.b && r.b > g.a);
    if (g) {
      g.lastLine = r.line;
      g.a = Math.min(g.a, r.a);
      g.b = Math.max(g.b, r.b);
      g.sum += r.line * (r.b - r.a);
      g.n += r.b - r.a;
    } else {
      const ng = { a: r.a, b: r.b, lastLine: r.line, sum: r.line * (r.b - r.a), n: r.b - r.a };
      groups.push(ng);
      open.push(ng);
    }
  }
  return groups.map((g) => {
    const c = g.sum / g.n;
    return horiz ? { x0: g.a, x1: g.b, y0: c, y1: c } : { x0: c, x1: c, y0: g.a, y1: g.b };
  });
}

/** Ink bounding box inside a rectangle of a binary map (ignoring masked pixels), or null. */
export function inkBox(bin: Uint8Array, mask: Uint8Array | null, w: number, x0: number, y0: number, x1: number, y1: number, minPx = 6): { x0: number; y0: number; x1: number; y1: number; n: number } | null {
  let bx0 = Infinity;
  let by0 = Infinity;
  let bx1 = -1;
  let by1 = -1;
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = y * w + x;
      if (bin[i] && !(mask && mask[i])) {
        n++;
        if (x < bx0) bx0 = x;
        if (x > bx1) bx1 = x;
        if (y < by0) by0 = y;
        if (y > by1) by1 = y;
      }
    }
  }
  return n >= minPx ? { x0: bx0, y0: by0, x1: bx1 + 1, y1: by1 + 1, n } : null;
}

/** Rows of ink (text lines) inside a rectangle: [top, bottom) pairs from the row profile. */
export function inkRows(bin: Uint8Array, mask: Uint8Array | null, w: number, x0: number, y0: number, x1: number, y1: number, minGap = 2): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  let blank = 0;
  for (let y = y0; y <= y1; y++) {
    let n = 0;
    if (y < y1) for (let x = x0; x < x1; x++) if (bin[y * w + x] && !(mask && mask[y * w + x])) n++;
    if (n > 0) {
      if (start < 0) start = y;
      blank = 0;
    } else if (start >= 0) {
      blank++;
      if (blank >= minGap || y === y1) {
        out.push([start, y - blank + 1]);
        start = -1;
        blank = 0;
      }
    }
  }
  return out;
}

/**
 * Join collinear pieces of one ruling (broken by noise, a seal or a slight slant): horizontal
 * pieces within `tol` pixels of each other's line and at most `gap` apart end to end.
 */
export function mergeSegs(segs: Seg[], horiz: boolean, tol: number, gap: number): Seg[] {
  const pos = (s: Seg) => (horiz ? s.y0 : s.x0);
  const a = (s: Seg) => (horiz ? s.x0 : s.y0);
  const b = (s: Seg) => (horiz ? s.x1 : s.y1);
  const sorted = [...segs].sort((p, q) => pos(p) - pos(q));
  const lines: Seg[][] = [];
  for (const s of sorted) {
    const l = lines.find((l) => Math.abs(pos(l[0]!) - pos(s)) <= tol);
    if (l) l.push(s);
    else lines.push([s]);
  }
  const out: Seg[] = [];
  for (const l of lines) {
    l.sort((p, q) => a(p) - a(q));
    let cur = { lo: a(l[0]!), hi: b(l[0]!), sum: pos(l[0]!) * (b(l[0]!) - a(l[0]!) + 1), n: b(l[0]!) - a(l[0]!) + 1 };
    const flush = () => {
      const c = cur.sum / cur.n;
      out.push(horiz ? { x0: cur.lo, x1: cur.hi, y0: c, y1: c } : { x0: c, x1: c, y0: cur.lo, y1: cur.hi });
    };
    for (const s of l.slice(1)) {
      if (a(s) - cur.hi <= gap) {
        cur.hi = Math.max(cur.hi, b(s));
        cur.sum += pos(s) * (b(s) - a(s) + 1);
        cur.n += b(s) - a(s) + 1;
      } else {
        flush();
        cur = { lo: a(s), hi: b(s), sum: pos(s) * (b(s) - a(s) + 1), n: b(s) - a(s) + 1 };
      }
    }
    flush();
  }
  return out;
}

/**
 * A photographed page is not only turned but drawn in perspective: the table's vertical rules lean
 * one way on the left and the other way on the right, its horizontal rules fan out from top to
 * bottom, and one global deskew leaves rows cut in two. This measures the slant of every long
 * rule (after the global deskew) and fits it as a linear function of position: vertical rules
 * x = a + (v0 + v1·x)·y, horizontal rules y = a + (h0 + h1·y)·x (first order in the small slants).
 * `shift` is the largest displacement the correction would make: null when the page has too few
 * long rules to say.
 */
export interface Slants {
  v0: number;
  v1: number;
  h0: number;
  h1: number;
  cx: number;
  cy: number;
  shift: number;
}

export function measureSlants(bin: Uint8Array, w: number, h: number, minLen: number): Slants | null {
  const { h: hsegs, v: vsegs } = findRulings(bin, w, h, minLen);
  // Slope of one rule: ink centroid across the rule every few pixels along it, least squares.
  const slope = (s: Seg, horiz: boolean): { at: number; b: number; len: number } | null => {
    const lo = Math.round(horiz ? s.x0 : s.y0);
    const hi = Math.round(horiz ? s.x1 : s.y1);
    let a = horiz ? s.y0 : s.x0;
    let b = 0;
    for (let pass = 0; pass < 2; pass++) {
      const win = pass ? 4 : 9;
      let n = 0;
      let st = 0;
      let sp = 0;
      let stt = 0;
      let stp = 0;
      for (let t = lo; t <= hi; t += 6) {
        const c = a + b * t;
        let sum = 0;
        let cnt = 0;
        for (let p = Math.round(c) - win; p <= Math.round(c) + win; p++) {
          const i = horiz ? p * w + t : t * w + p;
          if (p < 0 || p >= (horiz ? h : w)) continue;
          if (bin[i]) (sum += p), cnt++;
        }
        // A crossing rule or text beside it: not the rule's own position.
        if (!cnt || cnt > 8) continue;
        const pos = sum / cnt;
        n++;
        st += t;
        sp += pos;
        stt += t * t;
        stp += t * pos;
      }
      if (n < 20) return null;
      const den = n * stt - st * st;
      if (!den) return null;
      b = (n * stp - st * sp) / den;
      a = (sp - b * st) / n;
    }
    return { at: a + b * ((lo + hi) / 2), b, len: hi - lo };
  };
  // Weighted least squares of slope against position: slope = k0 + k1·pos.
  const fit = (pts: { at: number; b: number; len: number }[], span: number): [number, number] | null => {
    if (pts.length < 2) return null;
    let sw = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    for (const p of pts) {
      sw += p.len;
      sx += p.len * p.at;
      sy += p.len * p.b;
      sxx += p.len * p.at * p.at;
      sxy += p.len * p.at * p.b;
    }
    const mx = sx / sw;
    const my = sy / sw;
    const vx = sxx / sw - mx * mx;
    // Rules bunched together say nothing about how the slant changes across the page.
    const k1 = Math.sqrt(Math.max(0, vx)) > span * 0.08 ? (sxy / sw - mx * my) / vx : 0;
    return [my - k1 * mx, k1];
  };
  const vs = vsegs.filter((s) => s.y1 - s.y0 >= minLen).map((s) => slope(s, false)).filter((x): x is NonNullable<typeof x> => !!x);
  const hs = hsegs.filter((s) => s.x1 - s.x0 >= minLen).map((s) => slope(s, true)).filter((x): x is NonNullable<typeof x> => !!x);
  const fv = fit(vs, w);
  const fh = fit(hs, h);
  if (!fv && !fh) return null;
  const [v0, v1] = fv ?? [0, 0];
  const [h0, h1] = fh ?? [0, 0];
  const cx = w / 2;
  const cy = h / 2;
  let shift = 0;
  for (const x of [0, w]) for (const y of [0, h]) shift = Math.max(shift, Math.abs((v0 + v1 * x) * (y - cy)), Math.abs((h0 + h1 * y) * (x - cx)));
  return { v0, v1, h0, h1, cx, cy, shift };
}

/** Where the pixel (x, y) of the straightened page comes from on the slanted one. */
export function unslant(s: Slants, x: number, y: number): [number, number] {
  return [x + (s.v0 + s.v1 * x) * (y - s.cy), y + (s.h0 + s.h1 * y) * (x - s.cx)];
}

/** The grey page with its rules straightened (bilinear sampling; outside the page is white). */
export function straighten(img: Gray, s: Slants): Gray {
  const { w, h } = img;
  const px = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [sx, sy] = unslant(s, x, y);
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= w || y0 + 1 >= h) {
        px[y * w + x] = 255;
        continue;
      }
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * w + x0;
      const top = img.px[i]! * (1 - fx) + img.px[i + 1]! * fx;
      const bot = img.px[i + w]! * (1 - fx) + img.px[i + w + 1]! * fx;
      px[y * w + x] = Math.round(top * (1 - fy) + bot * fy);
    }
  }
  return { w, h, px };
}
