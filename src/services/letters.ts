// 反馈意见书 as DOCX (the `docx` library), laid out in Chinese official-letter style (GB/T 9704):
// A4, title in 小标宋/黑体 二号, body 仿宋 三号, level-1 heads 黑体, page numbers "— 1 —".
// Writes are atomic and never overwrite unless asked.

import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  convertMillimetersToTwip,
} from 'docx';
import { letterName, letterParagraphs, type Letter } from '../core/letters.js';
import { xmlSafe } from '../core/xml-safe.js';
import { safeFileName } from '../core/sheets.js';
import { atomicWrite, ExportError } from './export.js';

const FANGSONG = { ascii: 'FangSong', hAnsi: 'FangSong', eastAsia: '仿宋_GB2312', cs: 'FangSong' };
const HEITI = { ascii: 'SimHei', hAnsi: 'SimHei', eastAsia: '黑体', cs: 'SimHei' };
const KAITI = { ascii: 'KaiTi', hAnsi: 'KaiTi', eastAsia: '楷体_GB2312', cs: 'KaiTi' };
const TITLE = { ascii: 'SimHei', hAnsi: 'SimHei', eastAsia: '方正小标宋简体', cs: 'SimHei' };
const SAN_HAO = 32; // 三号 16 pt, in half-points
const ER_HAO = 44; // 二号 22 pt
const LINE = 560; // 28 pt fixed line spacing (twips)

const body = (children: TextRun[], opts: { indent?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {}) =>
  new Paragraph({
    children,
    alignment: opts.align ?? AlignmentType.JUSTIFIED,
    spacing: { line: LINE, lineRule: 'exact' },
    indent: opts.indent === false ? undefined : { firstLine: 640 },
  });
const run = (text: string, font = FANGSONG, extra: Partial<{ bold: boolean }> = {}) => new TextRun({ text, font, size: SAN_HAO, ...extra });

// Score table columns (twips; the A4 text block is 156 mm ≈ 8845 twips): the label column is wide enough
// for a criterion title on one line (the default rubric's longest, 19 characters at 小四 12 pt = 4560 twips).
const SCORE_COLS = [4800, 900, 900, 2245];

function scoreTable(l: Letter): Table | null {
  if (!l.score) return null;
  const cell = (text: string, col: number, bold = false, align: (typeof AlignmentType)[keyof typeof AlignmentType] = AlignmentType.CENTER) =>
    new TableCell({
      width: { size: SCORE_COLS[col]!, type: WidthType.DXA },
      children: [new Paragraph({ alignment: align, children: [new TextRun({ text: xmlSafe(text), font: bold ? HEITI : FANGSONG, size: 24 })] })],
      margins: { top: 60, bottom: 60, left: 80, right: 80 },
    });
  const rows = [
    new TableRow({ tableHeader: true, children: [cell('评分项', 0, true), cell('满分', 1, true), cell('得分', 2, true), cell('说明', 3, true)] }),
    ...l.score.criteria.map(
      (c) => new TableRow({ cantSplit: true, children: [cell(c.title, 0, false, AlignmentType.LEFT), cell(String(c.max), 1), cell(c.points === null ? '—' : String(c.points), 2), cell(c.comment, 3, false, AlignmentType.LEFT)] }),
    ),
    new TableRow({ children: [cell('合计', 0, true), cell(String(l.score.max), 1, true), cell(l.score.total === null ? '未评完' : String(l.score.total), 2, true), cell('', 3)] }),
  ];
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  return new Table({
    rows,
    columnWidths: SCORE_COLS,
    layout: TableLayoutType.FIXED,
    width: { size: SCORE_COLS.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
  });
}

/** The letter as a DOCX document: the paragraphs of letterParagraphs, in official-letter style. */
export function letterDocument(l: Letter): Document {
  const children: (Paragraph | Table)[] = [];
  for (const p of letterParagraphs(l)) {
    const text = xmlSafe(p.text);
    switch (p.kind) {
      case 'title':
        children.push(
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 400, line: 700, lineRule: 'exact' },
            children: [new TextRun({ text, font: TITLE, size: ER_HAO })],
          }),
        );
        break;
      case 'salutation':
        children.push(body([run(text)], { indent: false }));
        break;
      case 'head':
        children.push(body([run(text, HEITI)]));
        break;
      case 'sub':
        children.push(body([run(text, KAITI)]));
        break;
      case 'table': {
        const t = scoreTable(l);
        if (t) children.push(t);
        break;
      }
      case 'sign':
        if (p.text === l.settings.issuer) children.push(new Paragraph({ spacing: { before: 560 }, children: [] }));
        children.push(body([run(text)], { indent: false, align: AlignmentType.RIGHT }));
        break;
      default:
        children.push(body([run(text)]));
    }
  }

  return new Document({
    creator: '年报审阅台',
    title: xmlSafe(letterName(l)),
    styles: { default: { document: { run: { font: FANGSONG, size: SAN_HAO } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) },
            margin: { top: convertMillimetersToTwip(37), bottom: convertMillimetersToTwip(35), left: convertMillimetersToTwip(28), right: convertMillimetersToTwip(26) },
          },
        },
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: { ascii: 'SimSun', eastAsia: '宋体' }, size: 28 })] })],
          }),
        },
        children,
      },
    ],
  });
}

export interface LettersResult {
  written: string[];
  /** Files that exist and were not overwritten (ask, then call again with overwrite). */
  existing: string[];
}

/** The file each letter goes to (two reports of the same agency and year get -2, -3 …). */
export function letterPaths(dir: string, letters: Letter[]): string[] {
  const used = new Map<string, number>();
  return letters.map((l) => {
    const base = safeFileName(letterName(l), '反馈意见书');
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return join(dir, `${n > 1 ? `${base}-${n}` : base}.docx`);
  });
}

/**
 * Write one DOCX per letter into `dir`. Without `overwrite`, nothing is written when any target
 * exists: the caller gets the list and asks first.
 */
export async function writeLetters(
  dir: string,
  letters: Letter[],
  opts: { overwrite?: boolean; onProgress?: (done: number, total: number, file: string) => void; signal?: AbortSignal } = {},
): Promise<LettersResult> {
  const paths = letterPaths(dir, letters);
  if (!opts.overwrite) {
    const existing = paths.filter((p) => existsSync(p));
    if (existing.length) return { written: [], existing };
  }
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw new ExportError('WRITE_FAILED', `无法创建文件夹 ${dir}：${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const written: string[] = [];
  for (let i = 0; i < letters.length; i++) {
    if (opts.signal?.aborted) break;
    const buf = await Packer.toBuffer(letterDocument(letters[i]!));
    await atomicWrite(paths[i]!, buf, true);
    written.push(paths[i]!);
    opts.onProgress?.(i + 1, letters.length, paths[i]!);
  }
  return { written, existing: [] };
}
