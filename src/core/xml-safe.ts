// Characters XML 1.0 forbids (C0 controls other than tab/newline/return, U+FFFE, U+FFFF, lone
// surrogates) make an .xlsx or .docx unreadable. They are removed wherever text enters (typed, imported)
// and again where it leaves (export).

// With the `u` flag, [\uD800-\uDFFF] matches only surrogates that are not part of a pair.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/gu;

/** Does the text hold a character XML 1.0 forbids? */
export function hasXmlForbidden(s: string): boolean {
  FORBIDDEN.lastIndex = 0;
  const r = FORBIDDEN.test(s);
  FORBIDDEN.lastIndex = 0;
  return r;
}

/** The text without characters XML 1.0 forbids. */
export function xmlSafe(s: string): string {
  return s.replace(FORBIDDEN, '');
}

/** A value with every string inside (object values and keys, array items) made XML-safe. */
export function xmlSafeDeep<T>(v: T): T {
  if (typeof v === 'string') return xmlSafe(v) as T;
  if (Array.isArray(v)) return v.map((x) => xmlSafeDeep(x)) as T;
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[xmlSafe(k)] = xmlSafeDeep(x);
    return out as T;
  }
  return v;
}
