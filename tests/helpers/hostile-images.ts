// Hostile and truncated images made at test time (issue 23, point 5): PNG/JPEG/TIFF files of 30–69
// bytes declaring 50,000 × 50,000 pixels, real images cut short, and image-only PDFs embedding such
// images — the files that used to abort the whole process in the native decoder. Seeded.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { jpegsToPdf } from '../../src/services/ocr/imagepdf.js';

export interface HostileImage {
  name: string;
  kind: string;
  bytes: number;
  /** Outcomes acceptable for it: an error code, or 'R-NO-TEXT' (decoded, nothing legible). */
  expect: string[];
}

const chunk = (type: string, data: Buffer) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc32(td) >>> 0);
  return Buffer.concat([len, td, c]);
};

/** A PNG declaring w × h with a tiny (all-zero) IDAT: 57–69 bytes. */
export function lyingPng(w: number, h: number, idat = 4): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(idat))), chunk('IEND', Buffer.alloc(0))]);
}

/** A JPEG declaring w × h (baseline, grey) with a stub scan: about 40–69 bytes. */
export function lyingJpeg(w: number, h: number, tail = 8): Buffer {
  const sof = Buffer.from([0xff, 0xc0, 0, 11, 8, (h >> 8) & 255, h & 255, (w >> 8) & 255, w & 255, 1, 1, 0x11, 0]);
  const sos = Buffer.from([0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), sof, sos, Buffer.alloc(tail, 0x55), Buffer.from([0xff, 0xd9])]);
}

/** A little-endian TIFF declaring w × h (no pixel data). */
export function lyingTiff(w: number, h: number): Buffer {
  const b = Buffer.alloc(8 + 2 + 2 * 12 + 4);
  b.write('II*\0', 0, 'latin1');
  b.writeUInt32LE(8, 4);
  b.writeUInt16LE(2, 8);
  const tag = (k: number, t: number, v: number) => {
    const e = 10 + k * 12;
    b.writeUInt16LE(t, e);
    b.writeUInt16LE(4, e + 2);
    b.writeUInt32LE(1, e + 4);
    b.writeUInt32LE(v, e + 8);
  };
  tag(0, 256, w);
  tag(1, 257, h);
  return b;
}

/** An image-only PDF whose one image stream is `stream`, declared w × h with the given filter. */
function pdfWith(stream: Buffer, w: number, h: number, filter: string): Buffer {
  const pdf = jpegsToPdf([stream], [{ w, h }], 200);
  // jpegsToPdf writes /Filter /DCTDecode and the JPEG's length: swap the filter when asked.
  return filter === 'DCTDecode' ? pdf : Buffer.from(pdf.toString('latin1').replace('/DCTDecode', `/${filter}`), 'latin1');
}

/** A real small page image (a few lines of text and a ruled box), PNG and JPEG, made once by ImageMagick. */
function realImages(dir: string): { png: Buffer; jpeg: Buffer } {
  const png = join(dir, 'real.png');
  execFileSync('convert', ['-size', '600x400', 'xc:white', '-fill', 'black', '-font', 'Noto-Sans-CJK-SC', '-pointsize', '24', '-annotate', '+40+60', '一、总体情况', '-annotate', '+40+120', '本年度新收政府信息公开申请 12 件', '-fill', 'none', '-stroke', 'black', '-draw', 'rectangle 40,180 560,360', png]);
  const jpg = join(dir, 'real.jpg');
  execFileSync('convert', [png, '-quality', '80', jpg]);
  return { png: readFileSync(png), jpeg: readFileSync(jpg) };
}

/** Write `count` hostile image files into `dir` (kinds in turn, sizes from the seed). */
export function hostileImages(dir: string, count: number, seed = 1): HostileImage[] {
  mkdirSync(dir, { recursive: true });
  let s = seed;
  const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const int = (a: number, b: number) => a + Math.floor(rand() * (b - a + 1));
  const real = realImages(dir);
  const big = () => int(30_000, 60_000);
  const kinds: [string, string, () => Buffer, string[]][] = [
    ['png-huge', 'png', () => lyingPng(big(), big(), int(1, 8)), ['TOO_LARGE']],
    ['png-huge-cut', 'png', () => lyingPng(big(), big()).subarray(0, int(30, 45)), ['TOO_LARGE']],
    ['png-cut', 'png', () => real.png.subarray(0, int(30, 69)), ['CORRUPT']],
    ['png-cut-long', 'png', () => real.png.subarray(0, int(200, real.png.length - 20)), ['CORRUPT']],
    ['jpeg-huge', 'jpg', () => lyingJpeg(big(), big(), int(4, 40)), ['TOO_LARGE']],
    ['jpeg-cut', 'jpg', () => real.jpeg.subarray(0, int(30, 69)), ['CORRUPT']],
    ['jpeg-cut-long', 'jpg', () => real.jpeg.subarray(0, int(700, real.jpeg.length - 10)), ['R-NO-TEXT', 'ok', 'CORRUPT']],
    ['tiff-huge', 'tif', () => lyingTiff(big(), big()), ['TOO_LARGE']],
    ['pdf-huge-jpeg', 'pdf', () => pdfWith(lyingJpeg(50_000, 50_000), 50_000, 50_000, 'DCTDecode'), ['TOO_LARGE']],
    ['pdf-huge-flate', 'pdf', () => pdfWith(deflateSync(Buffer.alloc(64)), big(), big(), 'FlateDecode'), ['TOO_LARGE']],
    ['pdf-cut-jpeg', 'pdf', () => pdfWith(real.jpeg.subarray(0, int(30, 69)), 600, 400, 'DCTDecode'), ['R-NO-TEXT', 'CORRUPT']],
  ];
  const out: HostileImage[] = [];
  for (let i = 0; i < count; i++) {
    const [kind, ext, make, expect] = kinds[i % kinds.length]!;
    const bytes = make();
    const name = `${String(i).padStart(4, '0')}-${kind}.${ext}`;
    writeFileSync(join(dir, name), bytes);
    out.push({ name, kind, bytes: bytes.length, expect });
  }
  return out;
}
