// Section headings: numbered titles, loose variants, headings inferred from their tables.

import type { Range, ReadHints, Section, SectionKey } from '../model.js';
import { SECTION_KEYS } from '../model.js';
import { SECTION_PATTERNS, SECTION_TITLES, SECTION_VARIANTS } from '../schema.js';
import { compactWithMap, isSpace, lastStartingAtOrBefore, trimRange, type Line } from '../text/lines.js';
import { similarity } from '../text/normalize.js';
import { type Row } from './rows.js';

export interface Ctx {
  text: string;
  norm: string;
  lines: Line[];
  /** Text read by OCR (table rows with unreadable labels may be placed by position). */
  ocr: boolean;
  /** The auditor's structure corrections. */
  hints?: ReadHints;
}

export interface Heading {
  key: SectionKey;
  line: number;
  /** Heading text range (numbering + title). */
  range: Range;
  /** Where the body starts (after the title on the same line). */
  bodyStart: number;
  numbering: string;
  deviation?: Section['titleDeviation'];
  /** The heading ran over two lines: the next line is part of it. */
  joined?: boolean;
  /** Recognised by its numbering and place only. */
  weak?: boolean;
  /** Pointed out by the auditor. */
  pointed?: true;
}

const NUMS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6 };
const NUMBERING = /^(?:[#*]+)?(?:第)?\(?([一二三四五六1-6])\)?(?:[、.,:;]|部分[、:]?)?(?=\S)/;
const UNIT_SUFFIX = /^(\((单位)?[:]?件\)|\(单位:件\))/;
/** Official title text after its numbering, compact. */
const TITLE_TAIL = Object.fromEntries(SECTION_KEYS.map((k) => [k, SECTION_TITLES[k].slice(2)])) as Record<SectionKey, string>;

type HeadMode = 'exact' | 'loose';

/** At most one character substituted, dropped or added (titles of four characters or more). */
function oneEdit(a: string, b: string): boolean {
  if (b.length < 4 || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
/** Row labels of table 三 numbered like sections (三、本年度办理结果, 四、结转下年度继续办理). */
const TABLE_ROW_WORDS = /本年度办理结果|本年新收|上年结转|结转下年度|办理结果|继续办理/;
export const HEAD_START = /[#*第(（一二三四五六1-6\[]/;

/** A section heading on this line, if it is one. 'loose' also takes variant wordings and typos
 * (only on a line that holds nothing but the heading) and headings without a number. */
export function headingAt(ctx: Ctx, line: Line, start = line.start, mode: HeadMode = 'exact'): Heading | null {
  const len = line.end - start;
  // A long line is a paragraph, unless it was cut out of run-on text (heading, then its body).
  if (len <= 0 || (len > 200 && !line.runOn)) return null;
  // Cheap test first: a heading starts with its numbering (or is a short line without one).
  let k = start;
  while (k < line.end && isSpace(ctx.norm.charCodeAt(k))) k++;
  // In run-on text a loosely matched heading is its first token (its body follows after a space).
  let end = Math.min(line.end, start + 200);
  if (mode === 'loose' && line.runOn) {
    let e = k;
    while (e < end && !isSpace(ctx.norm.charCodeAt(e))) e++;
    end = e;
  }
  if (!HEAD_START.test(ctx.norm[k] ?? '') && !(mode === 'loose' && end - k <= 40)) return null;
  const c = compactWithMap(ctx.norm, start, end);
  // Markdown marks and conversion debris such as "[bookmark: _GoBack]" before the numbering.
  const s = c.s.replace(/^(?:[#*]+|\[[^\]]{0,40}\])+/, '');
  const shift = c.s.length - s.length;
  const m = NUMBERING.exec(s);
  const at = (key: SectionKey, numLen: number, endIdx: number, numbering: string, deviation?: Heading['deviation']): Heading => {
    const unit = UNIT_SUFFIX.exec(s.slice(endIdx));
    if (unit) endIdx += unit[0].length;
    const endOff = (c.map[endIdx - 1 + shift] ?? line.end - 1) + 1;
    const startOff = c.map[shift] ?? start;
    void numLen;
    return { key, line: line.index, range: { start: startOff, end: endOff }, bodyStart: endOff, numbering, deviation };
  };
  if (!m) {
    if (mode !== 'loose') return null;
    // No numbering: a short line that is a section title.
    const t = s.replace(/[:：。.]$/, '');
    for (const key of SECTION_KEYS) {
      const p = SECTION_PATTERNS[key].exec(t) ?? SECTION_VARIANTS[key].exec(t);
      if (p && p[0].length === t.length && t.length >= 4) return at(key, 0, p[0].length, '', 'unnumbered');
    }
    // OCR: a numbering misread as one other character ("一、总体情况" read as "上总体情况"), or its
    // two glyphs as two that are no Han character ("ae总体情况"), on a line holding nothing else.
    // The numbering is taken as the section's own (it was printed).
    if (ctx.ocr && t.length >= 5) {
      for (const k of [1, 2]) {
        if (k === 2 && (t.length < 6 || /[\u4e00-\u9fff]/.test(t.slice(0, 2)))) continue;
        const u = t.slice(k);
        for (const key of SECTION_KEYS) {
          const p = SECTION_PATTERNS[key].exec(u);
          if (p && p[0].length === u.length) return at(key, k, k + p[0].length, SECTION_TITLES[key][0]!);
        }
        // The numbering and one character of the title misread ("上总休情况").
        for (const key of SECTION_KEYS) if (oneEdit(u, TITLE_TAIL[key])) return at(key, k, t.length, SECTION_TITLES[key][0]!, 'wording');
      }
    }
    return null;
  }
  const num = NUMS[m[1]!]!;
  // "（一）" style numbering is used by sub-heads; only accept it with the exact section number.
  const paren = m[0].startsWith('(') || m[0].startsWith('第(');
  const rest = s.slice(m[0].length);
  for (const key of SECTION_KEYS) {
    const p = SECTION_PATTERNS[key].exec(rest);
    if (!p) continue;
    const expected = SECTION_KEYS.indexOf(key) + 1;
    const exactTitle = rest.startsWith(SECTION_TITLES[key].slice(2));
    if (num !== expected && (paren || !exactTitle)) continue;
    if (paren && m[0].length < 3) continue;
    const endIdx = m[0].length + p[0].length;
    // A "heading" followed by a long sentence that restates it is prose, not a heading.
    const tail = s.slice(endIdx);
    if (tail && !/^[:。.]/.test(tail) && tail.length > 0 && /^[的是为]/.test(tail)) continue;
    return at(key, m[0].length, endIdx, m[1]!);
  }
  if (mode !== 'loose' || paren || /\d/.test(m[1]!)) return null;
  // Variant wording or a typo: the line is the heading alone, numbered as that section.
  const key = SECTION_KEYS[num - 1];
  if (!key) return null;
  const body = rest.replace(/[:：。.]$/, '');
  const v = SECTION_VARIANTS[key].exec(body);
  if (v && v[0].length >= body.length - 2 && v[0].length >= 4) return at(key, m[0].length, m[0].length + v[0].length, m[1]!, 'wording');
  const want = TITLE_TAIL[key];
  // OCR: one character of the title misread, dropped or added ("一、总休情况": bigrams miss a short title).
  if (ctx.ocr && oneEdit(body, want)) return at(key, m[0].length, m[0].length + body.length, m[1]!, 'wording');
  if (body.length >= 4 && body.length <= want.length + 4 && similarity(body, want) >= 0.7) {
    return at(key, m[0].length, m[0].length + body.length, m[1]!, 'wording');
  }
  // Any other short title line numbered 一 … 六 (五、工作中的不足与下一步打算): taken only where it
  // stands in order between the headings found (see looseInOrder).
  if (key !== 'overview' && /[、.,:;]$|部分$/.test(m[0]) && !TABLE_ROW_WORDS.test(body) && body.length >= 4 && body.length <= 24 && !/[。；;,]/.test(body) && !/\d/.test(body)) {
    return { ...at(key, m[0].length, m[0].length + body.length, m[1]!, 'wording'), weak: true };
  }
  return null;
}


export function shortLine(ctx: Ctx, l: Line, max: number): boolean {
  const n = ctx.norm.slice(l.start, l.end).replace(/\s+/g, '').length;
  return n > 0 && n <= max;
}

/** A loosely recognised heading counts only where it keeps the sections in order and is not a
 * second heading for a section already found. */
export function looseInOrder(hs: Heading[]): Heading[] {
  const out: Heading[] = [];
  hs.forEach((h, i) => {
    if (h.deviation) {
      const last = out[out.length - 1];
      const at = SECTION_KEYS.indexOf(h.key);
      if (out.some((x) => x.key === h.key)) return;
      if (last && at <= SECTION_KEYS.indexOf(last.key)) return;
      // The next heading that is certain must come after it, and none may repeat its key.
      const rest = hs.slice(i + 1).filter((x) => !x.deviation);
      if (rest.some((x) => x.key === h.key)) return;
      if (h.weak && rest.length && SECTION_KEYS.indexOf(rest[0]!.key) <= at) return;
    }
    out.push(h);
  });
  return out;
}

/** What a section's table begins with (compact line text). */
const TABLE_ANCHORS: [SectionKey, RegExp][] = [
  ['proactive', /第二十条第\(一\)项|^信息内容(本年(制发|新制作)|$)/],
  ['requests', /申请人情况|^(一[、.,]?)?本年新收政府信息公开申请数量/],
  ['reviews', /未经复议直接起诉|复议后起诉/],
];

/** A section whose heading was not recognised but whose table is there: found by its table. The
 * heading is the short line just above the table, if there is one. */
export function inferSections(ctx: Ctx, hs: Heading[], range: Range): Heading[] {
  const have = new Set(hs.map((h) => h.key));
  const headLines = new Set(hs.map((h) => h.line));
  const out = [...hs];
  const from = hs[0]!.line;
  for (const [key, re] of TABLE_ANCHORS) {
    if (have.has(key)) continue;
    for (let i = from + 1; i < ctx.lines.length; i++) {
      const l = ctx.lines[i]!;
      if (l.start >= range.end) break;
      if (headLines.has(i)) continue;
      if (!re.test(ctx.norm.slice(l.start, l.end).replace(/\s+/g, ''))) continue;
      // The heading: a short, non-table line within the two lines above.
      let hl = l;
      for (let j = i - 1; j >= Math.max(from + 1, i - 2); j--) {
        const p = ctx.lines[j]!;
        const t = ctx.norm.slice(p.start, p.end).replace(/\s+/g, '');
        if (!t) continue;
        if (headLines.has(j)) break;
        const num = '一二三四五六'[SECTION_KEYS.indexOf(key)]!;
        if (t.length <= 40 && new RegExp(`^(第)?${num}[、.,:;]`).test(t) && !/\d+[^\d]*\d+/.test(t.slice(2))) hl = p;
        break;
      }
      const r = trimRange(ctx.text, hl.start, hl.end);
      const isHead = hl !== l;
      out.push({
        key,
        line: hl.index,
        range: isHead ? r : { start: r.start, end: r.start },
        bodyStart: isHead ? r.end : r.start,
        numbering: '',
        deviation: 'inferred',
      });
      headLines.add(hl.index);
      break;
    }
  }
  return out.sort((a, b) => a.line - b.line);
}

/** Headings the auditor pointed out in the original: each replaces whatever the reader took for
 * that section, and whatever it took for a heading on that line. */
export function pointedHeadings(ctx: Ctx, hs: Heading[], given: NonNullable<ReadHints['sections']>): Heading[] {
  let out = hs;
  for (const g of given) {
    if (!ctx.lines.length || g.range.start < 0 || g.range.start >= ctx.text.length) continue;
    const line = lastStartingAtOrBefore(ctx.lines, g.range.start);
    const l = ctx.lines[line]!;
    const r = trimRange(ctx.text, g.range.start, Math.min(Math.max(g.range.end, g.range.start), Math.max(l.end, g.range.start)));
    out = out.filter((h) => h.key !== g.key && h.line !== line && !(h.joined && h.line + 1 === line));
    out.push({ key: g.key, line, range: r, bodyStart: r.end, numbering: SECTION_TITLES[g.key][0]!, pointed: true });
  }
  return out.sort((a, b) => a.line - b.line || a.range.start - b.range.start);
}
