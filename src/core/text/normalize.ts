// Character normalisation for matching, one character for one, so offsets into the normalised
// string are offsets into the original text.

// CJK radical look-alikes that NFKC leaves alone (CJK Radicals Supplement) but PDFs emit.
const LOOKALIKES: Record<string, string> = {
  '⺠': '民', '⻓': '长', '⻛': '风', '⻔': '门', '⻢': '马', '⻬': '齐', '⻜': '飞', '⻝': '食',
  '⻘': '青', '⻩': '黄', '⻚': '页', '⻅': '见', '⻋': '车', '⻉': '贝', '⻆': '角', '⺟': '母',
  '⻄': '西', '⻙': '韦', '⻰': '龙', '⻳': '龟', '⺫': '目',
  '⺶': '羊', '⻊': '足', '⻈': '讠', '⻤': '鬼', '⺁': '厂', '⺇': '几', '⺈': '刀', '⺊': '卜',
  '⺌': '小', '⺕': '彐', '⺗': '心', '⺮': '竹', '⺼': '肉', '⻌': '辶', '⻏': '阝',
  '\u00a0': ' ', '\u2002': ' ', '\u2003': ' ', '\u2009': ' ', '\u200b': ' ', '\u3000': ' ',
  '\ufeff': ' ',
  '“': '"', '”': '"', '„': '"', '「': '"', '」': '"', '‘': "'", '’': "'",
  '—': '-', '–': '-', '―': '-', '－': '-', '─': '-',
  '〔': '[', '〕': ']', '【': '[', '】': ']',
};

const cache = new Map<string, string>();

export function normChar(c: string): string {
  const hit = cache.get(c);
  if (hit !== undefined) return hit;
  let out = LOOKALIKES[c];
  if (out === undefined) {
    const n = c.normalize('NFKC');
    out = n.length === 1 ? n : c;
    // NFKC turns some characters into their own look-alikes again.
    out = LOOKALIKES[out] ?? out;
  }
  cache.set(c, out);
  return out;
}

/**
 * Normalise for matching: NFKC per character (full-width digits and punctuation to ASCII,
 * Kangxi radicals to ideographs), quotes and dashes unified. Same length as the input.
 */
export function normalizeForMatch(text: string): string {
  let out = '';
  let changed = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const code = c.charCodeAt(0);
    // Fast path: ASCII other than controls stays.
    if (code < 0x80) {
      out += c;
      continue;
    }
    // Surrogate pairs stay as they are (two code units in, two out).
    if (code >= 0xd800 && code <= 0xdfff) {
      out += c;
      continue;
    }
    const n = normChar(c);
    if (n !== c) changed = true;
    out += n;
  }
  return changed ? out : text;
}

/** Compact form for comparing labels: normalised, no white space, no punctuation noise. */
export function compact(s: string): string {
  return normalizeForMatch(s)
    .replace(/[\s"'`*#|]/g, '')
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')');
}

/** A label for comparing with the official wording: compact, and without punctuation or
 * brackets, so that ，for 、, half- or full-width brackets and spaces are not a difference. */
export function labelKey(s: string): string {
  return compact(s).replace(/[、,，;；:：.．。!！?？\-_()（）\[\]【】<>《》〈〉"'“”‘’·•]/g, '');
}

const CN_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, O: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** Parse a Chinese numeral (一千二百三十四, 二〇二二, 十五) to a number; null if not one. */
export function parseChineseNumber(s: string): number | null {
  if (!s) return null;
  if (/^[零〇一二两三四五六七八九]+$/.test(s) && s.length >= 2 && !/[十百千万]/.test(s)) {
    // Digit by digit (二〇二二).
    let v = 0;
    for (const ch of s) v = v * 10 + CN_DIGITS[ch]!;
    return v;
  }
  let total = 0;
  let section = 0;
  let num = 0;
  let seen = false;
  for (const ch of s) {
    if (ch in CN_DIGITS) {
      num = CN_DIGITS[ch]!;
      seen = true;
    } else if (ch === '十' || ch === '百' || ch === '千') {
      const unit = ch === '十' ? 10 : ch === '百' ? 100 : 1000;
      section += (num || (ch === '十' ? 1 : 0)) * unit;
      num = 0;
      seen = true;
    } else if (ch === '万') {
      total += (section + num) * 10000;
      section = 0;
      num = 0;
      seen = true;
    } else if (ch === '亿') {
      total += (section + num) * 100000000;
      section = 0;
      num = 0;
      seen = true;
    } else {
      return null;
    }
  }
  return seen ? total + section + num : null;
}

/** Bigram Dice similarity of two strings (0..1). */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return a === b ? 1 : 0;
  const grams = new Map<string, number>();
  for (let i = 0; i < a.length - 1; i++) {
    const g = a.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  let hits = 0;
  for (let i = 0; i < b.length - 1; i++) {
    const g = b.slice(i, i + 2);
    const n = grams.get(g);
    if (n) {
      hits++;
      grams.set(g, n - 1);
    }
  }
  return (2 * hits) / (a.length - 1 + b.length - 1);
}

/** Replace CJK radical look-alikes (⾏ → 行) only; PDFs emit them from some fonts. */
export function fixLookalikes(text: string): string {
  return text.replace(/[\u2e80-\u2fdf]/g, (c) => normChar(c));
}
