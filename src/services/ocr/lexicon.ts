// Table labels are a closed vocabulary (the official row and column labels): an OCR reading of a
// table cell close to one of them is snapped to it, so a misread character in a label does not
// lose the row. Readings far from every label are kept as read.
import { CATEGORY_LABELS, PROACTIVE_COL_LABELS, PROACTIVE_ROW_LABELS, REQUEST_COL_LABELS, REQUEST_ROWS, REVIEW_COL_LABELS } from '../../core/schema.js';

const EXTRA = ['三、本年度办理结果', '申请人情况', '法人或其他组织', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '行政复议', '行政诉讼', '未经复议直接起诉', '复议后起诉', '信息内容'];

let words: string[] | null = null;
function vocabulary(): string[] {
  words ??= [
    ...new Set([
      ...REQUEST_ROWS.map((r) => r.label),
      ...Object.values(CATEGORY_LABELS),
      ...Object.values(REQUEST_COL_LABELS),
      ...Object.values(REVIEW_COL_LABELS),
      ...Object.values(PROACTIVE_COL_LABELS),
      ...Object.values(PROACTIVE_ROW_LABELS['2019']),
      ...Object.values(PROACTIVE_ROW_LABELS['2021']),
      ...EXTRA,
    ]),
  ].filter((w) => w.length >= 2);
  return words;
}

/** Tesseract writes ASCII punctuation in Chinese text: compare in the official full-width forms. */
const norm = (s: string) => s.replace(/\(/g, '（').replace(/\)/g, '）').replace(/[〈《]/g, '（').replace(/[〉》]/g, '）').replace(/[,]/g, '，').replace(/["＂]/g, '”').replace(/\s+/g, '');

function lev(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[n]!;
}

/** The official label a table-cell reading stands for, or null when none is close. */
export function snapLabel(text: string): string | null {
  const t = norm(text);
  if (t.length < 2 || /^\d+$/.test(t)) return null;
  let best: string | null = null;
  let bestScore = 0;
  let second = 0;
  for (const w of vocabulary()) {
    if (Math.abs(w.length - t.length) > Math.max(2, w.length * 0.4)) continue;
    const score = 1 - lev(t, w) / Math.max(t.length, w.length);
    if (score > bestScore) {
      second = bestScore;
      bestScore = score;
      best = w;
    } else if (score > second) second = score;
  }
  // Short labels need a closer match (two characters of four wrong is another word), and a
  // reading about as close to two labels is left alone.
  const need = best && best.length <= 4 ? 0.74 : 0.55;
  return best && bestScore >= need && bestScore - second >= 0.1 ? best : null;
}
