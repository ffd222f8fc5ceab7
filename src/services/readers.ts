// File → DocumentText, for every kind a report arrives in. Plain Node (no Electron).
// Each failure becomes a ReadError with a code and a Chinese message naming what to do.

import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { constants as zlibConstants, inflateRawSync } from 'node:zlib';
import { Parser } from 'htmlparser2';
import type { DocKind, DocumentText } from '../core/model.js';
import { decodeText, replacementRatio } from '../core/text/decode.js';
import { htmlToText, readHtml } from '../core/readers/html.js';
import type { OcrOptions } from './ocr/index.js';
import { sniffImage } from './ocr/sniff.js';

export { LIMITS, ReadError, type ReadErrorCode } from './read-errors.js';
import { LIMITS, ReadError } from './read-errors.js';

/** Extensions picked up when walking a folder (an explicitly named file is read whatever its name). */
export const SUPPORTED_EXT = new Set(['.txt', '.text', '.html', '.htm', '.shtml', '.xhtml', '.docx', '.pdf', '.doc', '.wps', '.png', '.jpg', '.jpeg', '.tif', '.tiff']);

/** How to read: OCR for scanned PDFs and images (default on), or false to skip it. */
export interface ReadOptions {
  ocr?: OcrOptions | false;
}

/** Decide a file's kind from its bytes first, its extension second. */
export function sniffKind(bytes: Uint8Array, path: string): DocKind | 'doc' | 'unknown' {
  const b = bytes;
  if (sniffImage(b)) return 'image';
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
  // A PDF or DOCX name on what is plainly text (renamed, or saved with the wrong extension): read it as text.
  const binary = looksBinary(b);
  if (ext === '.docx' && binary) return 'docx';
  if (ext === '.pdf' && binary) return 'pdf';
  if (ext === '.doc' || ext === '.wps') return 'doc';
  return 'txt';
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function readDocumentFile(path: string, opts: ReadOptions = {}): Promise<DocumentText> {
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
  return readDocumentBytes(bytes, path, opts);
}

export async function readDocumentBytes(bytes: Uint8Array, path: string, opts: ReadOptions = {}): Promise<DocumentText> {
  const kind = sniffKind(bytes, path);
  const hash = sha256(bytes);
  switch (kind) {
    case 'doc':
      if (isEncryptedOoxml(bytes)) throw new ReadError('ENCRYPTED', '文件设有打开密码（加密的 Word 文档），无法读取：请在 Word 或 WPS 中取消密码后另存为 DOCX 再导入');
      throw new ReadError('LEGACY_DOC', '这是旧版 Word（.doc/.wps）文件，无法直接读取：请用 Word 或 WPS 另存为 DOCX 或 PDF 后再导入');
    case 'txt': {
      const bom = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
      if (!bom && looksBinary(bytes)) throw new ReadError('NOT_TEXT', '文件不是文本，也不是 PDF/DOCX/HTML（扩展名可能不对），请确认文件类型');
      const d = decodeText(bytes);
      if (replacementRatio(d.text) > 0.01) throw new ReadError('NOT_TEXT', '文件编码无法识别（出现大量乱码），请另存为 UTF-8 或 GBK 文本');
      return { text: d.text, kind: 'txt', sha256: hash, encoding: d.encoding, spans: [] };
    }
    case 'html': {
      const h = readHtml(bytes, checkHtmlShape);
      return { text: h.text, kind: 'html', sha256: hash, encoding: h.encoding, containerTitle: h.title ?? undefined, spans: [], layout: h.layout, ...(h.pageDates.length ? { pageDates: h.pageDates } : {}) };
    }
    case 'docx':
      return readDocx(bytes, hash, path);
    case 'pdf': {
      const { readPdf } = await import('./pdf.js');
      const doc = await readPdf(bytes, hash);
      return doc.notes?.some((n) => n.rule === 'R-NO-TEXT') ? withOcr(doc, bytes, 'pdf', opts) : doc;
    }
    case 'image':
      return withOcr({ text: '', kind: 'image', sha256: hash, spans: [] }, bytes, 'image', opts);
    default:
      throw new ReadError('UNSUPPORTED', '不支持的文件类型：请提供 PDF、DOCX、HTML 或 TXT 文件');
  }
}

/** A document without a text layer, read by OCR unless OCR is off (then it stays R-NO-TEXT). */
async function withOcr(doc: DocumentText, bytes: Uint8Array, kind: 'pdf' | 'image', opts: ReadOptions): Promise<DocumentText> {
  if (opts.ocr === false) {
    if (kind === 'image') return { ...doc, notes: [{ rule: 'R-NO-TEXT', message: '这是图片文件，文字识别（OCR）已关闭，无法检查：去掉 --no-ocr 或在设置中打开 OCR' }] };
    return doc;
  }
  const { ocrDocument } = await import('./ocr/index.js');
  return ocrDocument(bytes, doc.sha256, kind, opts.ocr ?? {});
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

/**
 * An encrypted Office document (Word's "password to open") is an OLE compound file holding the
 * streams EncryptionInfo and EncryptedPackage; their names sit in the directory in UTF-16LE.
 */
export function isEncryptedOoxml(bytes: Uint8Array): boolean {
  const name = Buffer.from('EncryptedPackage', 'utf16le');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(name);
}

/**
 * Refuse HTML that is nested too deep or holds too many table cells before building a DOM of it:
 * one streaming pass of htmlparser2's tokenizer (linear), counting open elements and cells.
 */
export function checkHtmlShape(html: string): void {
  let depth = 0;
  let cells = 0;
  const tooDeep = new ReadError('TOO_COMPLEX', `网页元素嵌套过深（超过 ${LIMITS.maxHtmlDepth} 层），不像年报网页，已跳过：请在浏览器中打开后另存为 PDF 再导入`);
  const tooMany = new ReadError('TOO_COMPLEX', `表格单元格过多（超过 ${LIMITS.maxHtmlCells} 个），不像年报，已跳过：请确认文件是否正确`);
  const parser = new Parser(
    {
      onopentagname(name) {
        // Thrown from the callback: the parse stops at the first element past a limit.
        if (++depth > LIMITS.maxHtmlDepth) throw tooDeep;
        if ((name === 'td' || name === 'th') && ++cells > LIMITS.maxHtmlCells) throw tooMany;
      },
      onclosetag() {
        depth--;
      },
    },
    { lowerCaseTags: true, decodeEntities: false },
  );
  parser.end(html);
}

/**
 * Sizes of a DOCX's parts from the zip's central directory, checked before mammoth inflates
 * anything: encrypted entries, too many entries, declared sizes past the limits, and then each XML
 * part inflated with a hard output cap (a declared size can lie). Hand-written (about 50 lines)
 * because no installed zip library reads the directory without inflating, or caps the output.
 */
export function checkDocxZip(bytes: Uint8Array): void {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const corrupt = () => new ReadError('CORRUPT', 'DOCX 文件已损坏或不完整（找不到压缩目录，无法解压），请重新获取文件');
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt();
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (count > LIMITS.maxDocxEntries) {
    throw new ReadError('TOO_COMPLEX', `DOCX 压缩包内文件过多（${count} 个），不像正常的 Word 文档，已跳过`);
  }
  const tooLarge = (what: string, n: number, max: number) =>
    new ReadError('TOO_LARGE', `DOCX 中的 ${what} 解压后过大（${n > max * 4 ? '超过 ' : ''}${(Math.min(n, max * 4) / 1024 / 1024).toFixed(0)} MB，上限 ${max / 1024 / 1024} MB），可能是压缩炸弹，已跳过`);
  let total = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw corrupt();
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const usize = buf.readUInt32LE(p + 24);
    const nlen = buf.readUInt16LE(p + 28);
    const xlen = buf.readUInt16LE(p + 30);
    const clen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nlen);
    p += 46 + nlen + xlen + clen;
    if (flags & 1) throw new ReadError('ENCRYPTED', 'DOCX 中的内容已加密（设有密码），无法读取：请解除密码后另存再导入');
    if (!/\.(xml|rels)$/i.test(name)) continue; // media: mammoth is told not to read images
    if (usize > LIMITS.maxDocxPartBytes) throw tooLarge(name, usize, LIMITS.maxDocxPartBytes);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw corrupt();
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, Math.min(buf.length, start + csize));
    let out: Buffer = data;
    if (method === 8) {
      try {
        out = inflateRawSync(data, { maxOutputLength: LIMITS.maxDocxPartBytes, finishFlush: zlibConstants.Z_SYNC_FLUSH });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) throw tooLarge(name, LIMITS.maxDocxPartBytes + 1, LIMITS.maxDocxPartBytes);
        throw new ReadError('CORRUPT', `DOCX 文件已损坏（${name} 无法解压），请重新获取文件`);
      }
    }
    if (/^word\/document\.xml$/i.test(name)) checkDocxCells(out);
    total += out.length;
    if (total > LIMITS.maxDocxInflatedBytes) throw tooLarge('正文和样式', total, LIMITS.maxDocxInflatedBytes);
  }
}

/** Table cells in the body XML (mammoth takes about 0.1 ms per cell): refuse what no report has. */
function checkDocxCells(xml: Buffer): void {
  let n = 0;
  for (let at = xml.indexOf('<w:tc'); at >= 0; at = xml.indexOf('<w:tc', at + 5)) {
    const next = xml[at + 5];
    if (next !== 0x3e && next !== 0x20) continue; // <w:tcPr>, <w:tcW>
    if (++n > LIMITS.maxDocxCells) throw new ReadError('TOO_COMPLEX', `Word 文档中的表格单元格过多（超过 ${LIMITS.maxDocxCells} 个），不像年报，已跳过：请确认文件是否正确`);
  }
}

async function readDocx(bytes: Uint8Array, hash: string, path: string): Promise<DocumentText> {
  checkDocxZip(bytes);
  const mammoth = (await import('mammoth')).default;
  let html: string;
  try {
    // Images are not read at all (the text is what is checked): no base64 copies of large pictures.
    const convertImage = mammoth.images.imgElement(async () => ({ src: '' }));
    const res = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }, { convertImage });
    html = res.value;
  } catch (e) {
    const msg = String((e as Error).message ?? e);
    if (/encrypt|password/i.test(msg)) throw new ReadError('ENCRYPTED', '文件设有密码保护，请解除密码后另存再导入');
    if (/zip|end of central directory|corrupt|Could not find file/i.test(msg)) {
      throw new ReadError('CORRUPT', `DOCX 文件已损坏或不完整（${extname(path) === '.docx' ? '' : '扩展名与内容不符；'}无法解压），请重新获取文件`);
    }
    throw new ReadError('CORRUPT', `无法读取 DOCX 文件：${msg.slice(0, 120)}`);
  }
  checkHtmlShape(html);
  const { text, layout } = htmlToText(html);
  return { text, kind: 'docx', sha256: hash, spans: [], layout };
}
