// A scan with a digit partly wiped out (a smudge, a fold, a stamp's white edge): the text PDF's pages
// are rasterised by poppler, chosen printed words (found by poppler's word boxes) get part of one
// character painted over in paper white, light noise and JPEG are added, and the pages are wrapped
// into an image-only PDF. The OCR then really reads that digit as another (e.g. 8 with its left half
// gone reads as 3). Cached under .tmp/corpus by a hash of the input and the spec.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS } from './docs.js';
import { jpegsToPdf } from '../../src/services/ocr/imagepdf.js';

export interface WordBox {
  page: number;
  text: string;
  /** PDF points from the page's top left. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Every word of a text PDF with its box (pdftotext -bbox). */
export function wordBoxes(pdf: string): WordBox[] {
  const html = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const out: WordBox[] = [];
  let page = 0;
  for (const m of html.matchAll(/<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
    if (m[0] === '<page ') {
      page++;
      continue;
    }
    out.push({ page, text: m[5]!, x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), y1: Number(m[4]) });
  }
  return out;
}

export interface Smudge {
  /** The printed word (it must occur exactly once in the document). */
  word: string;
  /** Which character of the word (0-based). */
  char: number;
  /** Which part of the character is wiped: its left or right `fraction`. */
  part: 'left' | 'right';
  /** Of the character's width (default 0.45). */
  fraction?: number;
}

export interface SmudgeSpec {
  dpi: number;
  noise?: number;
  quality?: number;
}

/** An image-only PDF of `pdf` with the smudges painted over. */
export function smudgedScan(pdf: string, smudges: Smudge[], spec: SmudgeSpec): string {
  const key = createHash('sha256').update(readFileSync(pdf)).update(JSON.stringify({ smudges, spec })).update('smudge-v1').digest('hex').slice(0, 16);
  const out = join(CORPUS, `smudge-${key}.pdf`);
  if (existsSync(out)) return out;
  const words = wordBoxes(pdf);
  const k = spec.dpi / 72;
  const rects = new Map<number, string[]>();
  for (const s of smudges) {
    const hits = words.filter((w) => w.text === s.word);
    if (hits.length !== 1) throw new Error(`smudge: "${s.word}" occurs ${hits.length} times in ${pdf}`);
    const w = hits[0]!;
    // Digits are of equal width: the character's slice of the word's box.
    const cw = (w.x1 - w.x0) / s.word.length;
    const cx0 = w.x0 + cw * s.char;
    const f = s.fraction ?? 0.45;
    const [a, b] = s.part === 'left' ? [cx0 - cw * 0.1, cx0 + cw * f] : [cx0 + cw * (1 - f), cx0 + cw * 1.1];
    const r = `rectangle ${Math.round(a * k)},${Math.round((w.y0 - 1) * k)} ${Math.round(b * k)},${Math.round((w.y1 + 1) * k)}`;
    rects.set(w.page, [...(rects.get(w.page) ?? []), r]);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'nianbao-smudge-'));
  try {
    execFileSync('pdftoppm', ['-r', String(spec.dpi), '-png', pdf, join(tmp, 'p')], { stdio: 'ignore' });
    const pages = readdirSync(tmp).filter((f) => f.endsWith('.png')).sort();
    const jpgs = pages.map((p, i) => {
      const args = ['-seed', String(7 + i), join(tmp, p)];
      for (const r of rects.get(i + 1) ?? []) args.push('-fill', 'white', '-stroke', 'none', '-draw', r);
      if (spec.noise) args.push('-attenuate', String(spec.noise), '+noise', 'Gaussian');
      const jpg = join(tmp, `p-${String(i + 1).padStart(3, '0')}.jpg`);
      args.push('-type', 'TrueColor', '-quality', String(spec.quality ?? 85), jpg);
      execFileSync('convert', args, { stdio: 'ignore' });
      return jpg;
    });
    const sizes = jpgs.map((f) => {
      const [w, h] = execFileSync('identify', ['-format', '%w %h', f], { encoding: 'utf8' }).split(' ').map(Number) as [number, number];
      return { w, h };
    });
    writeFileSync(`${out}.part`, jpegsToPdf(jpgs.map((f) => readFileSync(f)), sizes, spec.dpi));
    renameSync(`${out}.part`, out);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}
