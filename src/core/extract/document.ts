// DocumentText → reports: find every report on a page, its sections, metadata and tables.

import type { DocumentParse, DocumentText, Range, ReadHints, Report } from '../model.js';
import { SECTION_KEYS } from '../model.js';
import { splitLines, trimRange } from '../text/lines.js';
import { normalizeForMatch } from '../text/normalize.js';
import { splitRunOn } from './runon.js';
import { cleanAgency } from '../agency.js';
import { applyPageDates } from './dates.js';
import { HEAD_START, headingAt, inferSections, looseInOrder, pointedHeadings, shortLine, type Ctx, type Heading } from './headings.js';
import { boundary, chromePrefixLen, hasTitleBetween, TITLE, trailingEnd } from './frame.js';
import { buildReport } from './report.js';
import { notAReport } from './notreport.js';

// ---- the document ------------------------------------------------------------------------------

/** `hints`: the auditor's structure corrections (core/corrections.ts), for a re-read. */
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

  // Two years side by side, or a page about a report: none of it is checked as a report.
  const not = notAReport(ctx.norm, reports);
  if (not) {
    const title = ctx.norm.split('\n').map((x) => x.trim()).find((x) => x.length > 0) ?? '';
    return { doc, reports: [], nonReports: [{ range: trimRange(text, 0, text.length), kind: not.kind, title: title.replace(/\s+/g, '').slice(0, 60), reason: not.reason }] };
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

