// Turn a region of text into table rows of fields, whatever the layout: tab-separated,
// pipe-separated, markdown, one cell per line (rows separated by empty lines), or one cell per line
// with nothing between rows (a DOCX table copied as text: a label line, then its values, one a line).

import type { Range } from '../model.js';
import type { Line } from '../text/lines.js';
import { trimRange } from '../text/lines.js';

export interface Field extends Range {
  raw: string;
}

export interface Row {
  fields: Field[];
  /** Range of the source lines. */
  range: Range;
  line: number;
}

export type Layout = 'tab' | 'pipe' | 'markdown' | 'cell-per-line' | 'cell-run' | 'plain';

/** A line holding one bare value: a count, an amount, or a not-applicable mark. */
const ONE_VALUE = /^(?:[-+−]?[\d０-９][\d０-９,，.．]*(?:万元|元)?|[/／—–-]+)$/;

function splitLine(text: string, line: Line, sep: string, markdown = false): Field[] {
  let s = line.start;
  let e = line.end;
  if (sep === '|') {
    // Markdown-style borders: "| a | b |".
    // Markdown borders "| a | b |" are stripped only in a markdown table; in a plain pipe layout
    // a leading or final "|" delimits an empty cell ("a | b | ").
    const t = trimRange(text, s, e);
    if (markdown && text[t.start] === '|') {
      s = t.start + 1;
      if (t.end > s && text[t.end - 1] === '|') e = t.end - 1;
    }
  }
  const fields: Field[] = [];
  let fs = s;
  for (let i = s; i <= e; i++) {
    if (i === e || text[i] === sep) {
      const r = trimRange(text, fs, i);
      fields.push({ start: r.start, end: r.end, raw: text.slice(r.start, r.end) });
      fs = i + 1;
    }
  }
  return fields;
}

function count(text: string, line: Line, ch: string): number {
  let n = 0;
  for (let i = line.start; i < line.end; i++) if (text[i] === ch) n++;
  return n;
}

/** A markdown rule line ("| --- | :--: |"), also with empty cells left by run-on text ("--- | --- | | "). */
const MD_SEPARATOR = /^[\s|:]*-{2,}[\s|:-]*$/;

/** Decide the table layout used by lines of a region. */
export function detectLayout(text: string, lines: Line[]): Layout {
  let tabRows = 0;
  let pipeRows = 0;
  let tabLead = 0;
  let bordered = 0;
  let oneValue = 0;
  let manyValues = 0;
  for (const l of lines) {
    const t = text.slice(l.start, l.end).trim();
    if (ONE_VALUE.test(t)) oneValue++;
    else if (/[\d０-９]\s+[\d０-９]/.test(t)) manyValues++;
    const tabs = count(text, l, '\t');
    const pipes = count(text, l, '|');
    if (pipes >= 2) {
      pipeRows++;
      const t = text.slice(l.start, l.end).trim();
      if (t.startsWith('|') && t.endsWith('|')) bordered++;
    }
    if (tabs >= 1) {
      const nonEmpty = splitLine(text, l, '\t').filter((f) => f.raw !== '').length;
      if (nonEmpty >= 2) tabRows++;
      else if (text[l.start] === '\t') tabLead++;
    }
  }
  if (pipeRows >= 3 && pipeRows >= tabRows) return bordered >= pipeRows * 0.6 ? 'markdown' : 'pipe';
  if (tabRows >= 3) return 'tab';
  if (tabLead >= 5) return 'cell-per-line';
  // Values one a line, rows not separated: each value line belongs to the label line above it.
  if (pipeRows === 0 && tabRows === 0 && oneValue >= 6 && oneValue >= 5 * manyValues) return 'cell-run';
  if (pipeRows > 0) return bordered >= pipeRows * 0.6 ? 'markdown' : 'pipe';
  return 'plain';
}

/** Rows of a region. In 'plain' layout each non-empty line is a row of white-space-separated fields. */
export function rowsOf(text: string, lines: Line[], layout: Layout): Row[] {
  const rows: Row[] = [];
  if (layout === 'cell-per-line') {
    let cur: Field[] = [];
    let first = -1;
    let startLine: Line | null = null;
    let lastLine: Line | null = null;
    const flush = () => {
      if (cur.length && startLine && lastLine) {
        rows.push({ fields: cur, range: { start: startLine.start, end: lastLine.end }, line: first });
      }
      cur = [];
      startLine = null;
    };
    for (const l of lines) {
      if (l.end === l.start) {
        flush();
        continue;
      }
      const r = trimRange(text, l.start, l.end);
      if (r.start === r.end && text[l.start] !== '\t') {
        // White space without a leading tab: treat as a separator too.
        flush();
        continue;
      }
      if (!startLine) {
        startLine = l;
        first = l.index;
      }
      lastLine = l;
      cur.push({ start: r.start, end: r.end, raw: text.slice(r.start, r.end) });
    }
    flush();
    return rows;
  }
  if (layout === 'cell-run') {
    for (const l of lines) {
      const r = trimRange(text, l.start, l.end);
      if (r.start === r.end) continue;
      const field = { start: r.start, end: r.end, raw: text.slice(r.start, r.end) };
      const last = rows[rows.length - 1];
      if (last && ONE_VALUE.test(field.raw)) {
        last.fields.push(field);
        last.range = { start: last.range.start, end: l.end };
      } else rows.push({ fields: [field], range: { start: l.start, end: l.end }, line: l.index });
    }
    return rows;
  }
  for (const l of lines) {
    const r = trimRange(text, l.start, l.end);
    if (r.start === r.end) continue;
    let fields: Field[];
    if ((layout === 'pipe' || layout === 'markdown') && count(text, l, '|') >= 1) {
      if (MD_SEPARATOR.test(text.slice(l.start, l.end))) continue;
      fields = splitLine(text, l, '|', layout === 'markdown');
    } else if (layout !== 'plain' && count(text, l, '\t') >= 1) {
      fields = splitLine(text, l, '\t');
    } else {
      fields = splitWhite(text, r);
    }
    rows.push({ fields, range: { start: l.start, end: l.end }, line: l.index });
  }
  return rows;
}

/** Split on runs of white space (for plain text and PDF-like lines). */
function splitWhite(text: string, r: Range): Field[] {
  const out: Field[] = [];
  const re = /[^\s\u3000]+/g;
  re.lastIndex = 0;
  const s = text.slice(r.start, r.end);
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    out.push({ start: r.start + m.index, end: r.start + m.index + m[0].length, raw: m[0] });
  }
  return out;
}
