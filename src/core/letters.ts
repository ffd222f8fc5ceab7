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
  /** Issuing body, printed as the signature and in the header line. */
  issuer: string;
  /** Salutation; {单位} is replaced by the agency name. */
  salutation: string;
  /** Opening paragraph; {单位} {年度} are replaced. */
  opening: string;
  /** Closing paragraph. */
  closing: string;
}

export const DEFAULT_LETTER_SETTINGS: LetterSettings = {
  issuer: '政府信息公开工作年度报告评议组',
  salutation: '{单位}：',
  opening:
    '根据政府信息公开工作年度报告评议工作安排，我们对你单位发布的{年度}年政府信息公开工作年度报告进行了审阅。现将评议得分和发现的问题反馈如下，请逐项核实，及时整改，并在今后的年度报告编制中予以改进。',
  closing: '特此反馈。',
};

export interface LetterProblem {
  /** 1-based number in the letter. */
  n: number;
  rule: string | null;
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
  score: { total: number | null; max: number; rubric: string; criteria: { title: string; points: number | null; max: number; comment: string }[] } | null;
  problems: LetterProblem[];
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

function quoteAt(text: string | undefined, start: number, end: number): string {
  if (!text || end <= start) return '';
  const s = text.slice(start, Math.min(end, start + 120)).replace(/\s+/g, ' ').trim();
  return end - start > 120 ? `${s}…` : s;
}

function findingQuote(text: string | undefined, f: FindingJson): string {
  const t = f.source.find((s) => s.role === 'text') ?? f.source.find((s) => s.role === 'total') ?? f.source[0];
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
  /** The auditor's agency merges: a letter is addressed by the name the agency was merged into, and
   * cross-year findings pair the years as the desk does. */
  aliases?: Record<string, string>;
}

/** One letter per report (agency and year), in queue order. */
export function buildLetters(input: LetterInput): Letter[] {
  const settings = { ...DEFAULT_LETTER_SETTINGS, ...(input.settings ?? {}) };
  const out: Letter[] = [];
  const cross = input.check.crossYear.length ? findingsByReport(input.check, input.aliases) : new Map();
  for (const doc of input.check.documents) {
    for (const rep of doc.reports) {
      if (input.keys && !input.keys.has(rep.key)) continue;
      out.push(letterFor(doc, rep, input, settings, cross));
    }
  }
  return out;
}

function letterFor(doc: DocumentJson, rep: ReportJson, input: LetterInput, settings: LetterSettings, cross: ReturnType<typeof findingsByReport>): Letter {
  const review = input.review;
  const text = input.texts?.get(rep.key);
  const problems: LetterProblem[] = [];
  for (const f of [...doc.findings, ...rep.findings]) {
    const d = review?.decisions[`${rep.key}|${f.fingerprint}`];
    if (d?.verdict !== 'confirmed') continue;
    problems.push({
      n: 0,
      rule: f.rule,
      title: RULE_BY_ID[f.rule]?.title ?? f.rule,
      description: f.message,
      place: `${locationWords(f)}${pageWords(f)}`,
      quote: findingQuote(text, f),
      comment: d.comment,
    });
  }
  // Cross-year findings confirmed on this report (the desk shows them with both years' reports).
  for (const f of cross.get(rep.key) ?? []) {
    if (!('years' in f)) continue;
    const d = review?.decisions[`${rep.key}|${f.fingerprint}`];
    if (d?.verdict !== 'confirmed') continue;
    const own = f.source.find((s) => s.year === rep.year && s.file === doc.file && s.role === 'total') ?? f.source.find((s) => s.year === rep.year && s.file === doc.file);
    problems.push({
      n: 0,
      rule: f.rule,
      title: RULE_BY_ID[f.rule]?.title ?? f.rule,
      description: f.message,
      place: `${f.years[0]}→${f.years[1]} ${locationWords(f)}`.trim(),
      quote: own ? quoteAt(text, own.start, own.end) : '',
      comment: d.comment,
    });
  }
  for (const a of Object.values(review?.annotations ?? {})) {
    if (a.reportKey !== rep.key || a.deleted) continue;
    if (a.severity === 'info') continue; // notes to self, not problems
    const [t, r, c] = (a.cellRef ?? '').split(':');
    const place = a.cellRef && t && r ? cellWords(t as 'requests', r, c) : a.anchor.page ? `原文第 ${a.anchor.page} 页` : '原文';
    problems.push({
      n: 0,
      rule: null,
      title: CATEGORY_LABELS[a.category] ?? a.category,
      description: a.note,
      place,
      quote: a.anchor.quote.replace(/\s+/g, ' ').trim().slice(0, 120),
      comment: '',
    });
  }
  problems.forEach((p, i) => (p.n = i + 1));
  const sc = review?.scores[rep.key];
  const score = sc
    ? {
        // Never a total that is not valid under the current rubric (checkScore).
        total: checkScore(sc, input.rubric).validTotal,
        max: input.rubric.total,
        rubric: `${input.rubric.title}，第 ${sc.rubricVersion} 版`,
        criteria: input.rubric.criteria.map((c) => {
          const x = sc.criteria.find((y) => y.id === c.id);
          return { title: c.title, points: x?.points ?? null, max: c.points, comment: x?.comment ?? '' };
        }),
      }
    : null;
  return {
    reportKey: rep.key,
    agency: rep.agency ? displayAgency(rep.agency, input.aliases ?? {}) : '（单位不详）',
    year: rep.year,
    file: doc.file,
    score,
    problems,
    overall: sc?.comment ?? '',
    settings,
    dateWords: dateWords(input.date),
  };
}

/** The letter's file name: 单位-年度年-反馈意见书 (made safe for Windows by the writer). */
export function letterName(l: Pick<Letter, 'agency' | 'year'>): string {
  return `${l.agency}-${l.year ?? '年度不详'}年-反馈意见书`;
}
