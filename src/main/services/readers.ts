// File → DocumentText, for every kind a report arrives in. Plain Node (no Electron).
// Each failure becomes a ReadError with a code and a Chinese message naming what to do.

import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { DocKind, DocumentText } from '../../core/model.js';
import { decodeText, replacementRatio } from '../../core/text/decode.js';
import { htmlToText, readHtml } from '../../core/readers/html.js';

export type ReadErrorCode =
  | 'NOT_FOUND'
  | 'EMPTY'
  | 'TOO_LARGE'
  | 'LEGACY_DOC'
  | 'UNSUPPORTED'
  | 'ENCRYPTED'
  | 'CORRUPT'
  | 'NOT_TEXT'
  | 'TIMEOUT'
  | 'READ_FAILED';

export class ReadError extends Error {
  constructor(
    readonly code: ReadErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const LIMITS = {
  /** Largest file read at all. */
  maxBytes: 200 * 1024 * 1024,
  /** Per-file time limit for PDF extraction. */
  pdfTimeoutMs: 60_000,
  maxPdfPages: 500,
};

/** Extensions picked up when walking a folder (an explicitly named file is read whatever its name). */
export const SUPPORTED_EXT = new Set(['.txt', '.text', '.html', '.htm', '.shtml', '.xhtml', '.docx', '.pdf', '.doc', '.wps']);

/** Decide a file's kind from its bytes first, its extension second. */
export function sniffKind(bytes: Uint8Array, path: string): DocKind | 'doc' | 'unknown' {
  const b = bytes;
  if (b.length >= 5 && b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46 && b[4] === 0x2d) return 'pdf';
  const head = Buffer.from(b.subarray(0, 1024)).toString('latin1');
  if (head.includes('%PDF-')) return 'pdf';
  if (b.length >= 8 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) return 'doc';
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) {
    return 'docx';
  }
  const ext = extname(path).toLowerCase();
  const text = head.replace(/^\ufeff|^\xef\xbb\xbf/, '').trimStart().toLowerCase();
  if (/^<(!doctype html|html|head|body|meta|div|p|table)\b/.test(text) || ['.html', '.htm', '.shtml', '.xhtml'].includes(ext)) return 'html';
  if (ext === '.docx') return 'docx';
  if (ext === '.pdf') return 'pdf';
  if (ext === '.doc' || ext === '.wps') return 'doc';
  return 'txt';
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function readDocumentFile(path: string): Promise<DocumentText> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ReadError('NOT_FOUND', '文件不存在或已被移动，请检查路径');
    throw new ReadError('READ_FAILED', `无法读取文件（${code ?? String(e)}），请检查文件权限`);
  }
  if (size === 0) throw new ReadError('EMPTY', '文件是空的（0 字节），请重新下载或向报送单位索取');
  if (size > LIMITS.maxBytes) {
    throw new ReadError('TOO_LARGE', `文件过大（${(size / 1024 / 1024).toFixed(0)} MB，上限 ${LIMITS.maxBytes / 1024 / 1024} MB），请确认是否为年报文件`);
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (e) {
    throw new ReadError('READ_FAILED', `无法读取文件（${(e as NodeJS.ErrnoException).code ?? String(e)}），请检查文件权限`);
  }
  return readDocumentBytes(bytes, path);
}

export async function readDocumentBytes(bytes: Uint8Array, path: string): Promise<DocumentText> {
  const kind = sniffKind(bytes, path);
  const hash = sha256(bytes);
  switch (kind) {
    case 'doc':
      throw new ReadError('LEGACY_DOC', '这是旧版 Word（.doc/.wps）文件，无法直接读取：请用 Word 或 WPS 另存为 DOCX 或 PDF 后再导入');
    case 'txt': {
      if (looksBinary(bytes)) throw new ReadError('NOT_TEXT', '文件不是文本，也不是 PDF/DOCX/HTML（扩展名可能不对），请确认文件类型');
      const d = decodeText(bytes);
      if (replacementRatio(d.text) > 0.01) throw new ReadError('NOT_TEXT', '文件编码无法识别（出现大量乱码），请另存为 UTF-8 或 GBK 文本');
      return { text: d.text, kind: 'txt', sha256: hash, encoding: d.encoding, spans: [] };
    }
    case 'html': {
      const h = readHtml(bytes);
      return { text: h.text, kind: 'html', sha256: hash, encoding: h.encoding, containerTitle: h.title ?? undefined, spans: [] };
    }
    case 'docx':
      return readDocx(bytes, hash, path);
    case 'pdf': {
      const { readPdf } = await import('./pdf.js');
      return readPdf(bytes, hash);
    }
    default:
      throw new ReadError('UNSUPPORTED', '不支持的文件类型：请提供 PDF、DOCX、HTML 或 TXT 文件');
  }
}

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  let ctrl = 0;
  let zeros = 0;
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!;
    if (c === 0) zeros++;
    else if (c < 9 || (c > 13 && c < 32 && c !== 27)) ctrl++;
  }
  // UTF-16 text has zeros but no other control bytes.
  return ctrl > n * 0.02 || (zeros > 0 && ctrl > 0);
}

async function readDocx(bytes: Uint8Array, hash: string, path: string): Promise<DocumentText> {
  const mammoth = (await import('mammoth')).default;
  let html: string;
  try {
    const res = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
    html = res.value;
  } catch (e) {
    const msg = String((e as Error).message ?? e);
    if (/encrypt|password/i.test(msg)) throw new ReadError('ENCRYPTED', '文件设有密码保护，请解除密码后另存再导入');
    if (/zip|end of central directory|corrupt|Could not find file/i.test(msg)) {
      throw new ReadError('CORRUPT', `DOCX 文件已损坏或不完整（${extname(path) === '.docx' ? '' : '扩展名与内容不符；'}无法解压），请重新获取文件`);
    }
    throw new ReadError('CORRUPT', `无法读取 DOCX 文件：${msg.slice(0, 120)}`);
  }
  const { text } = htmlToText(html);
  return { text, kind: 'docx', sha256: hash, spans: [] };
}
