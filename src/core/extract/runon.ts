// Text with no line breaks: page text saved by a browser or crawler can hold a whole report (or
// several) on one or a few lines. Long lines are cut into virtual lines, at token boundaries, where
// a line break plainly stood: before headings and sub-heads, before a table row's label after the
// previous row's numbers, after a sentence end. Offsets stay those of the source text; one pass
// over each long line (linear time).

import type { Line } from '../text/lines.js';
import { PROACTIVE_ROWS } from '../schema.js';

/** Lines at least this long are looked into. */
export const RUNON_MIN = 300;

const ROW_LABELS = new Set(PROACTIVE_ROWS.flatMap((d) => d.labels));
const NUMERIC = /^[+-]?[\d,]+(\.\d+)?(万元|元)?$|^[-/—－／\\]+$|^无$/;
const HEADING = /^[一二三四五六七八九十][、.,．，]/;
const SUBHEAD = /^[（(][一二三四五六七八九十]{1,3}[）)]/;
const ITEM = /^\d{1,2}[.、．][^\d\s]/;
const TITLE = /^\S{0,60}?\d{4}年度?\S{0,30}?(政府信息公开|政务公开)(工作)?(年度)?(报告|年报)$/;
/** The end of a title written with spaces ("淮安市洪泽区人民政府 2024 年政府信息公开工作年度报告"). */
const TITLE_END = /年度?\S{0,20}?(政府信息公开|政务公开)(工作)?(年度)?(报告|年报)$/;
const STARTS_TABLE = /^(第二十条|信息内容)/;
const DATE = /^\d{4}年\d{1,2}月\d{1,2}日$/;
const CHROME = /^(扫码|字号|【?打印|【?关闭|分享到)|\.(pdf|docx?|wps|xlsx?|ofd)$/i;
const FILE = /\.(pdf|docx?|wps|xlsx?|ofd)$/i;
/** A section heading after other text on the same line. */
const MIDLINE_HEADING = /\S\s+[二三四五六][、.．,，](主动公开政府信息|收到和处理政府信息公开申请|政府信息公开行政复议|存在的主要问题|其他需要报告的事项)/;
/** A row's last value with the next heading glued to it ("0四、政府信息公开……"): cut inside, not before. */
const GLUED_VALUE = /^[+-]?[\d,]+(\.\d+)?(万元|元)?[一二三四五六][、.．]/;
/** A table row with its cells glued to its label ("1.属于国家秘密4017813"): the next item starts a row. */
const GLUED_ROW = /[\u4e00-\u9fff”"’)）]\d+$/;
/** A unit after a number belongs to the number ("17 件"). */
const UNIT = /^[件个条项次人年月日万元%％]/;
/** Inside a token: a sentence end followed at once by a heading or a sub-head. */
const INNER = new RegExp(
  [
    '[。；;：:](?=[一二三四五六][、.．]|[（(][一二三四五六七八九十]{1,2}[）)])',
    // A table's last value glued to the next section heading: "5723.46万元三、收到和处理……".
    '(?<=[\\d元])(?=[一二三四五六][、.．](?:总体情况|主动公开|收到和处理|政府信息公开|因政府信息公开|存在的?主要问题|其他需要报告))',
    // A title glued to the page's date line: "……年度报告发布时间：2020-01-21".
    '(?<=报告)(?=(?:发布时间|发布日期|发布机构|信息来源|来源|时间)[:：])',
    // A page counter glued to the first sentence: "浏览次数：311本报告依据……".
    '(?<=\\d)(?=本报告|根据《)',
    // The 落款 glued to the last sentence: "……无。建德市财政局2020年1月20日".
    '(?<=[。；;])(?=[^。；;]{2,40}?\\d{4}年\\d{1,2}月\\d{1,2}日$)',
  ].join('|'),
  'g',
);

function isSpaceCode(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0 || c === 0x3000 || c === 0xfeff || c === 0x200b;
}

/** Break offsets inside one long line. */
function breaksIn(norm: string, start: number, end: number): number[] {
  const out: number[] = [];
  let prev = '';
  let prev2 = '';
  let inRule = false;
  let i = start;
  while (i < end) {
    while (i < end && isSpaceCode(norm.charCodeAt(i))) i++;
    if (i >= end) break;
    let j = i;
    while (j < end && !isSpaceCode(norm.charCodeAt(j))) j++;
    const tok = norm.slice(i, j);
    // Cell separators of a pipe table are not tokens; a markdown rule (| --- | --- |) is a line of its own.
    if (/^\|+$/.test(tok)) {
      i = j;
      continue;
    }
    const rule = /^:?-{3,}:?$/.test(tok);
    if (rule !== inRule && prev) out.push(i);
    inRule = rule;
    if (rule) {
      i = j;
      continue;
    }
    if (prev) {
      const prevNum = NUMERIC.test(prev);
      const label = ROW_LABELS.has(tok) || ROW_LABELS.has(tok.replace(/\d+$/, ''));
      let cut = false;
      if (HEADING.test(tok) || SUBHEAD.test(tok) || STARTS_TABLE.test(tok) || TITLE.test(tok)) cut = true;
      else if (/[。！？!?]$/.test(prev) || TITLE.test(prev) || TITLE_END.test(prev)) cut = true;
      else if (/^\d{1,2}[.、．]$/.test(tok) && !/[第]$/.test(prev)) cut = true;
      else if (ITEM.test(tok) && (prevNum || GLUED_ROW.test(prev) || /^[（(][三四五六][）)]/.test(prev) || /(公开|提供|处理)$/.test(prev))) cut = true;
      else if (prevNum && label) cut = true;
      else if (prevNum && NUMERIC.test(prev2) && !NUMERIC.test(tok) && !UNIT.test(tok) && !GLUED_VALUE.test(tok)) cut = true;
      else if (label && !prevNum) cut = true;
      // Table 四: its header ends with 总计, then come the numbers.
      else if (/^(总计|审结|尚未审结)$|尚未审结总计$/.test(prev) && NUMERIC.test(tok)) cut = true;
      else if (DATE.test(prev) || CHROME.test(tok) || FILE.test(prev) || /^扫码/.test(prev)) cut = true;
      if (cut) out.push(i);
    }
    // Sentence end glued to the next heading: "……工作。二、主动公开政府信息情况".
    if (j - i > 2) {
      INNER.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = INNER.exec(tok))) {
        if (m[0] === '') {
          // A zero-width boundary (lookarounds): cut here and step on.
          if (m.index > 0) out.push(i + m.index);
          INNER.lastIndex++;
        } else out.push(i + m.index + 1);
      }
    }
    prev2 = prev;
    prev = tok;
    i = j;
  }
  return out.sort((a, b) => a - b);
}

/** Lines with long run-on lines cut into virtual lines; indexes renumbered. Unchanged when no line
 * is long. */
export function splitRunOn(norm: string, lines: Line[]): Line[] {
  const long = (l: Line) => l.end - l.start >= RUNON_MIN || (l.end - l.start >= 40 && MIDLINE_HEADING.test(norm.slice(l.start, l.end)));
  if (!lines.some(long)) return lines;
  const out: Line[] = [];
  for (const l of lines) {
    if (!long(l)) {
      out.push({ index: out.length, start: l.start, end: l.end });
      continue;
    }
    let s = l.start;
    for (const b of breaksIn(norm, l.start, l.end)) {
      if (b <= s) continue;
      out.push({ index: out.length, start: s, end: b, runOn: true });
      s = b;
    }
    out.push({ index: out.length, start: s, end: l.end, runOn: true });
  }
  return out;
}
