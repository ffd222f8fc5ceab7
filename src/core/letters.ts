// 反馈意见书 (pure): what goes into the feedback letter to one agency for one year — its score, every
// confirmed problem (findings the auditor confirmed and the auditor's own notes) with where it is and
// what the original says, and the auditor's comments. The letters service lays it out as DOCX.

import type { CheckJson, DocumentJson, FindingJson, ReportJson } from './output.js';
import { RULE_BY_ID } from './rules/registry.js';
import { CATEGORY_LABELS, checkScore, type ReviewData, type Rubric } from './review.js';
import { locationWords } from './sheets.js';
import { findingsByReport } from './stats.js';
import { cellWords } from './rules/structure.js';
import { displayAgency } from './agency.js';

export interface LetterSettings {
  /** 抬头: the title line; {单位} {年度} are replaced. */
  title: string;
  /** 落款: issuing body, printed as the signature. */
  issuer: string;
  /** Salutation; {单位} is replaced by the agency name. */
  salutation: string;
  /** Opening paragraph; {单位} {年度} are replaced. */
  opening: string;
  /** Closing paragraph. */
  closing: string;
}

export const DEFAULT_LETTER_SETTINGS: LetterSettings = {
  title: '关于{单位}{年度}年政府信息公开工作年度报告的反馈意见',
  issuer: '政府信息公开工作年度报告评议组',
  salutation: '{单位}：',
  opening:
    '根据政府信息公开工作年度报告评议工作安排，我们对你单位发布的{年度}年政府信息公开工作年度报告进行了审阅。现将评议得分和发现的问题反馈如下，请逐项核实，及时整改，并在今后的年度报告编制中予以改进。',
  closing: '特此反馈。',
};

export interface LetterProblem {
  /** 1-based number in the letter. */
  n: number;
  title: string;
  description: string;
  /** Where: table cell or section words, and the page for PDFs. */
  place: string;
  quote: string;
  comment: string;
}

export interface Letter {
  reportKey: string;
  agency: string;
  year: number | null;
  file: string;
  /** The auditor marked the report 已完成. A letter for any other report says it was not reviewed. */
  reviewed: boolean;
  score: { total: number | null; max: number; rubric: string; criteria: { title: string; points: number | null; max: number; comment: string }[] } | null;
  /** Problems the auditor confirmed (findings and the auditor's own notes). */
  problems: LetterProblem[];
  /** Error and warning findings nobody decided yet: printed as such, never as a clean bill. */
  unreviewed: LetterProblem[];
  overall: string;
  settings: LetterSettings;
  /** Date printed under the signature (YYYY年M月D日). */
  dateWords: string;
}

export function fill(template: string, agency: string, year: number | null): string {
  return template.replace(/\{单位\}/g, agency).replace(/\{年度\}/g, year === null ? '' : String(year));
}

export function dateWords(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

// CJK ideographs and full-width punctuation: a space between two of them is extraction spacing.
const CJK = '\\u3000-\\u303f\\u3400-\\u4dbf\\u4e00-\\u9fff\\uff00-\\uffef';
const CJK_GAP = new RegExp(`([${CJK}])\\s+(?=[${CJK}])`, 'gu');

/** Text as extracted → text fit to quote: whitespace runs become one space, none between two Chinese characters. */
export function cleanQuote(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(CJK_GAP, '$1');
}

// Words that speak about the tool (how it read the file, what to check against the original), not to
// the agency; and rule codes. Removed from everything a letter prints.
const TOOL_PHRASES: RegExp[] = [
  /[；，,;]?\s*已按原文读取，?合计照常核对/g,
  /（该行数值位置为推断，请对照原文核实）/g,
  /[；，,;]?\s*请对照原文核实/g,
  /（口径可能不同，需复核）/g,
  /（需复核）/g,
  /（可在报告抬头或设置中指定“政府”或“部门”）/g,
  /[，,]\s*已按(其后的)?[^，。；]*识别(该部分)?/g,
  /[；，,;]?\s*已跳过/g,
  /[，,；;]\s*已按合计关系[^，。；（]*/g,
  /（涉及位置推断的数值）/g,
  /（多为文件生成时间，不一定是发布日期）/g,
  /[，,；;]\s*请核实[^，。；]*/g,
];
// Tool words said in a way a letter can still use.
const TOOL_REWORDS: [RegExp, string][] = [[/（涉及空白单元格，按 0 计算）/g, '（含未填写的单元格）']];
const RULE_ID = /\s*[\[［(（【]?\s*\bR-[A-Z0-9]+(?:-[A-Z0-9]+)*\b\s*[\]］)）】]?/g;

/** A finding message or comment as words fit for an official letter. */
export function letterWords(text: string): string {
  let s = text;
  for (const re of TOOL_PHRASES) s = s.replace(re, '');
  for (const [re, to] of TOOL_REWORDS) s = s.replace(re, to);
  s = s.replace(RULE_ID, '');
  // Quotes inside the message lose extraction spacing too.
  s = s.replace(/“([^”]*)”/g, (_m, q: string) => `“${cleanQuote(q)}”`);
  return s.replace(/[；，]\s*$/u, '').replace(/\s{2,}/g, ' ').trim();
}

function quoteAt(text: string | undefined, start: number, end: number): string {
  if (!text || end <= start) return '';
  const s = cleanQuote(text.slice(start, Math.min(end, start + 120)));
  return end - start > 120 ? `${s}…` : s;
}

function findingQuote(text: string | undefined, f: FindingJson): string {
  // A whole table or section is not a quote (its labels run together): only a sentence, a cell or a heading.
  const t = f.source.find((s) => s.role === 'text') ?? f.source.find((s) => s.role === 'total') ?? f.source.find((s) => s.role !== 'section' || s.end - s.start <= 60);
  return t ? quoteAt(text, t.start, t.end) : '';
}

function pageWords(f: { source: { page?: number }[] }): string {
  const pages = [...new Set(f.source.map((s) => s.page).filter((p): p is number => typeof p === 'number'))].sort((a, b) => a - b);
  return pages.length ? `（原文第 ${pages.join('、')} 页）` : '';
}

export interface LetterInput {
  check: CheckJson;
  review?: ReviewData;
  rubric: Rubric;
  /** Document text by report key, for quotes. */
  texts?: Map<string, string>;
  settings?: Partial<LetterSettings>;
  /** ISO date of the letters. */
  date: string;
  /** Only these reports (default: all). */
  keys?: Set<string>;
  /** Also write letters for reports the auditor has not marked 已完成 (they say so plainly). */
  includeUnreviewed?: boolean;
  /** The auditor's agency merges: a letter is addressed by the name the agency was merged into, and
   * cross-year findings pair the years as the desk does. */
  aliases?: Record<string, string>;
}

/** Has the auditor finished this report (status 已完成)? */
export function isReviewed(review: ReviewData | undefined, key: string): boolean {
  return review?.statuses[key]?.status === 'done';
}

/** The reports a letter could be written for, split by whether an auditor reviewed them. */
export function letterCandidates(input: Pick<LetterInput, 'check' | 'review' | 'keys'>): { reviewed: string[]; unreviewed: string[] } {
  const out = { reviewed: [] as string[], unreviewed: [] as string[] };
  for (const doc of input.check.documents)
    for (const rep of doc.reports) {
      if (input.keys && !input.keys.has(rep.key)) continue;
      (isReviewed(input.review, rep.key) ? out.reviewed : out.unreviewed).push(rep.key);
    }
  return out;
}

/** One letter per report (agency and year), in queue order: reviewed reports, and others only when included. */
export function buildLetters(input: LetterInput): Letter[] {
  const settings = { ...DEFAULT_LETTER_SETTINGS, ...(input.settings ?? {}) };
  const out: Letter[] = [];
  const cross = input.check.crossYear.length ? findingsByReport(input.check, input.aliases) : new Map();
  for (const doc of input.check.documents) {
    for (const rep of doc.reports) {
      if (input.keys && !input.keys.has(rep.key)) continue;
      if (!input.includeUnreviewed && !isReviewed(input.review, rep.key)) continue;
      out.push(letterFor(doc, rep, input, settings, cross));
    }
  }
  return out;
}

function letterFor(doc: DocumentJson, rep: ReportJson, input: LetterInput, settings: LetterSettings, cross: ReturnType<typeof findingsByReport>): Letter {
  const review = input.review;
  const text = input.texts?.get(rep.key);
  const problems: LetterProblem[] = [];
  const unreviewed: LetterProblem[] = [];
  const add = (f: FindingJson | CheckJson['crossYear'][number], place: string, quote: string) => {
    const d = review?.decisions[`${rep.key}|${f.fingerprint}`];
    const p = { n: 0, title: RULE_BY_ID[f.rule]?.title ?? '其他问题', description: letterWords(f.message), place, quote, comment: d ? letterWords(d.comment) : '' };
    if (d?.verdict === 'confirmed') problems.push(p);
    else if (!d && (f.severity === 'error' || f.severity === 'warning')) unreviewed.push(p);
  };
  for (const f of [...doc.findings, ...rep.findings]) {
    // A file note (a guide or other content skipped on the same page) is not the agency's problem.
    if (f.rule === 'R-NOT-REPORT') continue;
    add(f, `${locationWords(f)}${pageWords(f)}`, findingQuote(text, f));
  }
  // Cross-year findings on this report (the desk shows them with both years' reports).
  for (const f of cross.get(rep.key) ?? []) {
    if (!('years' in f)) continue;
    const own = f.source.find((s) => s.year === rep.year && s.file === doc.file && s.role === 'total') ?? f.source.find((s) => s.year === rep.year && s.file === doc.file);
    add(f, `${f.years[0]}→${f.years[1]} ${locationWords(f)}`.trim(), own ? quoteAt(text, own.start, own.end) : '');
  }
  for (const a of Object.values(review?.annotations ?? {})) {
    if (a.reportKey !== rep.key || a.deleted) continue;
    if (a.severity === 'info') continue; // notes to self, not problems
    const [t, r, c] = (a.cellRef ?? '').split(':');
    const place = a.cellRef && t && r ? cellWords(t as 'requests', r, c) : a.anchor.page ? `原文第 ${a.anchor.page} 页` : '原文';
    problems.push({
      n: 0,
      title: CATEGORY_LABELS[a.category] ?? a.category,
      description: letterWords(a.note),
      place,
      quote: cleanQuote(a.anchor.quote).slice(0, 120),
      comment: '',
    });
  }
  [...problems, ...unreviewed].forEach((p, i) => (p.n = i + 1));
  const sc = review?.scores[rep.key];
  const score = sc
    ? {
        // Never a total that is not valid under the current rubric (checkScore).
        total: checkScore(sc, input.rubric).validTotal,
        max: input.rubric.total,
        rubric: `${input.rubric.title}，第 ${sc.rubricVersion} 版`,
        criteria: input.rubric.criteria.map((c) => {
          const x = sc.criteria.find((y) => y.id === c.id);
          return { title: c.title, points: x?.points ?? null, max: c.points, comment: letterWords(x?.comment ?? '') };
        }),
      }
    : null;
  return {
    reportKey: rep.key,
    agency: rep.agency ? displayAgency(rep.agency, input.aliases ?? {}) : '（单位不详）',
    year: rep.year,
    file: doc.file,
    reviewed: isReviewed(review, rep.key),
    score,
    problems,
    unreviewed,
    overall: letterWords(sc?.comment ?? ''),
    settings,
    dateWords: dateWords(input.date),
  };
}

/** The letter's paragraphs as plain text, in order (the DOCX lays out the same words; the preview shows them). */
export function letterParagraphs(l: Letter): { kind: 'title' | 'salutation' | 'head' | 'sub' | 'body' | 'table' | 'sign'; text: string }[] {
  const s = l.settings;
  type P = ReturnType<typeof letterParagraphs>[number];
  const out: P[] = [];
  out.push({ kind: 'title', text: fill(s.title, l.agency, l.year) });
  out.push({ kind: 'salutation', text: fill(s.salutation, l.agency, l.year) });
  out.push({ kind: 'body', text: fill(s.opening, l.agency, l.year) });
  if (!l.reviewed)
    out.push({ kind: 'body', text: '特别说明：本报告尚未经审核人审阅。下列问题均为自动检查发现、尚未经审核人确认的问题，仅供核实参考，不构成评议结论。' });
  out.push({ kind: 'head', text: '一、评议得分' });
  if (l.score) {
    out.push({ kind: 'body', text: `你单位${l.year ?? ''}年度报告评议得分为 ${l.score.total ?? '（尚未评完）'} 分（满分 ${l.score.max} 分，评分表：${l.score.rubric}）。各项得分如下：` });
    out.push({ kind: 'table', text: '' });
  } else out.push({ kind: 'body', text: l.reviewed ? '本报告未评分。' : '本报告尚未评分。' });
  out.push({ kind: 'head', text: '二、发现的问题' });
  const item = (p: LetterProblem) => {
    out.push({ kind: 'sub', text: `（${chineseNumber(p.n)}）${p.title}` });
    if (p.description) out.push({ kind: 'body', text: `问题：${p.description}` });
    out.push({ kind: 'body', text: `位置：${p.place}` });
    if (p.quote) out.push({ kind: 'body', text: `原文：“${p.quote}”` });
    if (p.comment) out.push({ kind: 'body', text: `审核意见：${p.comment}` });
  };
  if (l.problems.length) l.problems.forEach(item);
  if (l.unreviewed.length) {
    out.push({
      kind: 'body',
      text: l.problems.length
        ? `此外，自动检查还发现以下 ${l.unreviewed.length} 个问题，尚未经审核人确认，请核实：`
        : `自动检查发现以下 ${l.unreviewed.length} 个问题，尚未经审核人确认，请核实：`,
    });
    l.unreviewed.forEach(item);
  }
  if (!l.problems.length && !l.unreviewed.length)
    out.push({ kind: 'body', text: l.reviewed ? '经审阅，未发现需要整改的问题。' : '自动检查未发现需要核实的问题。' });
  out.push({ kind: 'head', text: '三、总体意见' });
  const fallback = l.problems.length || l.unreviewed.length ? '请对照上述问题逐项核实整改。' : '请继续按规定及时、完整、准确地编制和发布年度报告。';
  out.push({ kind: 'body', text: l.overall.trim() || fallback });
  out.push({ kind: 'body', text: s.closing });
  out.push({ kind: 'sign', text: s.issuer });
  out.push({ kind: 'sign', text: l.dateWords });
  return out;
}

/** What the letters dialog shows before writing: each letter's words, and the reports left out. */
export interface LettersPreview {
  letters: { reportKey: string; agency: string; year: number | null; reviewed: boolean; paragraphs: ReturnType<typeof letterParagraphs> }[];
  /** Reports in the selection not marked 已完成 (left out unless included). */
  unreviewed: number;
}

export function previewLetters(input: LetterInput): LettersPreview {
  return {
    letters: buildLetters(input).map((l) => ({ reportKey: l.reportKey, agency: l.agency, year: l.year, reviewed: l.reviewed, paragraphs: letterParagraphs(l) })),
    unreviewed: letterCandidates(input).unreviewed.length,
  };
}

const DIGITS = '〇一二三四五六七八九';
/** 1 → 一, 12 → 十二, 25 → 二十五 (enough for the numbered problems of one letter). */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n]!;
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`;
  return String(n);
}

/** The letter's file name: 单位-年度年-反馈意见书 (made safe for Windows by the writer). */
export function letterName(l: Pick<Letter, 'agency' | 'year'>): string {
  return `${l.agency}-${l.year ?? '年度不详'}年-反馈意见书`;
}
