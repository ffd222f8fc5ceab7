// Office-style scans (issue 23): a report printed the way an office prints it (LibreOffice Writer, A4,
// serif body, small table font, no repeated table header, rows allowed to split), placed so that table 三 breaks across pages
// inside a block (the next page starts mid-block, a row split at the break), then "scanned": poppler
// rasterises each page, a semi-transparent red seal (circle, star, lettering on an arc) is stamped over
// the last rows of table 三 and over the signature (positions from the text layer), a slight slant
// (0.5–1.5°, sign and size from the seed), light noise and JPEG compression; the pages are wrapped
// into an image-only PDF. Everything is seeded: the same spec gives the same bytes on every run.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS } from './docs.js';
import { writeImagePdf } from './scan.js';

/** A small seeded generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Writer reads this subset of CSS: A4 with office margins, a serif body, small table text.
const OFFICE_CSS = `<style>
@page { size: 21cm 29.7cm; margin: 2.6cm 2.4cm 2.4cm 2.6cm; }
body { font-family: 'Noto Serif CJK SC'; font-size: 12pt; }
p { margin: 0; text-indent: 2em; }
td { font-size: 9pt; }
</style>`;

/** Filler prose an office writes in section 一; `n` paragraphs, seeded. */
function filler(n: number, seed: number): string {
  const r = rng(seed);
  const bits = [
    '坚持以人民为中心的发展思想，围绕中心工作做好政府信息公开。',
    '进一步完善主动公开目录，规范公开内容和程序，提升公开实效。',
    '加强政策解读和回应关切，通过门户网站、政务新媒体等渠道及时发布信息。',
    '严格执行保密审查制度，做到先审查、后公开，一事一审、全面审查。',
    '畅通依申请公开渠道，依法依规做好答复工作，切实保障群众知情权。',
    '加强工作人员业务培训，提高依法公开能力和水平。',
  ];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = 2 + Math.floor(r() * 3);
    out.push(`<p>${Array.from({ length: k }, () => bits[Math.floor(r() * bits.length)]).join('')}</p>`);
  }
  return out.join('\n');
}

/** Text of each page of a PDF with word boxes (points), from poppler. */
export function pdfWords(pdf: string): { page: number; w: number; h: number; words: { x0: number; y0: number; x1: number; y1: number; t: string }[] }[] {
  const xml = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const pages: ReturnType<typeof pdfWords> = [];
  for (const m of xml.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)) {
    const words = [...m[3]!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((w) => ({
      x0: Number(w[1]),
      y0: Number(w[2]),
      x1: Number(w[3]),
      y1: Number(w[4]),
      t: w[5]!,
    }));
    pages.push({ page: pages.length, w: Number(m[1]), h: Number(m[2]), words });
  }
  return pages;
}

/** First line (words at the top y) of a page, in reading order. */
function firstLine(p: ReturnType<typeof pdfWords>[number]): string {
  const words = p.words.filter((w) => w.t.trim());
  if (!words.length) return '';
  const top = Math.min(...words.map((w) => w.y0));
  return words.filter((w) => w.y0 < top + 4).sort((x, y) => x.x0 - y.x0).map((w) => w.t).join(' ');
}

/**
 * Where table 三 breaks in a printed report: the page after the break, and whether the break splits a
 * row (the next page starts with the rest of a label: no digits, not a row's own start).
 */
export function tableBreak(pdf: string): { page: number; partialRow: boolean; firstLine: string } | null {
  const pages = pdfWords(pdf);
  const find = (test: (t: string) => boolean, from = 0) => pages.findIndex((p, i) => i >= from && p.words.some((w) => test(w.t)));
  const p3 = find((t) => t.startsWith('三、收到和处理'));
  const p4 = find((t) => t.startsWith('四、') && t.includes('行政复议'), Math.max(0, p3));
  if (p3 < 0 || p4 < 0) return null;
  for (let k = p3 + 1; k <= p4; k++) {
    const line = firstLine(pages[k]!);
    if (k === p4 && line.startsWith('四、') && line.includes('行政复议')) continue;
    const partialRow = !/\d/.test(line) && !/^(\d+[.．]|（|\(|[一二三四五六七八九十]、)/.test(line);
    return { page: k, partialRow, firstLine: line };
  }
  return null;
}

const OFFICE_KEY = 'office-print-v1';

/**
 * An office print of an HTML report: LibreOffice Writer (as Word prints: rows may split across pages,
 * no repeated header) with filler paragraphs before section 二, so that table 三 breaks inside a row.
 * The paddings in [lo, hi) are printed in one LibreOffice run; of those that split a row of table 三,
 * the seed picks one.
 */
export function officePrint(name: string, html: string, seed = 1, lo = 0, hi = 24): { pdf: string; pad: number; firstLine: string } {
  const h = createHash('sha256').update(html).update(OFFICE_KEY).update(`${seed} ${lo} ${hi}`).digest('hex').slice(0, 16);
  const out = join(CORPUS, `${h}-${name}-office.pdf`);
  const meta = `${out}.json`;
  if (existsSync(out) && existsSync(meta)) return { pdf: out, ...JSON.parse(readFileSync(meta, 'utf8')) };
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-office-print-'));
  const files: string[] = [];
  for (let pad = lo; pad < hi; pad++) {
    const body = html
      .replace(/<head>/, `<head>${OFFICE_CSS}`)
      .replace(/(<p[^>]*>\s*二、)/, `${filler(pad, seed)}\n$1`);
    const f = join(dir, `pad${String(pad).padStart(3, '0')}.html`);
    writeFileSync(f, body);
    files.push(f);
  }
  execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--infilter=HTML (StarWriter)', '--convert-to', 'pdf', ...files, '--outdir', dir], {
    stdio: 'ignore',
    timeout: 600_000,
  });
  const good: { pad: number; pdf: string; firstLine: string }[] = [];
  files.forEach((f, i) => {
    const pdf = f.replace(/\.html$/, '.pdf');
    if (!existsSync(pdf)) return;
    const b = tableBreak(pdf);
    if (b?.partialRow) good.push({ pad: lo + i, pdf, firstLine: b.firstLine });
  });
  if (!good.length) throw new Error(`officePrint ${name}: no padding in [${lo}, ${hi}) splits a row of table 三 at a page break`);
  const pick = good[seed % good.length]!;
  renameSync(pick.pdf, out);
  writeFileSync(meta, JSON.stringify({ pad: pick.pad, firstLine: pick.firstLine }));
  rmSync(dir, { recursive: true, force: true });
  return { pdf: out, pad: pick.pad, firstLine: pick.firstLine };
}

export interface OfficeScanSpec {
  dpi: number;
  /** Seeds slant (0.5–1.5°, either sign), seal placement and noise. */
  seed: number;
  /** JPEG quality (default 72). */
  quality?: number;
  /** Gaussian noise attenuation (default 0.3: light). */
  noise?: number;
  /** No seal (to measure what the seal costs). */
  noSeal?: boolean;
  /**
   * Photographed with a phone instead of scanned: the page in perspective on a darker desk (its
   * edges in the picture), light falling off across it, warm paper, a little out of focus.
   */
  photo?: boolean;
}

const key = (pdf: string, spec: OfficeScanSpec) =>
  createHash('sha256').update(readFileSync(pdf)).update(JSON.stringify(spec)).update('office-scan-v1').digest('hex').slice(0, 16);

/** A seal image (PNG with alpha): a red ring, a star, the agency's name on an arc, a line below. */
function sealImage(dir: string, size: number, name: string, r: () => number): string {
  const out = join(dir, 'seal.png');
  const arc = join(dir, 'arc.png');
  const red = `rgba(${205 + Math.floor(r() * 30)},${25 + Math.floor(r() * 25)},${30 + Math.floor(r() * 25)},1)`;
  const rad = size / 2 - 4;
  const c = size / 2;
  execFileSync('convert', [
    '-background', 'none', '-fill', red, '-font', 'Noto-Sans-CJK-SC', '-pointsize', String(Math.round(size / 8.5)),
    `label:${name}`, '-virtual-pixel', 'transparent', '-distort', 'Arc', '250', '-resize', `${Math.round(size * 0.8)}x${Math.round(size * 0.45)}`, arc,
  ]);
  execFileSync('convert', [
    '-size', `${size}x${size}`, 'xc:none',
    '-fill', 'none', '-stroke', red, '-strokewidth', String(Math.max(3, Math.round(size / 38))),
    '-draw', `circle ${c},${c} ${c + rad},${c}`,
    '-fill', red, '-stroke', 'none',
    '-draw', `polygon ${c},${c - rad * 0.28} ${c + rad * 0.08},${c - rad * 0.03} ${c + rad * 0.27},${c - rad * 0.03} ${c + rad * 0.12},${c + rad * 0.09} ${c + rad * 0.18},${c + rad * 0.3} ${c},${c + rad * 0.17} ${c - rad * 0.18},${c + rad * 0.3} ${c - rad * 0.12},${c + rad * 0.09} ${c - rad * 0.27},${c - rad * 0.03} ${c - rad * 0.08},${c - rad * 0.03}`,
    '-font', 'Noto-Sans-CJK-SC', '-pointsize', String(Math.round(size / 10)), '-gravity', 'center', '-annotate', `+0+${Math.round(rad * 0.58)}`, '政务公开专用章',
    '-gravity', 'north', arc, '-geometry', `+0+${Math.round(size * 0.09)}`, '-composite',
    // Semi-transparent, as stamp ink is.
    '-channel', 'A', '-evaluate', 'multiply', String(0.72 + r() * 0.15), '+channel',
    out,
  ]);
  return out;
}

/** Where to stamp: the last rows of table 三 (over its numbers) and the signature (last words). */
function sealSpots(pdf: string, r: () => number): { page: number; x: number; y: number }[] {
  const pages = pdfWords(pdf);
  const spots: { page: number; x: number; y: number }[] = [];
  for (const mark of ['结转下年度', '上年结转']) {
    // '上年结转' is the first row, a fallback when a report words the last row otherwise.
    const p = pages.findIndex((pg) => pg.words.some((w) => w.t.includes(mark)));
    if (p < 0) continue;
    const w = [...pages[p]!.words].reverse().find((x) => x.t.includes(mark))!;
    // Over the numbers of the last rows, right of the label column, centred just above the row.
    spots.push({ page: p, x: pages[p]!.w * (0.55 + r() * 0.2), y: w.y0 - 8 });
    break;
  }
  const last = pages.length - 1;
  // The signature: the lowest line of the last page (agency and date).
  const words = pages[last]!.words.filter((w) => w.t.trim()).sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
  if (words.length) {
    const w = words[words.length - 1]!;
    spots.push({ page: last, x: (w.x0 + w.x1) / 2, y: (w.y0 + w.y1) / 2 - 10 });
  }
  return spots;
}

/** Page images (JPEG) of a text PDF scanned office-style; cached under .tmp/corpus. */
export function officeScanImages(pdf: string, spec: OfficeScanSpec, sealName = '人民政府办公室'): string[] {
  const dir = join(CORPUS, `office-${key(pdf, spec)}`);
  const list = () => readdirSync(dir).filter((f) => f.endsWith('.jpg')).sort().map((f) => join(dir, f));
  if (existsSync(join(dir, 'done'))) return list();
  const r = rng(spec.seed);
  const tmp = mkdtempSync(join(tmpdir(), 'nianbao-office-'));
  execFileSync('pdftoppm', ['-r', String(spec.dpi), '-png', pdf, join(tmp, 'p')], { stdio: 'ignore' });
  const pages = readdirSync(tmp).filter((f) => f.endsWith('.png')).sort();
  const sealPx = Math.round(spec.dpi * 1.65); // a 42 mm seal
  const seal = spec.noSeal ? null : sealImage(tmp, sealPx, sealName, r);
  const spots = spec.noSeal ? [] : sealSpots(pdf, r);
  mkdirSync(dir, { recursive: true });
  pages.forEach((p, i) => {
    const args = ['-seed', String(spec.seed * 100 + i), join(tmp, p)];
    for (const s of spots.filter((x) => x.page === i)) {
      const x = Math.round((s.x / 72) * spec.dpi - sealPx / 2);
      const y = Math.round((s.y / 72) * spec.dpi - sealPx / 2);
      // Ink: multiply (black stays black), with the seal's own transparency.
      args.push('(', seal!, '-rotate', String(Math.round(r() * 40 - 20)), ')', '-geometry', `+${x}+${y}`, '-compose', 'Multiply', '-composite', '-compose', 'Over');
    }
    const slant = (0.5 + r()) * (r() < 0.5 ? -1 : 1);
    if (spec.photo) {
      const [w, h] = execFileSync('identify', ['-format', '%w %h', join(tmp, p)]).toString().split(' ').map(Number) as [number, number];
      // Light from one side: the far corner 12–22% darker.
      const shade = Math.round(78 + r() * 10);
      args.push('(', '-size', `${w}x${h}`, '-define', `gradient:angle=${Math.round(r() * 360)}`, `gradient:white-gray${shade}`, ')', '-compose', 'Multiply', '-composite', '-compose', 'Over');
      // Warm paper under indoor light.
      args.push('-channel', 'B', '-evaluate', 'multiply', (0.88 + r() * 0.06).toFixed(3), '+channel');
      // Held by hand: each corner pulled in by 1.5–4% of the width, the desk showing around the page.
      const c = () => Math.round(w * (0.015 + r() * 0.025));
      const pts = [0, 0, c(), c(), w, 0, w - c(), c(), w, h, w - c(), h - c(), 0, h, c(), h - c()];
      const desk = `rgb(${70 + Math.floor(r() * 40)},${60 + Math.floor(r() * 30)},${50 + Math.floor(r() * 30)})`;
      args.push('-virtual-pixel', 'background', '-background', desk, '-distort', 'Perspective', pts.join(','));
      args.push('-blur', `0x${(0.5 + r() * 0.5).toFixed(2)}`);
    }
    args.push('-background', spec.photo ? 'rgb(80,70,60)' : 'white', '-rotate', slant.toFixed(2));
    args.push('-attenuate', String(spec.noise ?? 0.3), '+noise', 'Gaussian');
    args.push('-type', 'TrueColor', '-quality', String(spec.quality ?? 72), join(dir, `p-${String(i + 1).padStart(3, '0')}.jpg`));
    execFileSync('convert', args, { stdio: 'ignore' });
  });
  writeFileSync(join(dir, 'done'), '');
  rmSync(tmp, { recursive: true, force: true });
  return list();
}

/** An image-only PDF of an office-style scan of a text PDF. */
export function officeScanPdf(pdf: string, spec: OfficeScanSpec, sealName?: string): string {
  const out = join(CORPUS, `office-${key(pdf, spec)}.pdf`);
  if (existsSync(out)) return out;
  const jpgs = officeScanImages(pdf, spec, sealName);
  return writeImagePdf(out, jpgs, spec.dpi);
}
