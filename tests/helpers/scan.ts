// Scanned / photographed documents made at test time from a text PDF: poppler rasterises the pages,
// ImageMagick adds skew, noise, a red seal (multiplied over the text, as ink is), JPEG compression
// or a small perspective, and the JPEG pages are wrapped into an image-only PDF (no text layer).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS } from './docs.js';
import { jpegsToPdf } from '../../src/services/ocr/imagepdf.js';

export interface ScanSpec {
  dpi: number;
  /** Degrees, positive = clockwise. */
  skew?: number;
  /** Gaussian noise attenuation (0 = none; 0.5 is a grainy scan). */
  noise?: number;
  /** JPEG quality (default 85). */
  quality?: number;
  /** Stamp a red seal on the first page's text and on every table page's last third. */
  seal?: boolean;
  /** Photographed: corners pulled in by this fraction of the width (e.g. 0.015). */
  perspective?: number;
  /** First noise seed (page i gets seed + i; default 7). Left out of the spec, the cache key is unchanged. */
  seed?: number;
}

const key = (pdf: string, spec: ScanSpec) =>
  createHash('sha256').update(readFileSync(pdf)).update(JSON.stringify(spec)).update('scan-v2').digest('hex').slice(0, 16);

function sealImage(dir: string, size: number): string {
  const out = join(dir, 'seal.png');
  const r = size / 2 - 6;
  const c = size / 2;
  execFileSync('convert', [
    '-size', `${size}x${size}`, 'xc:white',
    '-fill', 'none', '-stroke', 'rgb(215,40,40)', '-strokewidth', String(Math.max(4, Math.round(size / 40))),
    '-draw', `circle ${c},${c} ${c + r},${c}`,
    '-fill', 'rgb(215,40,40)', '-stroke', 'none',
    '-draw', `polygon ${c},${c - r * 0.3} ${c + r * 0.09},${c - r * 0.03} ${c + r * 0.29},${c - r * 0.03} ${c + r * 0.13},${c + r * 0.1} ${c + r * 0.19},${c + r * 0.32} ${c},${c + r * 0.18} ${c - r * 0.19},${c + r * 0.32} ${c - r * 0.13},${c + r * 0.1} ${c - r * 0.29},${c - r * 0.03} ${c - r * 0.09},${c - r * 0.03}`,
    '-font', 'Noto-Sans-CJK-SC', '-pointsize', String(Math.round(size / 9)), '-gravity', 'center', '-annotate', `+0+${Math.round(r * 0.6)}`, '信息公开专用章',
    out,
  ]);
  return out;
}

/** Page images (JPEG) of a text PDF, degraded as specified; cached under .tmp/corpus. */
export function scanImages(pdf: string, spec: ScanSpec): string[] {
  const dir = join(CORPUS, `scan-${key(pdf, spec)}`);
  if (existsSync(join(dir, 'done'))) return readdirSync(dir).filter((f) => f.endsWith('.jpg')).sort().map((f) => join(dir, f));
  const tmp = mkdtempSync(join(tmpdir(), 'nianbao-scan-'));
  execFileSync('pdftoppm', ['-r', String(spec.dpi), '-png', pdf, join(tmp, 'p')], { stdio: 'ignore' });
  const pages = readdirSync(tmp).filter((f) => f.endsWith('.png')).sort();
  const seal = spec.seal ? sealImage(tmp, Math.round(spec.dpi * 1.6)) : null;
  mkdirSync(dir, { recursive: true });
  pages.forEach((p, i) => {
    // A fixed seed: the same scan every run and on every machine (the benchmark varies the specs instead).
    const args = ['-seed', String((spec.seed ?? 7) + i), join(tmp, p)];
    if (seal) {
      // Over the text in the lower third, right of centre (multiply: black ink stays black).
      const geo = `+${Math.round(spec.dpi * 4.2)}+${Math.round(spec.dpi * (i % 2 ? 2.5 : 7.5))}`;
      args.push(seal, '-geometry', geo, '-compose', 'Multiply', '-composite', '-compose', 'Over');
    }
    if (spec.skew) args.push('-background', 'white', '-rotate', String(spec.skew));
    if (spec.perspective) {
      const info = execFileSync('identify', ['-format', '%w %h', join(tmp, p)], { encoding: 'utf8' }).split(' ').map(Number);
      const [w, h] = info as [number, number];
      const d = Math.round(w * spec.perspective);
      args.push('-virtual-pixel', 'white', '-distort', 'Perspective', `0,0 ${d},${Math.round(d / 2)}  ${w},0 ${w - d},0  0,${h} 0,${h}  ${w},${h} ${w},${h - Math.round(d / 2)}`);
    }
    if (spec.noise) args.push('-attenuate', String(spec.noise), '+noise', 'Gaussian');
    args.push('-type', 'TrueColor', '-quality', String(spec.quality ?? 85), join(dir, `p-${String(i + 1).padStart(3, '0')}.jpg`));
    execFileSync('convert', args, { stdio: 'ignore' });
  });
  writeFileSync(join(dir, 'done'), '');
  rmSync(tmp, { recursive: true, force: true });
  return readdirSync(dir).filter((f) => f.endsWith('.jpg')).sort().map((f) => join(dir, f));
}

/** An image-only PDF of a text PDF's pages, degraded as specified. */
export function scannedPdfOf(pdf: string, spec: ScanSpec): string {
  const out = join(CORPUS, `scan-${key(pdf, spec)}.pdf`);
  if (existsSync(out)) return out;
  const jpgs = scanImages(pdf, spec);
  return writeImagePdf(out, jpgs, spec.dpi);
}

/** JPEG page images as one image-only PDF at `out` (written whole, then renamed into place). */
export function writeImagePdf(out: string, jpgs: string[], dpi: number): string {
  const sizes = jpgs.map((f) => {
    const [w, h] = execFileSync('identify', ['-format', '%w %h', f], { encoding: 'utf8' }).split(' ').map(Number) as [number, number];
    return { w, h };
  });
  writeFileSync(`${out}.part`, jpegsToPdf(jpgs.map((f) => readFileSync(f)), sizes, dpi));
  renameSync(`${out}.part`, out);
  return out;
}
