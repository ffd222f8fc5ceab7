// Content rules: R-OTHER-FEES and R-TEXT-TABLE (numbers stated in the prose vs the tables).

import type { Cell, Evidence, Range, Report } from '../model.js';
import { REVIEW_COL_LABELS } from '../schema.js';
import { classifyAgency } from '../agency.js';
import { parseChineseNumber } from '../text/normalize.js';
import { compactWithMap } from '../text/lines.js';
import { arith, isBlank, type Sink } from './sink.js';

export interface TextContext {
  text: string;
  norm: string;
  /** Per-agency type overrides (settings), to tell a government's own report. */
  agencyTypes?: Record<string, 'government' | 'department'>;
}

export function feeRule(r: Report, sink: Sink, ctx: TextContext): void {
  const other = r.sections.other;
  const modern = (r.year !== null && r.year >= 2021) || (r.year === null && r.format === '2021');
  if (!modern || !other.present || !other.range) return;
  const body = ctx.norm.slice(other.range.start, other.range.end);
  if (/信息处理费|处理费|收费|收取[^。]{0,8}费/.test(body)) return;
  const bare = body.replace(/\s/g, '');
  sink.add({
    rule: 'R-OTHER-FEES',
    section: 'other',
    message: bare.length <= 12 ? `第六部分仅写“${bare}”，未说明信息处理费收取情况` : '第六部分未说明信息处理费收取情况',
    evidence: other.heading ? [{ role: 'section', range: { start: other.heading.start, end: other.range.end } }] : [],
  });
}

// ---- R-TEXT-TABLE -----------------------------------------------------------------------------

interface Quantity {
  /** Value from the table, null when the rows are blank or absent. */
  value: number | null;
  words: string;
  cells: { cell: Cell; role: Evidence['role'] }[];
}

// A number starts where its run starts (the look-behinds keep every pattern linear on long runs).
const NUM = '((?<!\\d|\\d,)\\d[\\d,]*|(?<![零〇一二两三四五六七八九十百千万])[零〇一二两三四五六七八九十百千万]+)';

interface Pattern {
  re: RegExp;
  /** Quantities the stated number may equal (any one matching is consistent). */
  q: string[];
}

const PATTERNS: Pattern[] = [
  { re: new RegExp(`(?:收到|受理|接收|接到|收办)了?[^，。；,;]{0,14}?申请[^，。；,;\\d]{0,4}?(?:共|合计|共计)?${NUM}件`), q: ['received', 'received+carried_in'] },
  { re: new RegExp(`(?:收到|受理|接收|接到|收办)了?(?:共|合计|共计)?${NUM}件[^，。；,;]{0,12}申请`), q: ['received', 'received+carried_in'] },
  { re: new RegExp(`(?:答复|办结|办理完毕)[^，。；,;\\d(（]{0,12}?申请${NUM}件`), q: ['total'] },
  // "答复3050件": not a 复议/诉讼 reply, nor replies to 建议/提案/留言/咨询.
  { re: new RegExp(`(?<!复议|诉讼|建议|提案|留言|咨询|信访)(?:答复|办结|办理完毕)了?(?:申请)?(?:共|合计|共计)?${NUM}件`), q: ['total'] },
  { re: new RegExp(`予以公开(?:及|和|与|、)部分公开${NUM}件`), q: ['granted+partial'] },
  { re: new RegExp(`(?<![不及和与、])予以公开${NUM}件`), q: ['granted'] },
  { re: new RegExp(`(?<![及和与、])部分公开${NUM}件`), q: ['partial'] },
  { re: new RegExp(`不予公开${NUM}件`), q: ['denied'] },
  { re: new RegExp(`无法提供${NUM}件`), q: ['unable'] },
  { re: new RegExp(`不予处理${NUM}件`), q: ['not_processed'] },
  { re: new RegExp(`其他处理${NUM}件`), q: ['other'] },
  { re: new RegExp(`(?:结转|转入?|顺延)(?:到|至)?下一?年度[^，。；,;\\d]{0,6}?${NUM}件`), q: ['carried_out'] },
  { re: new RegExp(`${NUM}件[^，。；,;\\d]{0,16}?(?:结转|顺延|转)(?:到|至)?下一?年度`), q: ['carried_out'] },
  { re: new RegExp(`上一?年度?结转[^，。；,;\\d]{0,6}?${NUM}件`), q: ['carried_in'] },
  { re: new RegExp(`行政复议(?:案件)?(?:共)?${NUM}件`), q: ['review'] },
  { re: new RegExp(`(?:行政)?诉讼(?:案件)?(?:共)?${NUM}件`), q: ['litigation'] },
];

const SKIP_BEFORE = /其中|较上年|较去年|同比|增长|下降|减少|增加|比上年|占比|占/;
/** A sub-count after 其中 that names its row ("其中予以公开12件") is compared with that row only. */
const NAMED_ROW_QS = new Set(['granted', 'partial', 'granted+partial', 'denied', 'unable', 'not_processed', 'other']);
/** Row names before a reply count ("部分公开答复0件"): the count is that row's, not （七）总计. */
const ROW_NAMES: [RegExp, string][] = [
  [/(?<![不及和与、])予以公开/, 'granted'],
  [/部分公开/, 'partial'],
  [/不予公开/, 'denied'],
  [/无法提供/, 'unable'],
  [/不予处理/, 'not_processed'],
  [/其他处理/, 'other'],
];
const NEEDS_REVIEW = /备案|全市|全区|全县|全省|全州|全旗|本行政区域|各级|各地|全系统|各部门|所属单位/;
/** In a government's own report, the whole area (全市/全区/全县 …) is what its tables count. */
const NEEDS_REVIEW_GOV = /备案|全省|各级|各地|全系统|各部门|所属单位/;
/** Quantities that are a report's main figures: a number in parentheses or after 含/其中/包括 is never one. */
const MAIN_FIGURES = new Set(['received', 'received+carried_in', 'total']);
/** Canonical row key (or row group) a quantity speaks of. */
const ROW_OF: Record<string, string> = {
  received: 'received',
  'received+carried_in': 'received',
  carried_in: 'carried_in',
  total: 'total',
  granted: 'granted',
  partial: 'partial',
  'granted+partial': 'granted',
  denied: 'denied',
  unable: 'unable',
  not_processed: 'not_processed',
  other: 'other',
  carried_out: 'carried_out',
  review: 'review',
  litigation: 'litigation',
};

/** Is offset i of s inside parentheses, or after 含/其中/包括 in its clause? */
// Bracket depth before each position of the last sentence asked about (one pass per sentence, so
// many numbers in one long sentence stay linear).
let depthOf: { s: string; d: Uint16Array } | null = null;
function subCount(s: string, i: number): boolean {
  if (depthOf?.s !== s) {
    const d = new Uint16Array(s.length + 1);
    for (let k = 0, depth = 0; k < s.length; k++) {
      const c = s[k];
      if (c === '(' || c === '（') depth = Math.min(depth + 1, 65_535);
      else if ((c === ')' || c === '）') && depth > 0) depth--;
      d[k + 1] = depth;
    }
    depthOf = { s, d };
  }
  if (depthOf.d[i]! > 0) return true;
  const from = Math.max(0, i - 80);
  const win = s.slice(from, i);
  const cut = Math.max(win.lastIndexOf('，'), win.lastIndexOf(','), win.lastIndexOf('、'));
  const clause = cut >= 0 ? win.slice(cut + 1) : win;
  return /(?:含|其中|包括)/.test(clause);
}

function parseNum(s: string): number | null {
  if (/^\d/.test(s)) return Number(s.replace(/,/g, ''));
  return parseChineseNumber(s);
}

function quantities(r: Report): Record<string, Quantity> {
  const t3 = r.tables.requests;
  const t4 = r.tables.reviews;
  const rowQ = (keys: string[], words: string): Quantity => {
    let value = 0;
    let any = false;
    const cells: Quantity['cells'] = [];
    for (const k of keys) {
      const row = t3.rows[k];
      if (!row) continue;
      const total = row.cells.total;
      if (total && !isBlank(total) && total.kind !== 'text') {
        value += total.value ?? 0;
        any = true;
        cells.push({ cell: total, role: 'total' });
      } else {
        const parts = Object.entries(row.cells).filter(([c]) => c !== 'total').map(([, c]) => c);
        const filled = parts.filter((c) => !isBlank(c) && c.kind !== 'text');
        if (filled.length) {
          any = true;
          for (const c of filled) {
            value += arith(c);
            cells.push({ cell: c, role: 'part' });
          }
        }
      }
    }
    return { value: any ? value : null, words, cells };
  };
  const prefix = (p: string) => t3.rowOrder.filter((k) => k.startsWith(p));
  const reviewQ = (groups: string[], words: string): Quantity => {
    let value = 0;
    let any = false;
    const cells: Quantity['cells'] = [];
    for (const g of groups) {
      const c = t4.rows[g]?.cells.total;
      if (c && !isBlank(c) && c.kind !== 'text') {
        value += c.value ?? 0;
        any = true;
        cells.push({ cell: c, role: 'total' });
      }
    }
    return { value: any ? value : null, words, cells };
  };
  const otherKeys = t3.rowOrder.filter((k) => k === 'other' || k.startsWith('other.'));
  return {
    received: rowQ(['received'], '表三 一、本年新收'),
    'received+carried_in': rowQ(['received', 'carried_in'], '表三 一、本年新收 + 二、上年结转'),
    carried_in: rowQ(['carried_in'], '表三 二、上年结转'),
    total: rowQ(['total'], '表三 （七）总计'),
    granted: rowQ(['granted'], '表三 （一）予以公开'),
    partial: rowQ(['partial'], '表三 （二）部分公开'),
    'granted+partial': rowQ(['granted', 'partial'], '表三 （一）予以公开 + （二）部分公开'),
    denied: rowQ(prefix('denied.'), '表三 （三）不予公开各项之和'),
    unable: rowQ(prefix('unable.'), '表三 （四）无法提供各项之和'),
    not_processed: rowQ(prefix('not_processed.'), '表三 （五）不予处理各项之和'),
    other: rowQ(otherKeys, '表三 （六）其他处理'),
    carried_out: rowQ(['carried_out'], '表三 四、结转下年度继续办理'),
    review: reviewQ(['review'], '表四 行政复议总计'),
    litigation: reviewQ(['litigation_direct', 'litigation_after_review'], '表四 行政诉讼总计'),
  };
}

interface Sentence extends Range {
  /** The sentence without white space (PDF lines break inside sentences), and offsets back. */
  s: string;
  map: number[];
}

const NEW_PART = /^\s*([(（][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|\d+[、.．])/;

/** Sentences end at 。；！？, at an empty line, and where a numbered part starts on a new line. */
function sentences(norm: string, range: Range, exclude: Range[]): Sentence[] {
  const out: Sentence[] = [];
  let start = range.start;
  const push = (end: number) => {
    if (end > start && !exclude.some((x) => start < x.end && end > x.start)) {
      const c = compactWithMap(norm, start, end);
      if (c.s) out.push({ start, end, s: c.s, map: c.map });
    }
    start = end + 1;
  };
  for (let i = range.start; i < range.end; i++) {
    const c = norm[i]!;
    if (c === '。' || c === ';' || c === '；' || c === '!' || c === '?' || c === '！' || c === '？') push(i);
    else if (c === '\n') {
      const rest = norm.slice(i + 1, Math.min(range.end, i + 12));
      if (/^\s*\n/.test(rest) || NEW_PART.test(rest) || /^\s*$/.test(norm.slice(start, i))) push(i);
    }
  }
  push(range.end);
  return out;
}

const CLAUSE_MAX = 80;
const claimedAt = (claimed: Uint8Array, from: number, to: number) => {
  for (let k = from; k < to; k++) if (claimed[k]) return true;
  return false;
};

export function textTableRule(r: Report, sink: Sink, ctx: TextContext): void {
  if (!sink.enabled('R-TEXT-TABLE')) return;
  const q = quantities(r);
  const tables = [r.tables.proactive.range, r.tables.requests.range, r.tables.reviews.range].filter((x): x is Range => !!x);
  const seen = new Set<string>();
  const own = classifyAgency(r.agency, ctx.agencyTypes).kind === 'government';
  for (const sen of sentences(ctx.norm, r.range, tables)) {
    const review = (own ? NEEDS_REVIEW_GOV : NEEDS_REVIEW).test(sen.s);
    const claimed = new Uint8Array(sen.s.length);
    for (const p of PATTERNS) {
      const re = new RegExp(p.re.source, 'g');
      let m: RegExpExecArray | null;
      while ((m = re.exec(sen.s))) {
        const at = sen.map[m.index]!;
        const end = sen.map[m.index + m[0].length - 1]! + 1;
        if (claimedAt(claimed, m.index, m.index + m[0].length)) continue;
        // The clause before the number (looked for within CLAUSE_MAX characters, so long runs stay linear).
        const from = Math.max(0, m.index - CLAUSE_MAX);
        const win = sen.s.slice(from, m.index);
        const cut = Math.max(win.lastIndexOf('，'), win.lastIndexOf(','), win.lastIndexOf('（'), win.lastIndexOf('('));
        const clauseStart = cut >= 0 ? from + cut : from - 1;
        const clause = sen.s.slice(clauseStart + 1, m.index + m[0].length - m[1]!.length - 1);
        let qs = p.q;
        // "部分公开答复0件": a reply count of the row named just before it.
        if (qs.includes('total')) {
          const named = ROW_NAMES.filter(([re]) => re.test(clause + m![0].slice(0, m![0].length - m![1]!.length)));
          if (named.length > 1) continue; // several rows named: whose count it is is unclear
          if (named.length === 1) qs = [named[0]![1]];
        }
        if (SKIP_BEFORE.test(clause) && !(qs.every((k) => NAMED_ROW_QS.has(k)) && /其中/.test(clause) && !/较上年|较去年|同比|增长|下降|减少|增加|比上年|占比|占/.test(clause))) continue;
        const stated = parseNum(m[1]!);
        if (stated === null) continue;
        const numAt = m.index + m[0].lastIndexOf(m[1]!);
        if (qs.some((k) => MAIN_FIGURES.has(k)) && subCount(sen.s, numAt)) continue;
        claimed.fill(1, m.index, m.index + m[0].length);
        const cands = qs.map((k) => q[k]!).filter((x) => x.value !== null);
        if (!cands.length) continue; // nothing in the table to compare with
        if (cands.some((x) => x.value === stated)) continue;
        const main = cands[0]!;
        const key = `${qs[0]}:${stated}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const quote = ctx.text.slice(at, end).replace(/\s+/g, '');
        sink.add({
          rule: 'R-TEXT-TABLE',
          severity: review ? 'info' : 'warning',
          needsReview: review || undefined,
          table: qs[0] === 'review' || qs[0] === 'litigation' ? 'reviews' : 'requests',
          row: ROW_OF[qs[0]!],
          key: String(stated),
          expected: main.value!,
          actual: stated,
          message: `正文“${quote}”与${main.words}（${main.value}）不符${review ? '（口径可能不同，需复核）' : ''}`,
          evidence: [{ role: 'text', range: { start: at, end } }, ...main.cells.map((c) => ({ role: c.role, range: c.cell.range }))],
        });
      }
    }
    // 均获维持: no corrected / other / pending results in the groups the sentence speaks of.
    const upheld = /(均|全部|都)(获|被|予以|得到)?维持/.exec(sen.s);
    if (upheld) {
      const groups: string[] = [];
      if (/复议/.test(sen.s)) groups.push('review');
      if (/诉讼/.test(sen.s)) groups.push('litigation_direct', 'litigation_after_review');
      const bad: { g: string; col: string; cell: Cell }[] = [];
      for (const g of groups) {
        const row = r.tables.reviews.rows[g];
        if (!row) continue;
        for (const col of ['corrected', 'other', 'pending']) {
          const c = row.cells[col];
          if (c && c.value !== null && c.value > 0) bad.push({ g, col, cell: c });
        }
      }
      if (bad.length) {
        const at = sen.map[upheld.index]!;
        const upEnd = sen.map[upheld.index + upheld[0].length - 1]! + 1;
        const words = bad.map((b) => `${b.g === 'review' ? '行政复议' : b.g === 'litigation_direct' ? '直接起诉' : '复议后起诉'}${REVIEW_COL_LABELS[b.col]} ${b.cell.value}`).join('、');
        sink.add({
          rule: 'R-TEXT-TABLE',
          table: 'reviews',
          row: bad[0]!.g,
          key: 'upheld',
          message: `正文称“${ctx.text.slice(at, upEnd)}”，但表四有 ${words}`,
          evidence: [{ role: 'text', range: { start: at, end: upEnd } }, ...bad.map((b) => ({ role: 'part' as const, range: b.cell.range }))],
        });
      }
    }
  }
}
