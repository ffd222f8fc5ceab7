// What frames a report: site chrome, title lines, agency lines, date lines, where reports start and end.

import type { Range } from '../model.js';
import { lastStartingAtOrBefore, trimRange, type Line } from '../text/lines.js';
import { parseChineseNumber } from '../text/normalize.js';
import { cleanAgency } from '../agency.js';
import { isoDate } from './dates.js';
import type { Ctx } from './headings.js';

// ---- site chrome and titles --------------------------------------------------------------------

const CHROME_PREFIX = /^(字号[:：]?\s*)?大\s*中\s*小\s*/;
const CHROME_LINE =
  /^(字号[:：]?|【?(打印|关闭)(本页|窗口)?】?|扫码使用手机浏览本页内容|扫一扫在手机(上)?打开(当前页)?|分享到[:：]?.*|来源[:：].{0,30}|浏览次数[:：]?.*|访问量[:：]?.*|\[?(打印|关闭)\]?\s*\[?(关闭|打印)?\]?)$/;
const ATTACHMENT_LINE = /^.{2,120}\.(pdf|docx?|wps|xlsx?|ofd|et)$/i;

export function chromePrefixLen(ctx: Ctx, line: Line): number {
  const s = ctx.norm.slice(line.start, line.end);
  const t = s.trimStart();
  const m = CHROME_PREFIX.exec(t);
  return m ? s.length - t.length + m[0].length : 0;
}

export function isChromeLine(ctx: Ctx, line: Line): boolean {
  const t = ctx.norm.slice(line.start, line.end).trim();
  if (!t) return false;
  if (CHROME_LINE.test(t) || ATTACHMENT_LINE.test(t)) return true;
  return chromePrefixLen(ctx, line) > 0;
}

// A trailing note in brackets is not part of the title: "…年度报告（全文）", "…年度报告(2023)".
export const TITLE = /^(.*?)(\d{4})年(度)?(.*?)(政府信息公开|政务公开)(工作)?(年度)?(报告|年报)(?:[(（【][^)）】]{0,12}[)）】])?$/;

export interface TitleHit {
  line: number;
  agency: string;
  year: number;
  title: string;
  range: Range;
}

export function titleAt(ctx: Ctx, line: Line, minStart: number, maxLines = 1): TitleHit | null {
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

export function isAgencyLine(s: string): boolean {
  const t = cleanAgency(s) ?? '';
  return t.length >= 2 && t.length <= 40 && !/[，。,；;:：、]/.test(t) && AGENCY_LIKE.test(t) && !/\d/.test(t);
}

// ---- dates -------------------------------------------------------------------------------------

const DATE_LINE = /^(.{0,40}?)\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$/;
const DATE_LINE_CN = /^(.{0,40}?)\s*([〇零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日\s*$/;
const DATE_ISO = /^(.{0,40}?)\s*(\d{4})[-./](\d{1,2})[-./](\d{1,2})\s*$/;
const iso = isoDate;

export interface DateHit {
  date: string;
  range: Range;
  prefix: string;
  line: number;
}

export function dateOnLine(ctx: Ctx, line: Line): DateHit | null {
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
export function* linesOver(ctx: Ctx, r: Range): Generator<Line> {
  const ls = ctx.lines;
  let i = lastStartingAtOrBefore(ls, r.start);
  for (; i < ls.length; i++) {
    const l = ls[i]!;
    if (l.start >= r.end && !(l.start === r.end && r.start === r.end)) break;
    if (l.end > r.start || (l.start <= r.start && l.end >= r.start)) yield l;
  }
}

export function hasTitleBetween(ctx: Ctx, a: number, b: number): boolean {
  for (let i = a + 1; i < b; i++) {
    const l = ctx.lines[i]!;
    if (titleAt(ctx, l, l.start) || isChromeLine(ctx, l)) return true;
  }
  return false;
}

/** Where a report starts, and where the one before it ends. */
export function boundary(ctx: Ctx, prevLast: number, firstHeading: number, first: boolean): { start: number; prevEnd: number } {
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
export function trailingEnd(ctx: Ctx, lastHeading: number): number {
  for (let i = lastHeading + 1; i < ctx.lines.length; i++) {
    if (isChromeLine(ctx, ctx.lines[i]!)) return ctx.lines[i]!.start;
  }
  return ctx.text.length;
}
