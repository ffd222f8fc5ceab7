// DocumentText → reports: find every report on a page, its sections, metadata and tables.

import type {
  DocumentParse,
  DocumentText,
  Format,
  Range,
  ReadHints,
  Report,
  Section,
  SectionKey,
  Subhead,
  Table,
  TableKey,
} from '../model.js';
import { SECTION_KEYS } from '../model.js';
import { SECTION_PATTERNS, SECTION_TITLES, SECTION_VARIANTS } from '../schema.js';
import { compactWithMap, isSpace, lastStartingAtOrBefore, splitLines, trimRange, type Line } from '../text/lines.js';
import { normalizeForMatch, parseChineseNumber, similarity } from '../text/normalize.js';
import { detectLayout, rowsOf, type Row } from './rows.js';
import { splitRunOn } from './runon.js';
import { cleanAgency } from '../agency.js';
import { applyPageDates, isoDate, PAGE_DATE_LABEL } from './dates.js';
import { detectFormat, emptyTable, tableFormats, parseProactive, parseRequests, parseReviews } from './tables.js';

interface Ctx {
  text: string;
  norm: string;
  lines: Line[];
  /** Text read by OCR (table rows with unreadable labels may be placed by position). */
  ocr: boolean;
  /** The auditor's structure corrections. */
  hints?: ReadHints;
}

interface Heading {
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
/** Row labels of table 三 numbered like sections (三、本年度办理结果, 四、结转下年度继续办理). */
const TABLE_ROW_WORDS = /本年度办理结果|本年新收|上年结转|结转下年度|办理结果|继续办理/;
const HEAD_START = /[#*第(（一二三四五六1-6\[]/;

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

// ---- site chrome and titles --------------------------------------------------------------------

const CHROME_PREFIX = /^(字号[:：]?\s*)?大\s*中\s*小\s*/;
const CHROME_LINE =
  /^(字号[:：]?|【?(打印|关闭)(本页|窗口)?】?|扫码使用手机浏览本页内容|扫一扫在手机(上)?打开(当前页)?|分享到[:：]?.*|来源[:：].{0,30}|浏览次数[:：]?.*|访问量[:：]?.*|\[?(打印|关闭)\]?\s*\[?(关闭|打印)?\]?)$/;
const ATTACHMENT_LINE = /^.{2,120}\.(pdf|docx?|wps|xlsx?|ofd|et)$/i;

function chromePrefixLen(ctx: Ctx, line: Line): number {
  const s = ctx.norm.slice(line.start, line.end);
  const t = s.trimStart();
  const m = CHROME_PREFIX.exec(t);
  return m ? s.length - t.length + m[0].length : 0;
}

function isChromeLine(ctx: Ctx, line: Line): boolean {
  const t = ctx.norm.slice(line.start, line.end).trim();
  if (!t) return false;
  if (CHROME_LINE.test(t) || ATTACHMENT_LINE.test(t)) return true;
  return chromePrefixLen(ctx, line) > 0;
}

// A trailing note in brackets is not part of the title: "…年度报告（全文）", "…年度报告(2023)".
const TITLE = /^(.*?)(\d{4})年(度)?(.*?)(政府信息公开|政务公开)(工作)?(年度)?(报告|年报)(?:[(（【][^)）】]{0,12}[)）】])?$/;

interface TitleHit {
  line: number;
  agency: string;
  year: number;
  title: string;
  range: Range;
}

function titleAt(ctx: Ctx, line: Line, minStart: number, maxLines = 1): TitleHit | null {
  const start = Math.max(line.start, minStart);
  // A title split over lines ("…2024年政府信息" / "公开工作年度报告"): join up to maxLines lines.
  let end = line.end;
  for (let k = 0; k < maxLines; k++) {
    if (k > 0) {
      if (k === 1 && !/\d{4}\s*年/.test(ctx.norm.slice(start, line.end))) return null;
      const next = ctx.lines[line.index + k];
      if (!next || next.end - next.start > 60) return null;
      end = next.end;
    }
    if (end - start > 120) return null;
    const raw = ctx.norm.slice(start, end);
    const s = raw.replace(/\s+/g, '').replace(/^[#*]+|[*]+$/g, '');
    const m = TITLE.exec(s);
    if (!m) continue;
    if (/根据|编制|本报告|现公布|发布本/.test(m[1]!)) return null;
    const agency = cleanAgency((m[1] || m[4] || '').replace(/[《》"]/g, '')) ?? '';
    const r = trimRange(ctx.text, start, end);
    return { line: line.index, agency, year: Number(m[2]), title: ctx.text.slice(r.start, r.end).replace(/\s+/g, ''), range: r };
  }
  return null;
}

const AGENCY_LIKE = /(局|委|委员会|政府|办公室|办公厅|厅|部|院|署|中心|处|所|馆|会|街道|镇|乡|区|县|市|站|队|公司|集团)$/;

function isAgencyLine(s: string): boolean {
  const t = cleanAgency(s) ?? '';
  return t.length >= 2 && t.length <= 40 && !/[，。,；;:：、]/.test(t) && AGENCY_LIKE.test(t) && !/\d/.test(t);
}

// ---- dates -------------------------------------------------------------------------------------

const DATE_LINE = /^(.{0,40}?)\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$/;
const DATE_LINE_CN = /^(.{0,40}?)\s*([〇零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日\s*$/;
const DATE_ISO = /^(.{0,40}?)\s*(\d{4})[-./](\d{1,2})[-./](\d{1,2})\s*$/;
const iso = isoDate;

interface DateHit {
  date: string;
  range: Range;
  prefix: string;
  line: number;
}

function dateOnLine(ctx: Ctx, line: Line): DateHit | null {
  const raw = ctx.norm.slice(line.start, line.end);
  if (raw.length > 80) return null;
  let m = DATE_LINE.exec(raw) ?? DATE_ISO.exec(raw);
  let y: number, mo: number, d: number;
  if (m) {
    y = Number(m[2]);
    mo = Number(m[3]);
    d = Number(m[4]);
  } else {
    m = DATE_LINE_CN.exec(raw);
    if (!m) return null;
    y = parseChineseNumber(m[2]!) ?? 0;
    mo = parseChineseNumber(m[3]!) ?? 0;
    d = parseChineseNumber(m[4]!) ?? 0;
  }
  const prefix = m[1]!.trim();
  if (prefix && /[，。,；;]/.test(prefix)) return null;
  const date = iso(y, mo, d);
  if (!date) return null;
  const start = line.start + m.index + m[1]!.length;
  const r = trimRange(ctx.text, start, line.end);
  return { date, range: r, prefix, line: line.index };
}

/** The lines that overlap a range (binary search to the first: linear over a document). */
function* linesOver(ctx: Ctx, r: Range): Generator<Line> {
  const ls = ctx.lines;
  let i = lastStartingAtOrBefore(ls, r.start);
  for (; i < ls.length; i++) {
    const l = ls[i]!;
    if (l.start >= r.end && !(l.start === r.end && r.start === r.end)) break;
    if (l.end > r.start || (l.start <= r.start && l.end >= r.start)) yield l;
  }
}

// ---- sections ----------------------------------------------------------------------------------

function bodyIsEmpty(ctx: Ctx, r: Range): boolean {
  const s = ctx.norm.slice(r.start, r.end).replace(/[\s|:：。.、,，;；\-_*#]/g, '');
  return s.length === 0;
}

const SUBHEAD = /^\s*\(([一二三四五六七八九十]{1,3})\)\s*/;

function subheadsOf(ctx: Ctx, body: Range): Subhead[] {
  const out: { title: string; range: Range; restStart: number; line: number }[] = [];
  for (const l of linesOver(ctx, body)) {
    if (l.end <= body.start || l.start >= body.end) continue;
    const start = Math.max(l.start, body.start);
    const s = ctx.norm.slice(start, l.end);
    const m = SUBHEAD.exec(s);
    if (!m) continue;
    const rest = s.slice(m[0].length);
    // In run-on text the sub-head's title ends at the space before its paragraph.
    const stop = rest.search(l.runOn ? /[。：:；;\s]/ : /[。：:；;]/);
    const titleLen = stop >= 0 ? stop : rest.length;
    const titleEnd = start + m[0].length + titleLen;
    out.push({
      title: ctx.text.slice(start + m[0].length, titleEnd).trim(),
      range: trimRange(ctx.text, start, titleEnd),
      restStart: titleEnd + (stop >= 0 ? 1 : 0),
      line: l.index,
    });
  }
  return out.map((h, i) => {
    const next = i + 1 < out.length ? out[i + 1]!.range.start : body.end;
    return { title: h.title, range: h.range, empty: bodyIsEmpty(ctx, { start: h.restStart, end: next }) };
  });
}

function emptySection(key: SectionKey): Section {
  return { key, title: SECTION_TITLES[key], heading: null, range: null, present: false, empty: false, subheads: [] };
}

// ---- tables ------------------------------------------------------------------------------------

function linesIn(ctx: Ctx, r: Range): Line[] {
  return [...linesOver(ctx, r)]
    .filter((l) => l.end > r.start && l.start < r.end)
    .map((l) => ({ index: l.index, start: Math.max(l.start, r.start), end: Math.min(l.end, r.end) }));
}

/** A count with its unit and a comma or full stop after it: written prose, never a table cell. */
const PROSE_COUNT = /\d\s*(?:件|条|个|项|次|人次)\s*[，。；、,;]|。\s*$/;

function isProseRow(row: Row): boolean {
  return PROSE_COUNT.test(row.fields.map((f) => f.raw).join(' '));
}

function tableIn(ctx: Ctx, key: TableKey, r: Range | null, format: Format): Table {
  if (!r) return emptyTable(key, format);
  const ls = linesIn(ctx, r);
  const layout = detectLayout(ctx.text, ls);
  // A sentence in the section before or after the table ("收到申请 18 件，其中予以公开 12 件") is not a row.
  const rows = rowsOf(ctx.text, ls, layout).filter((row) => !isProseRow(row));
  const given = (ctx.hints?.rows ?? []).filter((h) => h.table === key);
  if (key === 'requests') return parseRequests(rows, format, { byPosition: ctx.ocr, rowHints: given });
  if (key === 'reviews') return parseReviews(rows, format);
  return parseProactive(rows, format, given);
}

// ---- the document ------------------------------------------------------------------------------

export function parseDocument(doc: DocumentText, hints?: ReadHints): DocumentParse {
  const text = doc.text;
  const norm = normalizeForMatch(text);
  const ctx: Ctx = { text, norm, lines: splitRunOn(norm, splitLines(text)), ocr: !!doc.ocr, hints };
  let headings: Heading[] = [];
  for (let i = 0; i < ctx.lines.length; i++) {
    const l = ctx.lines[i]!;
    const pre = chromePrefixLen(ctx, l);
    let h = headingAt(ctx, l, l.start + pre);
    if (!h) {
      // A heading split over two lines ("四、政府信息公开行政复议、" / "行政诉讼情况").
      const next = ctx.lines[i + 1];
      if (next && shortLine(ctx, l, 26) && HEAD_START.test(ctx.norm.slice(l.start, l.end).trim()[0] ?? '') && shortLine(ctx, next, 20) && !headingAt(ctx, next, next.start, 'loose')) {
        const two = { index: l.index, start: l.start, end: next.end };
        const j = headingAt(ctx, two, l.start + pre) ?? headingAt(ctx, two, l.start + pre, 'loose');
        if (j && j.range.end > next.start) {
          h = { ...j, joined: true };
          i++;
        }
      }
    }
    h ??= headingAt(ctx, l, l.start + pre, 'loose');
    if (h) headings.push(h);
  }
  if (hints?.sections?.length) headings = pointedHeadings(ctx, headings, hints.sections);

  // Group headings into reports: each 一、总体情况 starts one; so does a title line between
  // headings whose numbering starts over.
  const groups: Heading[][] = [];
  for (const h of headings) {
    const cur = groups[groups.length - 1];
    if (!cur) {
      groups.push([h]);
      continue;
    }
    const last = cur[cur.length - 1]!;
    const restart =
      h.key === 'overview' ||
      (SECTION_KEYS.indexOf(h.key) <= SECTION_KEYS.indexOf(last.key) && hasTitleBetween(ctx, last.line, h.line));
    if (restart && cur.some((x) => x.key === h.key || x.key === 'overview' || h.key === 'overview')) groups.push([h]);
    else cur.push(h);
  }

  // A group of headings recognised by numbering and place only is not a report (a guide's 一、二、三).
  for (let i = groups.length - 1; i >= 0; i--) if (groups[i]!.every((h) => h.weak)) groups.splice(i, 1);
  const starts: number[] = [];
  const ends: number[] = [];
  groups.forEach((g, gi) => {
    const prevLastLine = gi === 0 ? -1 : groups[gi - 1]![groups[gi - 1]!.length - 1]!.line;
    const { start, prevEnd } = boundary(ctx, prevLastLine, g[0]!.line, gi === 0);
    starts.push(start);
    if (gi > 0) ends.push(prevEnd);
  });
  if (groups.length) ends.push(trailingEnd(ctx, groups[groups.length - 1]![groups[groups.length - 1]!.length - 1]!.line));

  const reports: Report[] = groups.map((g, gi) => {
    const range = { start: starts[gi]!, end: ends[gi]! };
    return buildReport(ctx, inferSections(ctx, looseInOrder(g), range), range, gi);
  });
  applyPageDates(doc, ctx.norm, reports);

  // Agency from the document when a report names none.
  const counts = new Map<string, number>();
  for (const r of reports) if (r.agency) counts.set(r.agency, (counts.get(r.agency) ?? 0) + 1);
  const common = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  for (const r of reports) {
    if (r.agency) continue;
    if (common) {
      r.agency = common;
      r.agencySource = 'document';
    } else if (doc.containerTitle) {
      const m = TITLE.exec(normalizeForMatch(doc.containerTitle).replace(/\s+/g, ''));
      if (m && cleanAgency(m[1] || m[4])) {
        r.agency = cleanAgency(m[1] || m[4]);
        r.agencySource = 'document';
      }
    }
  }

  // What lies outside the reports: a guide, or other text.
  const nonReports: DocumentParse['nonReports'] = [];
  const gaps: Range[] = [];
  if (!reports.length) gaps.push({ start: 0, end: text.length });
  else {
    gaps.push({ start: 0, end: reports[0]!.range.start });
    for (let i = 1; i < reports.length; i++) gaps.push({ start: reports[i - 1]!.range.end, end: reports[i]!.range.start });
  }
  for (const g of gaps) {
    const body = ctx.norm.slice(g.start, g.end);
    const chars = body.replace(/\s/g, '').length;
    if (chars < 120) continue;
    const guide = /指南/.test(body) && /(依申请|主动公开|申请)/.test(body);
    const firstLine = body.split(/\n/).map((x) => x.trim()).find((x) => x.length > 0) ?? '';
    const named = /《([^》]{2,80}指南)》/.exec(body)?.[1]?.replace(/\s+/g, '');
    const titleLine = named ?? body.split(/\n/).map((x) => x.trim()).find((x) => /指南/.test(x) && x.length < 60);
    nonReports.push({ range: trimRange(text, g.start, g.end), kind: guide ? 'guide' : 'other', title: (titleLine ?? firstLine).replace(/\s+/g, '').slice(0, 60) });
  }
  return { doc, reports, nonReports };
}

/** Headings the auditor pointed out in the original: each replaces whatever the reader took for
 * that section, and whatever it took for a heading on that line. */
function pointedHeadings(ctx: Ctx, hs: Heading[], given: NonNullable<ReadHints['sections']>): Heading[] {
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

function shortLine(ctx: Ctx, l: Line, max: number): boolean {
  const n = ctx.norm.slice(l.start, l.end).replace(/\s+/g, '').length;
  return n > 0 && n <= max;
}

/** A loosely recognised heading counts only where it keeps the sections in order and is not a
 * second heading for a section already found. */
function looseInOrder(hs: Heading[]): Heading[] {
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
function inferSections(ctx: Ctx, hs: Heading[], range: Range): Heading[] {
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

function hasTitleBetween(ctx: Ctx, a: number, b: number): boolean {
  for (let i = a + 1; i < b; i++) {
    const l = ctx.lines[i]!;
    if (titleAt(ctx, l, l.start) || isChromeLine(ctx, l)) return true;
  }
  return false;
}

/** Where a report starts, and where the one before it ends. */
function boundary(ctx: Ctx, prevLast: number, firstHeading: number, first: boolean): { start: number; prevEnd: number } {
  const head = ctx.lines[firstHeading]!;
  let firstChrome = -1;
  let lastChrome = -1;
  for (let i = prevLast + 1; i < firstHeading; i++) {
    if (isChromeLine(ctx, ctx.lines[i]!)) {
      if (firstChrome < 0) firstChrome = i;
      lastChrome = i;
    }
  }
  // A chrome prefix on the heading line itself ("大 中 小一、总体情况").
  const headPre = chromePrefixLen(ctx, head);
  if (headPre > 0) {
    const prevEnd = firstChrome >= 0 ? ctx.lines[firstChrome]!.start : head.start;
    return { start: head.start + headPre, prevEnd };
  }
  if (lastChrome >= 0) {
    const l = ctx.lines[lastChrome]!;
    const pre = chromePrefixLen(ctx, l);
    const start = pre > 0 && pre < l.end - l.start ? l.start + pre : ctx.lines[lastChrome + 1]!.start;
    return { start, prevEnd: ctx.lines[firstChrome]!.start };
  }
  // No chrome: the title line (with an agency line above it) starts the report.
  for (let i = firstHeading - 1; i > prevLast; i--) {
    const l = ctx.lines[i]!;
    if (titleAt(ctx, l, l.start)) {
      let s = i;
      for (let j = i - 1; j > prevLast && j >= i - 2; j--) {
        const t = ctx.norm.slice(ctx.lines[j]!.start, ctx.lines[j]!.end).trim();
        if (!t) continue;
        if (isAgencyLine(t)) s = j;
        break;
      }
      // Before the first report, text is kept with it unless it is something else: a guide.
      const before = ctx.norm.slice(0, ctx.lines[s]!.start);
      const guide = first && /指南/.test(before) && /(依申请|主动公开|申请)/.test(before) && before.replace(/\s/g, '').length >= 120;
      return { start: first && !guide ? 0 : ctx.lines[s]!.start, prevEnd: ctx.lines[s]!.start };
    }
  }
  if (first) return { start: 0, prevEnd: 0 };
  // After the previous report's date line, if there is one.
  for (let i = firstHeading - 1; i > prevLast; i--) {
    if (dateOnLine(ctx, ctx.lines[i]!)) {
      const next = ctx.lines[i + 1]!;
      return { start: next.start, prevEnd: ctx.lines[i]!.end };
    }
  }
  return { start: head.start, prevEnd: head.start };
}

/** End of the last report: before trailing site chrome. */
function trailingEnd(ctx: Ctx, lastHeading: number): number {
  for (let i = lastHeading + 1; i < ctx.lines.length; i++) {
    if (isChromeLine(ctx, ctx.lines[i]!)) return ctx.lines[i]!.start;
  }
  return ctx.text.length;
}

/** Index of the first line that ends after `offset` (lines are sorted): keeps per-report work local. */

function buildReport(ctx: Ctx, hs: Heading[], range: Range, index: number): Report {
  const sections = {} as Record<SectionKey, Section>;
  for (const k of SECTION_KEYS) sections[k] = emptySection(k);
  const order: SectionKey[] = [];
  hs.forEach((h, i) => {
    if (sections[h.key].present) return;
    const next = i + 1 < hs.length ? ctx.lines[hs[i + 1]!.line]!.start : range.end;
    const body = { start: h.bodyStart, end: Math.max(h.bodyStart, next) };
    const s = sections[h.key];
    s.present = true;
    s.heading = trimRange(ctx.text, h.range.start, h.range.end);
    s.title = s.heading.end > s.heading.start ? ctx.text.slice(s.heading.start, s.heading.end) : SECTION_TITLES[h.key];
    if (s.heading.end === s.heading.start) s.heading = null;
    s.range = body;
    s.empty = bodyIsEmpty(ctx, body);
    const expectedNum = ['一', '二', '三', '四', '五', '六'][SECTION_KEYS.indexOf(h.key)];
    if (h.numbering !== expectedNum && h.numbering) s.numbering = h.numbering;
    if (h.deviation) s.titleDeviation = h.deviation;
    if (!h.numbering && h.deviation !== 'inferred') s.titleDeviation = 'unnumbered';
    if (h.pointed) s.pointed = true;
    if (h.key === 'overview') s.subheads = subheadsOf(ctx, body);
    order.push(h.key);
  });

  const firstHeadLine = hs[0]!.line;
  // Title: a title line in the head of the report.
  let title: TitleHit | null = null;
  for (const l of linesOver(ctx, range)) {
    if (l.end <= range.start) continue;
    if (l.index >= firstHeadLine) break;
    const pre = l.start < range.start ? range.start - l.start : chromePrefixLen(ctx, l);
    title = titleAt(ctx, l, l.start + pre, Math.min(3, firstHeadLine - l.index));
    if (title) break;
  }
  // A title just above the report, separated from it by page chrome ("来源：… 时间：…").
  if (!title) {
    const first = ctx.lines.find((l) => l.end > range.start);
    let chrome = false;
    for (let j = (first?.index ?? 0) - 1, seen = 0; j >= 0 && seen < 4; j--) {
      const l = ctx.lines[j]!;
      if (!ctx.norm.slice(l.start, l.end).trim()) continue;
      seen++;
      if (isChromeLine(ctx, l)) {
        chrome = true;
        continue;
      }
      if (chrome) title = titleAt(ctx, l, l.start + chromePrefixLen(ctx, l));
      break;
    }
  }
  let agency: string | null = null;
  let agencySource: Report['agencySource'] = 'none';
  let titleText: string | null = null;
  let titleRange: Range | null = null;
  if (title) {
    titleText = title.title;
    titleRange = title.range;
    if (title.agency) {
      agency = title.agency;
      agencySource = 'title';
    } else {
      for (let j = title.line - 1; j >= 0; j--) {
        const l = ctx.lines[j]!;
        if (l.end <= range.start) break;
        const st = Math.max(l.start, range.start);
        const t = ctx.text.slice(st, l.end).trim();
        if (!t) continue;
        if (isAgencyLine(t)) {
          agency = cleanAgency(t);
          agencySource = 'title';
          titleText = agency + titleText;
          titleRange = { start: trimRange(ctx.text, st, l.end).start, end: title.range.end };
        }
        break;
      }
    }
  }

  // Date and signature: the last date line after the last section heading.
  const lastHead = hs[hs.length - 1]!.line;
  let date: DateHit | null = null;
  for (const l of linesOver(ctx, range)) {
    if (l.index <= lastHead || l.start >= range.end) continue;
    const d = dateOnLine(ctx, l);
    if (d && !PAGE_DATE_LABEL.test(d.prefix)) date = d;
  }
  // A labelled page time ("发布日期：…") is not the signature; applyPageDates reads those.
  const dateRange: Range | null = date ? date.range : null;
  const signedOn = date ? date.date : null;
  // The signature block (agency line and date) closes the last section; it is not its content.
  if (date) {
    let sigStart = ctx.lines[date.line]!.start;
    const prevLine = ctx.lines[date.line - 1];
    if (!date.prefix && prevLine && isAgencyLine(ctx.text.slice(prevLine.start, prevLine.end))) sigStart = prevLine.start;
    else if (!date.prefix && prevLine && !ctx.text.slice(prevLine.start, prevLine.end).trim()) {
      const p2 = ctx.lines[date.line - 2];
      if (p2 && isAgencyLine(ctx.text.slice(p2.start, p2.end))) sigStart = p2.start;
    }
    const lastKey = order[order.length - 1];
    const last = lastKey ? sections[lastKey] : undefined;
    if (last?.range && sigStart > last.range.start && sigStart <= last.range.end) {
      last.range = { start: last.range.start, end: sigStart };
      last.empty = bodyIsEmpty(ctx, last.range);
    }
  }
  if (date && !agency) {
    if (date.prefix && isAgencyLine(date.prefix)) {
      agency = cleanAgency(date.prefix);
      agencySource = 'signature';
    } else {
      for (let j = date.line - 1; j > lastHead; j--) {
        const t = ctx.text.slice(ctx.lines[j]!.start, ctx.lines[j]!.end).trim();
        if (!t) continue;
        if (isAgencyLine(t)) {
          agency = cleanAgency(t);
          agencySource = 'signature';
        }
        break;
      }
    }
  }

  // Year: title, statistics period, first year in the text, date.
  const body = ctx.norm.slice(range.start, range.end);
  const period = /统计(期限|时限|期间|区间|时间).{0,16}?(\d{4})\s*年\s*0?1\s*月\s*0?1\s*日/.exec(body) ??
    /(\d{4})\s*年\s*0?1\s*月\s*0?1\s*日\s*(起)?\s*(至|到|—|-|~)\s*(\d{4}\s*年\s*)?12\s*月\s*31\s*日/.exec(body);
  const periodYear = period ? Number(period[2]?.match(/^\d{4}$/) ? period[2] : period[1]) : null;
  let year: number | null = null;
  let yearSource: Report['yearSource'] = 'none';
  if (title) {
    year = title.year;
    yearSource = 'title';
  } else if (periodYear) {
    year = periodYear;
    yearSource = 'period';
  } else {
    const y = /(20\d{2})\s*年/.exec(body);
    if (y) {
      year = Number(y[1]);
      yearSource = 'text';
    } else if (signedOn) {
      year = Number(signedOn.slice(0, 4)) - 1;
      yearSource = 'date';
    }
  }

  const secText = (k: SectionKey) => (sections[k].range ? ctx.norm.slice(sections[k].range!.start, sections[k].range!.end) : '');
  let format = detectFormat(secText('proactive'), secText('requests'));
  const per = tableFormats(secText('proactive'), secText('requests'), format);
  // Mixed formats: the report is of table 三's format (the main statistics); table 二 keeps its own.
  if (per.proactive !== per.requests && per.requests !== 'unknown') format = per.requests;
  const tables: Record<TableKey, Table> = {
    proactive: tableIn(ctx, 'proactive', sections.proactive.range, per.proactive),
    requests: tableIn(ctx, 'requests', sections.requests.range, per.requests),
    reviews: tableIn(ctx, 'reviews', sections.reviews.range, format),
  };
  // A section whose body is only its table is not empty.
  for (const k of ['proactive', 'requests', 'reviews'] as const) {
    if (tables[k].present) sections[k].empty = false;
  }
  return {
    index,
    agency,
    agencySource,
    year,
    yearSource,
    title: titleText,
    titleRange,
    format,
    publishedOn: signedOn,
    publishedOnSource: signedOn ? 'signature' : null,
    signedOn,
    pageDate: null,
    dateRange,
    periodYear,
    range,
    sections,
    sectionOrder: order,
    tables,
  };
}
