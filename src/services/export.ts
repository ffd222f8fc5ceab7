// Write the evaluation spreadsheet: .xlsx (exceljs), CSV (UTF-8 with BOM, for Excel) and JSON.
// Writes are atomic (temp file + rename) and never overwrite unless asked.
// Exports are inert: the xlsx holds only plain strings and numbers (never a formula, hyperlink or
// rich value), and CSV cells a spreadsheet would evaluate are escaped (see csvCell).

import { existsSync } from 'node:fs';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { buildSheets, safeFileName, type Sheet, type SheetInput } from '../core/sheets.js';
import { roundCharts } from '../core/charts.js';
import { roundStats } from '../core/stats.js';
import { xmlSafe } from '../core/xml-safe.js';

export class ExportError extends Error {
  constructor(
    readonly code: 'EXISTS' | 'WRITE_FAILED',
    message: string,
  ) {
    super(message);
  }
}

const RED = 'FFFDE2E1';
const AMBER = 'FFFFF4CE';
const HEADER = 'FFE8EEF7';

/** Only strings, finite numbers and blanks reach exceljs: an object value could become a formula or a link. */
function plainValue(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  // Characters XML 1.0 forbids would make the file unreadable (U+FFFE in a comment …): never written.
  if (typeof v === 'string') return xmlSafe(v);
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  try {
    return xmlSafe(JSON.stringify(v) ?? '') || null;
  } catch {
    return xmlSafe(String(v));
  }
}

function plainRow(r: Record<string, unknown>): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  for (const [k, v] of Object.entries(r)) out[k] = plainValue(v);
  return out;
}

export function workbookOf(sheets: Sheet[]): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  // (Rubric titles in headers and sheet text come from files too: every string goes through xmlSafe.)
  wb.creator = '年报审阅台';
  wb.created = new Date();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1, xSplit: s.name === '说明' ? 0 : 1 }] });
    ws.columns = s.columns.map((c) => ({ header: xmlSafe(c.header), key: c.key, width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
    for (const r of s.rows) ws.addRow(plainRow(r));
    const head = ws.getRow(1);
    head.font = { bold: true };
    head.alignment = { vertical: 'middle', wrapText: true };
    head.height = s.name === '表格数据' ? 48 : 22;
    head.eachCell((c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER } }));
    if (s.rows.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: s.columns.length } };
    // Errors visibly marked.
    if (s.name === '问题清单') {
      const sev = s.columns.findIndex((c) => c.key === 'severity') + 1;
      ws.eachRow((row, n) => {
        if (n === 1) return;
        const v = row.getCell(sev).value;
        if (v === '错误') row.getCell(sev).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: RED } };
        else if (v === '警告') row.getCell(sev).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: AMBER } };
      });
    }
    if (s.name === '评分汇总') {
      const err = s.columns.findIndex((c) => c.key === 'errors') + 1;
      ws.eachRow((row, n) => {
        if (n > 1 && Number(row.getCell(err).value) > 0) {
          row.getCell(err).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: RED } };
          row.getCell(err).font = { bold: true, color: { argb: 'FFB42318' } };
        }
      });
    }
    if (s.name === '说明') ws.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  }
  return wb;
}

export async function atomicWrite(path: string, data: Buffer | string, overwrite: boolean): Promise<void> {
  if (!overwrite && existsSync(path)) throw new ExportError('EXISTS', `文件已存在：${path}（不会覆盖；请换一个文件名，或确认覆盖）`);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw new ExportError('WRITE_FAILED', `无法写入 ${path}：${(e as NodeJS.ErrnoException).code ?? (e as Error).message}（文件是否正在 Excel 中打开？）`);
  }
}

/** Put the overview's charts beside the figures of the 统计 sheet, one under another. */
export async function addStatsCharts(wb: ExcelJS.Workbook, input: SheetInput): Promise<number> {
  const ws = wb.getWorksheet('统计');
  if (!ws) return 0;
  const { chartPng } = await import('./chart-images.js');
  let row = 1;
  let n = 0;
  for (const spec of roundCharts(roundStats(input))) {
    if (Array.isArray(spec.option.series) && !spec.option.series.length) continue;
    const img = await chartPng(spec);
    const id = wb.addImage({ buffer: img.png as unknown as ExcelJS.Buffer, extension: 'png' });
    ws.addImage(id, { tl: { col: 5, row }, ext: { width: img.width, height: img.height }, editAs: 'oneCell' });
    row += Math.ceil(img.height / 20) + 1;
    n++;
  }
  return n;
}

export async function writeXlsx(path: string, input: SheetInput, overwrite = false): Promise<void> {
  const wb = workbookOf(buildSheets(input));
  await addStatsCharts(wb, input);
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  await atomicWrite(path, buf, overwrite);
}

/** A spreadsheet evaluates a cell starting with one of these (formula injection). */
const EVALUATED = /^[=+\-@\t\r\n]/;
/** …except a plain number, which stays a number ("-12", "+3.5"). */
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** One CSV cell: numbers as they are, text that would be evaluated prefixed with ', then quoted. */
export function csvCell(v: unknown): string {
  const p = plainValue(v);
  if (p === null) return '';
  if (typeof p === 'number') return String(p);
  const s = EVALUATED.test(p) && !PLAIN_NUMBER.test(p) ? `'${p}` : p;
  return s !== p || /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function sheetCsv(s: Sheet): string {
  const lines = [s.columns.map((c) => csvCell(c.header)).join(',')];
  for (const r of s.rows) lines.push(s.columns.map((c) => csvCell(r[c.key])).join(','));
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

/** CSV: one file per sheet, named after OUT: round1.csv → round1.评分汇总.csv … */
export async function writeCsv(path: string, input: SheetInput, overwrite = false): Promise<string[]> {
  const stem = join(dirname(path), safeFileName(basename(path, extname(path))));
  const out: string[] = [];
  for (const s of buildSheets(input)) {
    const p = `${stem}.${s.name}.csv`;
    await atomicWrite(p, sheetCsv(s), overwrite);
    out.push(p);
  }
  return out;
}

export async function writeJson(path: string, input: SheetInput, overwrite = false): Promise<void> {
  const sheets = buildSheets(input);
  const obj = Object.fromEntries(sheets.map((s) => [s.name, s.rows.map((r) => Object.fromEntries(s.columns.map((c) => [c.header, r[c.key] ?? null])))]));
  await atomicWrite(path, JSON.stringify({ kind: 'nianbao-export', version: 1, exportedAt: input.exportedAt, sheets: obj }, null, 2), overwrite);
}
