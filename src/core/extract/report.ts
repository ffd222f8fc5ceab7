// One report between its boundaries: sections, sub-heads, tables, title, agency, dates and year.

import type { Format, Range, Report, Section, SectionKey, Subhead, Table, TableKey } from '../model.js';
import { SECTION_KEYS } from '../model.js';
import { SECTION_TITLES } from '../schema.js';
import { trimRange, type Line } from '../text/lines.js';
import { detectLayout, rowsOf, type Row } from './rows.js';
import { cleanAgency } from '../agency.js';
import { applyPageDates, PAGE_DATE_LABEL } from './dates.js';
import { detectFormat, emptyTable, tableFormats, parseProactive, parseRequests, parseReviews } from './tables.js';
import type { Ctx, Heading } from './headings.js';
import { chromePrefixLen, dateOnLine, isAgencyLine, isChromeLine, linesOver, titleAt, type DateHit, type TitleHit } from './frame.js';

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

export function buildReport(ctx: Ctx, hs: Heading[], range: Range, index: number): Report {
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
