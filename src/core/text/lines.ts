import type { Range } from '../model.js';

export interface Line extends Range {
  /** Index of the line in the document. */
  index: number;
  /** A virtual line cut out of a run-on line (text with no line breaks). */
  runOn?: boolean;
}

/** Lines of a text, without their line breaks (\n, \r\n, \r). */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  let index = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      lines.push({ start, end: i, index: index++ });
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  lines.push({ start, end: text.length, index });
  return lines;
}

/** Index of the last range that starts at or before offset (binary search over sorted ranges). */
export function lastStartingAtOrBefore(ranges: readonly Range[], offset: number): number {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ranges[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Trim white space of a range of `s`, returning the trimmed range. */
export function trimRange(s: string, start: number, end: number): Range {
  while (start < end && isSpace(s.charCodeAt(start))) start++;
  while (end > start && isSpace(s.charCodeAt(end - 1))) end--;
  return { start, end };
}

export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x3000 || c === 0xfeff || c === 0x200b;
}

/** A string with white space removed and a map from its indexes back to the source. */
export interface Compacted {
  s: string;
  map: number[];
}

export function compactWithMap(src: string, start: number, end: number): Compacted {
  let s = '';
  const map: number[] = [];
  for (let i = start; i < end; i++) {
    if (isSpace(src.charCodeAt(i))) continue;
    s += src[i];
    map.push(i);
  }
  map.push(end);
  return { s, map };
}
