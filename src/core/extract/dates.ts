// Dates a report carries besides its signature (落款): the page's publication time ("时间：2020-01-20
// 15:22", "发布日期：", "发文日期：" …, or <meta name="PubDate"> tags) and the file's own properties.

import type { DocumentText, Range, Report } from '../model.js';

export function isoDate(y: number, m: number, d: number): string | null {
  if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A date label that marks a page's publication time, not the report's signature. */
export const PAGE_DATE_LABEL = /(?:发布|成文|印发|公开|发文|更新|发稿|上传|生成)?(?:日期|时间)\s*[:：]?\s*$/;

// Label, then a date (2020-01-20, 2020/1/20, 2020.01.20, 2020年1月20日), optionally a time of day. A
// compound label (发布时间, 成文日期 …) may follow any text and go without a colon (a table cell); a bare
// 时间 / 日期 must start a field and have its colon.
const DATE_PART = String.raw`(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})(?!\d)[ \t]*日?(?![日\d])(?!\s*[至到起止—~－-])`;
const LABELLED = new RegExp(
  String.raw`(?:((?:发布|成文|印发|公开|发文|更新|发稿)(?:日期|时间))\s*[:：]?|(?:^|(?<=[\s|│【\]】>》:：]))((?:日期|时间))\s*[:：])\s*` + DATE_PART,
  'g',
);

// A date on a line of its own in a page header ("[ 2024-01-26 ]", "2024-01-26 16:29 【打印】"), not a
// sentence that starts with a date and not a period.
const HEADER_DATE =
  /(^|\n)[ \t[【(（]*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)[ \t]*日?(?:[ \t]*\d{1,2}:\d{2}(?::\d{2})?)?[ \t\]】)）]*(?=[^\n，。,；;至到起止—~－-]*(?:\n|$))/g;

/** Dates standing alone on a line between `from` and `to` (a report's header). */
function headerDates(norm: string, from: number, to: number): PageDate[] {
  const out: PageDate[] = [];
  const s = norm.slice(from, to);
  HEADER_DATE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = HEADER_DATE.exec(s))) {
    const date = isoDate(Number(m[2]), Number(m[3]), Number(m[4]));
    if (date) out.push({ date, label: '', range: { start: from + m.index + m[1]!.length, end: from + m.index + m[0].length } });
    if (m[0].length === 0) HEADER_DATE.lastIndex++;
  }
  return out;
}

export interface PageDate {
  date: string;
  label: string;
  range: Range;
}

/** Every labelled publication time in the text. */
export function labelledDates(norm: string): PageDate[] {
  const out: PageDate[] = [];
  LABELLED.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = LABELLED.exec(norm))) {
    const date = isoDate(Number(m[3]), Number(m[4]), Number(m[5]));
    if (!date) continue;
    out.push({ date, label: (m[1] ?? m[2])!, range: { start: m.index, end: m.index + m[0].length } });
  }
  return out;
}

/** A date in a tag or a property: "2022-02-08 16:34:00", "2022/2/8", "20220208", "D:20220208163400+08'00'". */
export function looseDate(s: string | null | undefined): string | null {
  if (!s) return null;
  const t = s.trim();
  let m = /^D?:?(\d{4})(\d{2})(\d{2})/.exec(t);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/.exec(t);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  return null;
}

/** <meta> names that carry a page's publication time. */
export const META_DATE_NAMES = /^(?:.*publish.*|.*pub[-_]?(?:date|time).*|.*release[-_]?date.*|dc\.date(?:\.issued|\.created)?|dcterms\.(?:issued|created)|date|createdate)$/i;

/**
 * Give each report the page's publication time and choose the best date: the signature, else the
 * page time, else the file's metadata. A time printed between reports belongs to the next one; the
 * top and foot of a page, its tags and the file date count only for a page holding one report.
 */
export function applyPageDates(doc: DocumentText, norm: string, reports: Report[]): void {
  const found = labelledDates(norm);
  // A post header printed as the last line of one report belongs to the report after it.
  const owner = new Map<PageDate, number>();
  if (reports.length > 1) {
    for (const d of found) {
      const i = reports.findIndex((r) => d.range.start >= r.range.start && d.range.start < r.range.end);
      if (i >= 0 && i + 1 < reports.length && !norm.slice(d.range.end, reports[i]!.range.end).replace(/[^\n]*/, '').trim()) owner.set(d, i + 1);
    }
  }
  reports.forEach((r, i) => {
    const firstHead = Math.min(
      ...Object.values(r.sections)
        .filter((s) => s.heading)
        .map((s) => s.heading!.start),
      r.range.end,
    );
    const lastHeadEnd = Math.max(r.range.start, ...Object.values(r.sections).filter((s) => s.heading).map((s) => s.heading!.end));
    // On a page holding several reports, the top of the page and its footer belong to no one report:
    // only a time between two reports (the next one's post header) or inside a report counts.
    const single = reports.length === 1;
    const from = i === 0 ? (single ? 0 : (r.titleRange?.start ?? firstHead)) : reports[i - 1]!.range.end;
    const to = single || i + 1 === reports.length ? (single ? norm.length : r.range.end) : r.range.end;
    const own = found.filter((d) =>
      owner.has(d) ? owner.get(d) === i : (d.range.start >= from && d.range.start < firstHead) || (d.range.start >= lastHeadEnd && d.range.start < to),
    );
    // Else an unlabelled date on its own line in the report's header (between its title and first heading).
    if (!own.length) own.push(...headerDates(norm, single ? 0 : from, firstHead));
    // "（2024年1月15日）" under the title is the report's own date, like a 落款.
    const dated = own.find((d) => !d.label && /^[(（]\s*\d{4}\s*年[^)）]*日\s*[)）]$/.test(norm.slice(d.range.start, d.range.end).trim()));
    if (dated && !r.signedOn) {
      r.signedOn = dated.date;
      r.dateRange = dated.range;
      own.splice(own.indexOf(dated), 1);
    }
    let page: PageDate | null = own[0] ?? null;
    if (!page && single) page = found[0] ?? null;
    const tag = single ? doc.pageDates?.[0] : undefined;
    r.pageDate = page?.date ?? tag?.date ?? null;
    if (r.signedOn) {
      r.publishedOn = r.signedOn;
      r.publishedOnSource = 'signature';
    } else if (page) {
      r.publishedOn = page.date;
      r.publishedOnSource = 'page';
      r.dateRange = page.range;
    } else if (tag) {
      r.publishedOn = tag.date;
      r.publishedOnSource = 'page';
      r.dateRange = null;
    } else if (doc.fileDate && single) {
      r.publishedOn = doc.fileDate;
      r.publishedOnSource = 'metadata';
      r.dateRange = null;
    }
  });
}
