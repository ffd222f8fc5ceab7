// Bytes → string for text reports: BOMs, UTF-16 without BOM, strict UTF-8, else GB18030.
//
// Why not a statistical detector (jschardet, chardet)? Reports are Chinese, and the only encodings
// seen are UTF-8/UTF-16 and the GB family. A strict UTF-8 decode rejects GB bytes with near
// certainty (GB double-byte sequences are almost never valid UTF-8), and GB18030 is a superset of
// GBK and GB2312, so this two-step test is exact where detectors guess (they often call short GBK
// text "windows-1252" or "Big5"). TextDecoder does the decoding itself (WHATWG, ICU-backed).

export interface Decoded {
  text: string;
  encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';
}

export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  const utf16 = guessUtf16(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16 };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

/** UTF-16 without BOM: ASCII characters (newlines, digits) leave a zero byte in every pair. */
function guessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) zeroEven++;
    if (bytes[i + 1] === 0) zeroOdd++;
  }
  const pairs = n / 2;
  // CJK text in UTF-16 has few zero bytes, but line breaks and digits still give some; any
  // real UTF-8 or GB text has none at all.
  // (Some CJK code points, such as U+4E00, have a zero low byte too, so compare the two sides.)
  if (zeroOdd > pairs * 0.05 && zeroOdd > zeroEven * 3) return 'utf-16le';
  if (zeroEven > pairs * 0.05 && zeroEven > zeroOdd * 3) return 'utf-16be';
  return null;
}

/** Share of U+FFFD in a decoded string: a high share means the bytes were not text. */
export function replacementRatio(text: string): number {
  if (!text.length) return 0;
  let bad = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0xfffd) bad++;
  return bad / text.length;
}
