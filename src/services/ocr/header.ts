// Declared image size from the file header (PNG IHDR, JPEG SOF, TIFF IFD0), read before any
// decoder sees the bytes: a 60-byte file can declare 50,000 × 50,000 pixels, and the native
// decoder aborts the whole process allocating them. Past the pixel budget the file is refused.

import { LIMITS, ReadError } from '../read-errors.js';
import { sniffImage } from './sniff.js';

export interface ImageHeader {
  kind: 'png' | 'jpeg' | 'tiff';
  width: number;
  height: number;
  /** Why the file is cut short, if it is (reported after the size: a lying size is the clearer fault). */
  truncated?: string;
}

const corrupt = (what: string) => new ReadError('CORRUPT', `图片已损坏或不完整（${what}），无法识别：请重新获取原图，或用看图软件另存为 PNG/JPEG 后再导入`);

function png(b: Buffer): ImageHeader {
  // Signature (8), then the IHDR chunk: length (4), "IHDR", width (4), height (4).
  if (b.length < 24 || b.toString('latin1', 12, 16) !== 'IHDR') throw corrupt('PNG 文件头缺少 IHDR');
  const width = b.readUInt32BE(16);
  const height = b.readUInt32BE(20);
  // A PNG ends with its IEND chunk: without it the file was cut short.
  const truncated = b.lastIndexOf('IEND', b.length - 4, 'latin1') < 0 ? 'PNG 文件被截断，缺少结尾' : undefined;
  return { kind: 'png', width, height, truncated };
}

function jpeg(b: Buffer): ImageHeader {
  let p = 2;
  while (p + 4 <= b.length) {
    if (b[p] !== 0xff) throw corrupt('JPEG 标记错位');
    const m = b[p + 1]!;
    if (m === 0xff) {
      p++; // fill byte
      continue;
    }
    if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7)) {
      p += 2;
      continue;
    }
    if (m === 0xd9 || m === 0xda) break; // end, or scan data before any frame header
    const len = b.readUInt16BE(p + 2);
    if (len < 2) throw corrupt('JPEG 段长度错误');
    // SOF0–SOF15 except DHT (C4), JPG (C8), DAC (CC): precision (1), height (2), width (2).
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) {
      if (p + 9 > b.length) break;
      const height = b.readUInt16BE(p + 5);
      const width = b.readUInt16BE(p + 7);
      if (!width || !height) throw corrupt('JPEG 未写明图像尺寸');
      // Some scan data must follow the frame header.
      const truncated = p + 2 + len + 64 > b.length ? 'JPEG 文件被截断，没有图像数据' : undefined;
      return { kind: 'jpeg', width, height, truncated };
    }
    p += 2 + len;
  }
  throw corrupt('JPEG 文件头中找不到图像尺寸');
}

function tiff(b: Buffer): ImageHeader {
  const le = b[0] === 0x49;
  const u16 = (o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  if (b.length < 8) throw corrupt('TIFF 文件头不完整');
  const ifd = u32(4);
  if (ifd + 2 > b.length) throw corrupt('TIFF 目录位置超出文件');
  const n = u16(ifd);
  let width = 0;
  let height = 0;
  for (let k = 0; k < n; k++) {
    const e = ifd + 2 + k * 12;
    if (e + 12 > b.length) throw corrupt('TIFF 目录被截断');
    const tag = u16(e);
    const type = u16(e + 2);
    const v = type === 3 ? u16(e + 8) : u32(e + 8);
    if (tag === 256) width = v;
    if (tag === 257) height = v;
  }
  if (!width || !height) throw corrupt('TIFF 未写明图像尺寸');
  return { kind: 'tiff', width, height };
}

/** The declared size of a PNG, JPEG or TIFF file, or CORRUPT when the header cannot be read. */
export function imageHeader(bytes: Uint8Array): ImageHeader {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kind = sniffImage(bytes);
  if (kind === 'png') return png(b);
  if (kind === 'jpeg') return jpeg(b);
  if (kind === 'tiff') return tiff(b);
  throw corrupt('不是 PNG、JPEG 或 TIFF 图片');
}

function overBudget(w: number, h: number): boolean {
  return w * h > LIMITS.maxImagePixels || w > LIMITS.maxImageSide || h > LIMITS.maxImageSide;
}

function tooLarge(what: string, w: number, h: number): ReadError {
  const px = w * h;
  const mp = (px / 1e6).toFixed(px >= 1e8 ? 0 : 1);
  return new ReadError(
    'TOO_LARGE',
    `${what}尺寸过大（声明 ${w} × ${h} 像素，约 ${mp} 百万像素，上限 ${LIMITS.maxImagePixels / 1e6} 百万像素、单边 ${LIMITS.maxImageSide} 像素），未解码已跳过：扫描件请用 200–300 dpi 重新扫描或缩小后另存，或向报送单位索取 PDF`,
  );
}

/** The header, checked against the pixel budget (IMAGE_TOO_LARGE past it). */
export function checkImage(bytes: Uint8Array): ImageHeader {
  const h = imageHeader(bytes);
  if (overBudget(h.width, h.height)) throw tooLarge('图片', h.width, h.height);
  if (h.truncated) throw corrupt(h.truncated);
  return h;
}

/**
 * A scanned PDF's page images against the same budget, from their stream dictionaries (streams
 * never sit inside object streams, so every image's /Width and /Height is in the file as written).
 */
export function checkPdfImages(bytes: Uint8Array): void {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let n = 0;
  for (let at = b.indexOf('/Image', 0, 'latin1'); at >= 0; at = b.indexOf('/Image', at + 6, 'latin1')) {
    if (++n > 10_000) break;
    // The object's dictionary: from "obj" to "stream" (nested dictionaries included), 2 KB at most each way.
    const from = Math.max(0, at - 2048, b.lastIndexOf(' obj', at, 'latin1'));
    const end = b.indexOf('stream', at, 'latin1');
    const dict = b.toString('latin1', from, Math.min(b.length, at + 2048, end < 0 ? b.length : end));
    if (!/\/Subtype\s*\/Image\b/.test(dict)) continue;
    const w = Number(/\/Width\s+(\d+)/.exec(dict)?.[1] ?? 0);
    const h = Number(/\/Height\s+(\d+)/.exec(dict)?.[1] ?? 0);
    if (overBudget(w, h)) throw tooLarge('PDF 中的扫描图片', w, h);
  }
}
