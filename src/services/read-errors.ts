// What can go wrong reading a file, and the limits every reader keeps. Shared by readers.ts and pdf.ts.

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
  | 'READ_FAILED'
  | 'CANCELLED'
  | 'TOO_COMPLEX'
  | 'BAD_NAME'
  | 'SYMLINK'
  | 'INTERNAL';

export class ReadError extends Error {
  constructor(
    readonly code: ReadErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const envInt = (name: string, dflt: number): number => {
  const v = Number(process.env[name]);
  return process.env[name] && Number.isFinite(v) && v > 0 ? v : dflt;
};

export const LIMITS = {
  /** Largest file read at all. */
  maxBytes: 200 * 1024 * 1024,
  /** Per-file time limit (read + extract + check, any format); the worker is killed past it. */
  fileTimeoutMs: envInt('NIANBAO_FILE_TIMEOUT_MS', 60_000),
  /** V8 heap of each reading worker (MB); past it the worker dies and the file is TOO_COMPLEX. */
  workerHeapMb: envInt('NIANBAO_WORKER_HEAP_MB', 384),
  /** PDF extraction's own time limit (for direct callers; in batches the worker's limit comes first). */
  pdfTimeoutMs: 60_000,
  maxPdfPages: 500,
  /** Most pages read by OCR in one file (a scanned report is rarely over 20 pages). */
  maxOcrPages: 60,
  /** Largest decompressed PDF stream (content, font, object stream) and their sum, checked before pdf.js inflates. */
  maxPdfStreamBytes: 32 * 1024 * 1024,
  maxPdfInflatedBytes: 256 * 1024 * 1024,
  /** Largest image file decoded for OCR (pixels declared in its header; A4 at 600 dpi is 35 M), and its longest side. */
  maxImagePixels: envInt('NIANBAO_MAX_IMAGE_PIXELS', 50_000_000),
  maxImageSide: envInt('NIANBAO_MAX_IMAGE_SIDE', 20_000),
  /** Largest image pdf.js decodes (pixels); bigger ones are skipped. */
  maxPdfImagePixels: 40_000_000,
  /** DOCX: largest XML part and sum of parts after inflating, and most zip entries. */
  maxDocxPartBytes: 32 * 1024 * 1024,
  maxDocxInflatedBytes: 128 * 1024 * 1024,
  maxDocxEntries: 5_000,
  /** HTML (and DOCX converted to HTML): deepest element nesting and most table cells read. */
  maxHtmlDepth: 400,
  maxHtmlCells: 100_000,
  /** DOCX table cells (`<w:tc>`) in the body, counted before mammoth converts it. */
  maxDocxCells: 30_000,
  /** Reports in one document (a compilation of a whole county has a few dozen). */
  maxReportsPerDocument: 1000,
};
