// DocumentText → reports: find every report on a page, its sections, metadata and tables.

import type {
  DocumentParse,
  DocumentText,
  Format,
  Range,
  Report,
  Section,
  SectionKey,
  Subhead,
  Table,
  TableKey,
} from '../model.js';
import { SECTION_KEYS } from '../model.js';
import { SECTION_PATTERNS, SECTION_TITLES } from '../schema.js';
import { compactWithMap, splitLines, trimRange, type Line } from '../text/lines.js';
import { normalizeForMatch, parseChineseNumber } from '../text/normalize.js';
import { detectLayout, rowsOf } from './rows.js';
import { detectFormat, emptyTable, parseProactive, parseRequests, parseReviews } from './tables.js';

interface Ctx {
  text: string;
  norm: string;
  lines: Line[];
}

interface Heading {
  key: SectionKey;
  line: number;
  /** Heading text range (numbering + title). */
  range: Range;
  /** Where the body starts (after the title on the same line). */
  bodyStart: number;
  numbering: string;
}

const NUMS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6 };
const NUMBERING = /^(?:[#*]+)?(?:第)?\(?([一二三四五六1-6])\)?(?:[、.,:]|部分[、:]?)?(?=\S)/;
const UNIT_SUFFIX = /^(\((单位)?[:]?件\)|\(单位:件\))/;

/** A section heading on this line, if it is one. */
export function headingAt(ctx: Ctx, line: Line, start = line.start): Heading | null {
  const len = line.end - start;
  if (len <= 0 || len > 200) return null;
  const c = compactWithMap(ctx.norm, start, line.end);
  // Markdown marks and conversion debris such as "[bookmark: _GoBack]" before the numbering.
  const s = c.s.replace(/^(?:[#*]+|\[[^\]]{0,40}\])+/, '');
  const shift = c.s.length - s.length;
  const m = NUMBERING.exec(s);
  if (!m) return null;
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
    let endIdx = m[0].length + p[0].length;
    const after = s.slice(endIdx);
    const unit = UNIT_SUFFIX.exec(after);
    if (unit) endIdx += unit[0].length;
    // A "heading" followed by a long sentence that restates it is prose, not a heading.
    const tail = s.slice(endIdx);
    if (tail && !/^[:。.]/.test(tail) && tail.length > 0 && /^[的是为]/.test(tail)) continue;
    const endOff = c.map[endIdx + shift] ?? line.end;
    const startOff = c.map[shift] ?? start;
    return {
      key,
      line: line.index,
      range: { start: startOff, end: endOff },
      bodyStart: endOff,
      numbering: m[1]!,
    };
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

const TITLE = /^(.*?)(\d{4})年(度)?(.*?)(政府信息公开|政务公开)(工作)?(年度)?(报告|年报)$/;

interface TitleHit {
  line: number;
  agency: string;
  year: number;
  title: string;
  range: Range;
}

function titleAt(ctx: Ctx, line: Line, minStart: number): TitleHit | null {
  const start = Math.max(line.start, minStart);
  if (line.end - start > 120) return null;
  const raw = ctx.norm.slice(start, line.end);
  const s = raw.replace(/\s+/g, '').replace(/^[#*]+|[*]+$/g, '');
  const m = TITLE.exec(s);
  if (!m) return null;
  if (/根据|编制|本报告|现公布|发布本/.test(m[1]!)) return null;
  const agency = (m[1] || m[4] || '').replace(/[《》"]/g, '');
  const r = trimRange(ctx.text, start, line.end);
  return { line: line.index, agency, year: Number(m[2]), title: ctx.text.slice(r.start, r.end).replace(/\s+/g, ''), range: r };
}

const AGENCY_LIKE = /(局|委|委员会|政府|办公室|办公厅|厅|部|院|署|中心|处|所|馆|会|街道|镇|乡|区|县|市|站|队|公司|集团)$/;

function isAgencyLine(s: string): boolean {
  const t = s.replace(/\s+/g, '');
  return t.length >= 2 && t.length <= 40 && !/[，。,；;:：、]/.test(t) && AGENCY_LIKE.test(t) && !/\d/.test(t);
}

// ---- dates -------------------------------------------------------------------------------------

const DATE_LINE = /^(.{0,40}?)\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$/;
const DATE_LINE_CN = /^(.{0,40}?)\s*([〇零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日\s*$/;
const DATE_ISO = /^(.{0,40}?)\s*(\d{4})[-./](\d{1,2})[-./](\d{1,2})\s*$/;
const DATE_LABEL = /(发布|成文|印发|公开)(日期|时间)\s*[:：]?\s*(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})/;

function iso(y: number, m: number, d: number): string | null {
  if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

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

// ---- sections ----------------------------------------------------------------------------------

function bodyIsEmpty(ctx: Ctx, r: Range): boolean {
  const s = ctx.norm.slice(r.start, r.end).replace(/[\s|:：。.、,，;；\-_*#]/g, '');
  return s.length === 0;
}

const SUBHEAD = /^\s*\(([一二三四五六七八九十]{1,3})\)\s*/;

function subheadsOf(ctx: Ctx, body: Range): Subhead[] {
  const out: { title: string; range: Range; restStart: number; line: number }[] = [];
  for (const l of ctx.lines) {
    if (l.end <= body.start || l.start >= body.end) continue;
    const start = Math.max(l.start, body.start);
    const s = ctx.norm.slice(start, l.end);
    const m = SUBHEAD.exec(s);
    if (!m) continue;
    const rest = s.slice(m[0].length);
    const stop = rest.search(/[。：:；;]/);
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
  return ctx.lines
    .filter((l) => l.end > r.start && l.start < r.end)
    .map((l) => ({ index: l.index, start: Math.max(l.start, r.start), end: Math.min(l.end, r.end) }));
}

function tableIn(ctx: Ctx, key: TableKey, r: Range | null, format: Format): Table {
  if (!r) return emptyTable(key, format);
  const ls = linesIn(ctx, r);
  const layout = detectLayout(ctx.text, ls);
  const rows = rowsOf(ctx.text, ls, layout);
  if (key === 'requests') return parseRequests(rows, format);
  if (key === 'reviews') return parseReviews(rows, format);
  return parseProactive(rows, format);
}

// ---- the document ------------------------------------------------------------------------------

export function parseDocument(doc: DocumentText): DocumentParse {
  const text = doc.text;
  const ctx: Ctx = { text, norm: normalizeForMatch(text), lines: splitLines(text) };
  const headings: Heading[] = [];
  for (const l of ctx.lines) {
    const pre = chromePrefixLen(ctx, l);
    const h = headingAt(ctx, l, l.start + pre);
    if (h) headings.push(h);
  }

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

  const starts: number[] = [];
  const ends: number[] = [];
  groups.forEach((g, gi) => {
    const prevLastLine = gi === 0 ? -1 : groups[gi - 1]![groups[gi - 1]!.length - 1]!.line;
    const { start, prevEnd } = boundary(ctx, prevLastLine, g[0]!.line, gi === 0);
    starts.push(start);
    if (gi > 0) ends.push(prevEnd);
  });
  if (groups.length) ends.push(trailingEnd(ctx, groups[groups.length - 1]![groups[groups.length - 1]!.length - 1]!.line));

  const reports: Report[] = groups.map((g, gi) => buildReport(ctx, g, { start: starts[gi]!, end: ends[gi]! }, gi));

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
      if (m && (m[1] || m[4])) {
        r.agency = m[1] || m[4]!;
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
      return { start: first ? 0 : ctx.lines[s]!.start, prevEnd: ctx.lines[s]!.start };
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
    s.title = ctx.text.slice(s.heading.start, s.heading.end);
    s.range = body;
    s.empty = bodyIsEmpty(ctx, body);
    const expectedNum = ['一', '二', '三', '四', '五', '六'][SECTION_KEYS.indexOf(h.key)];
    if (h.numbering !== expectedNum) s.numbering = h.numbering;
    if (h.key === 'overview') s.subheads = subheadsOf(ctx, body);
    order.push(h.key);
  });

  const firstHeadLine = hs[0]!.line;
  // Title: a title line in the head of the report.
  let title: TitleHit | null = null;
  for (const l of ctx.lines) {
    if (l.end <= range.start) continue;
    if (l.index >= firstHeadLine) break;
    const pre = l.start < range.start ? range.start - l.start : chromePrefixLen(ctx, l);
    title = titleAt(ctx, l, l.start + pre);
    if (title) break;
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
          agency = t.replace(/\s+/g, '');
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
  for (const l of ctx.lines) {
    if (l.index <= lastHead || l.start >= range.end) continue;
    const d = dateOnLine(ctx, l);
    if (d) date = d;
  }
  let dateRange: Range | null = date ? date.range : null;
  let publishedOn = date ? date.date : null;
  if (!date) {
    const head = ctx.norm.slice(range.start, range.end);
    const m = DATE_LABEL.exec(head);
    if (m) {
      publishedOn = iso(Number(m[3]), Number(m[4]), Number(m[5]));
      if (publishedOn) dateRange = { start: range.start + m.index, end: range.start + m.index + m[0].length };
    }
  }
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
      agency = date.prefix.replace(/\s+/g, '');
      agencySource = 'signature';
    } else {
      for (let j = date.line - 1; j > lastHead; j--) {
        const t = ctx.text.slice(ctx.lines[j]!.start, ctx.lines[j]!.end).trim();
        if (!t) continue;
        if (isAgencyLine(t)) {
          agency = t.replace(/\s+/g, '');
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
    } else if (publishedOn) {
      year = Number(publishedOn.slice(0, 4)) - 1;
      yearSource = 'date';
    }
  }

  const secText = (k: SectionKey) => (sections[k].range ? ctx.norm.slice(sections[k].range!.start, sections[k].range!.end) : '');
  const format = detectFormat(secText('proactive'), secText('requests'));
  const tables: Record<TableKey, Table> = {
    proactive: tableIn(ctx, 'proactive', sections.proactive.range, format),
    requests: tableIn(ctx, 'requests', sections.requests.range, format),
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
    publishedOn,
    dateRange,
    periodYear,
    range,
    sections,
    sectionOrder: order,
    tables,
  };
}
