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
  TableRow,
  TextRun,
  WidthType,
  convertMillimetersToTwip,
} from 'docx';
import { fill, letterName, type Letter } from '../core/letters.js';
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

function scoreTable(l: Letter): Table | null {
  if (!l.score) return null;
  const cell = (text: string, bold = false) =>
    new TableCell({
      children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, font: bold ? HEITI : FANGSONG, size: 24 })] })],
      margins: { top: 60, bottom: 60, left: 80, right: 80 },
    });
  const rows = [
    new TableRow({ tableHeader: true, children: [cell('评分项', true), cell('满分', true), cell('得分', true), cell('说明', true)] }),
    ...l.score.criteria.map((c) => new TableRow({ children: [cell(c.title), cell(String(c.max)), cell(c.points === null ? '—' : String(c.points)), cell(c.comment)] })),
    new TableRow({ children: [cell('合计', true), cell(String(l.score.max), true), cell(l.score.total === null ? '未评完' : String(l.score.total), true), cell('')] }),
  ];
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  return new Table({
    rows,
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
  });
}

/** The letter as a DOCX document. */
export function letterDocument(l: Letter): Document {
  const s = l.settings;
  const children: (Paragraph | Table)[] = [];
  children.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 400, line: 700, lineRule: 'exact' },
      children: [new TextRun({ text: `关于${l.agency}${l.year ?? ''}年政府信息公开工作年度报告的反馈意见`, font: TITLE, size: ER_HAO })],
    }),
  );
  children.push(body([run(fill(s.salutation, l.agency, l.year))], { indent: false }));
  children.push(body([run(fill(s.opening, l.agency, l.year))]));

  children.push(body([run('一、评议得分', HEITI)]));
  if (l.score) {
    children.push(body([run(`你单位${l.year ?? ''}年度报告评议得分为 ${l.score.total ?? '（尚未评完）'} 分（满分 ${l.score.max} 分，评分表：${l.score.rubric}）。各项得分如下：`)]));
    const t = scoreTable(l);
    if (t) children.push(t);
  } else {
    children.push(body([run('本报告尚未评分。')]));
  }

  children.push(body([run('二、发现的问题', HEITI)]));
  if (!l.problems.length) children.push(body([run('经审阅，未发现需要整改的问题。')]));
  for (const p of l.problems) {
    children.push(body([run(`（${chineseNumber(p.n)}）${p.title}`, KAITI), ...(p.rule ? [run(`［${p.rule}］`, KAITI)] : [])]));
    children.push(body([run(`问题：${p.description}`)]));
    children.push(body([run(`位置：${p.place}`)]));
    if (p.quote) children.push(body([run(`原文：“${p.quote}”`)]));
    if (p.comment) children.push(body([run(`审核意见：${p.comment}`)]));
  }

  children.push(body([run('三、总体意见', HEITI)]));
  children.push(body([run(l.overall.trim() || '请对照上述问题逐项整改。')]));
  children.push(body([run(s.closing)]));
  children.push(new Paragraph({ spacing: { before: 560 }, children: [] }));
  children.push(body([run(s.issuer)], { indent: false, align: AlignmentType.RIGHT }));
  children.push(body([run(l.dateWords)], { indent: false, align: AlignmentType.RIGHT }));

  return new Document({
    creator: '年报审阅台',
    title: letterName(l),
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

const DIGITS = '〇一二三四五六七八九';
/** 1 → 一, 12 → 十二, 25 → 二十五 (enough for the numbered problems of one letter). */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n]!;
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`;
  return String(n);
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
