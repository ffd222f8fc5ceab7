// Hostile and broken documents for the fuzz run (tests/bench/fuzz.ts) and its CI sample
// (tests/unit/fuzz.test.ts). Seeded: the same seed and count give the same bytes. Each file comes
// with the outcomes it may have: read ('ok') or refused with one of a few specific codes.
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { constants, crc32, deflateRawSync, deflateSync } from 'node:zlib';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, '..', 'shared', 'fixtures');

export interface FuzzCase {
  name: string;
  kind: string;
  /** Codes the file may end with; 'ok' = read (with or without reports). */
  expect: string[];
}

/** mulberry32: small, seedable, good enough to vary inputs. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)]! };
}
type Rng = ReturnType<typeof rng>;

const latin1 = (s: string) => Buffer.from(s, 'latin1');

// ---- PDF ---------------------------------------------------------------------------------------

/** A small valid PDF: objects written in order, a classic xref table with true offsets. */
function pdf(objs: (string | Buffer)[], opts: { count?: number; trailerExtra?: string } = {}): Buffer {
  const parts: Buffer[] = [latin1('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')];
  const offsets: number[] = [];
  let len = parts[0]!.length;
  objs.forEach((o, i) => {
    offsets.push(len);
    const b = Buffer.concat([latin1(`${i + 1} 0 obj\n`), typeof o === 'string' ? latin1(o) : o, latin1('\nendobj\n')]);
    parts.push(b);
    len += b.length;
  });
  const xref = ['xref', `0 ${objs.length + 1}`, '0000000000 65535 f ', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `)].join('\n');
  parts.push(latin1(`${xref}\ntrailer\n<< /Size ${objs.length + 1} /Root 1 0 R ${opts.trailerExtra ?? ''}>>\nstartxref\n${len}\n%%EOF\n`));
  return Buffer.concat(parts);
}

function streamObj(dict: string, data: Buffer): Buffer {
  return Buffer.concat([latin1(`<< ${dict} /Length ${data.length} >>\nstream\n`), data, latin1('\nendstream')]);
}

function textPdf(lines: string[], extra: { count?: number } = {}): Buffer {
  const content = lines.map((l, i) => `BT /F1 10 Tf 40 ${780 - i * 14} Td (${l.replace(/[()\\]/g, '')}) Tj ET`).join('\n');
  return pdf([
    `<< /Type /Catalog /Pages 2 0 R >>`,
    `<< /Type /Pages /Kids [3 0 R] /Count ${extra.count ?? 1} >>`,
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>`,
    `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>`,
    streamObj('/Filter /FlateDecode', deflateSync(latin1(content))),
  ]);
}

/** `mb` MB of zeros as a zlib stream, built from one flushed block repeated (fast to make). */
function zeroBomb(mb: number, raw = false): Buffer {
  const block = deflateRawSync(Buffer.alloc(1 << 20), { finishFlush: constants.Z_FULL_FLUSH });
  const body = Buffer.concat([...Array.from({ length: mb }, () => block), Buffer.from([0x03, 0x00])]);
  if (raw) return body;
  // adler32 of n zeros: a = 1, b = n mod 65521.
  const b = (mb * (1 << 20)) % 65521;
  return Buffer.concat([Buffer.from([0x78, 0x9c]), body, Buffer.from([b >> 8, b & 0xff, 0x00, 0x01])]);
}

// ---- DOCX (zip written by hand: the fuzz needs lying headers) ---------------------------------------

interface ZipEntry {
  name: string;
  data: Buffer;
  /** Already deflated data and the size to declare (bombs). */
  raw?: { deflated: Buffer; size: number };
  flags?: number;
}

function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let off = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const comp = e.raw ? e.raw.deflated : deflateRawSync(e.data);
    const size = e.raw ? e.raw.size : e.data.length;
    const crc = e.raw ? 0 : crc32(e.data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(e.flags ?? 0, 6);
    lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(comp.length, 18);
    lh.writeUInt32LE(size >>> 0, 22);
    lh.writeUInt16LE(name.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(e.flags ?? 0, 8);
    ch.writeUInt16LE(8, 10);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(comp.length, 20);
    ch.writeUInt32LE(size >>> 0, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(off, 42);
    locals.push(lh, name, comp);
    central.push(ch, name);
    off += 30 + name.length + comp.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(off, 16);
  return Buffer.concat([...locals, cd, end]);
}

const CT = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const para = (t: string) => `<w:p><w:r><w:t xml:space="preserve">${t.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</w:t></w:r></w:p>`;
const docXml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${body}</w:body></w:document>`;

function docx(body: string, extra: Partial<ZipEntry> = {}): Buffer {
  return zip([
    { name: '[Content_Types].xml', data: Buffer.from(CT) },
    { name: '_rels/.rels', data: Buffer.from(RELS) },
    { name: 'word/document.xml', data: Buffer.from(docXml(body)), ...extra },
  ]);
}

/** An OLE compound file whose directory names EncryptedPackage, as Word writes password-protected DOCX. */
function encryptedOoxml(r: Rng): Buffer {
  const b = Buffer.alloc(4096 + r.int(0, 4) * 512);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(b, 0);
  for (let i = 512; i < b.length; i++) b[i] = r.int(0, 255);
  let at = 1024;
  for (const n of ['Root Entry', 'EncryptionInfo', 'EncryptedPackage', '\u0006DataSpaces']) {
    b.fill(0, at, at + 128);
    Buffer.from(n, 'utf16le').copy(b, at);
    at += 128;
  }
  return b;
}

// ---- texts --------------------------------------------------------------------------------------

function seedTexts(): string[] {
  const dir = join(FIXTURES, 'seeds');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'));
}

const HEAD = '2023年政府信息公开工作年度报告\n一、总体情况\n';

// ---- the catalogue ------------------------------------------------------------------------------

type Make = (r: Rng, ctx: { seeds: string[]; hongze: Buffer }) => { ext: string; bytes: Buffer | string; expect: string[] };

const OK_OR_CORRUPT = ['ok', 'CORRUPT'];

export const KINDS: Record<string, Make> = {
  'pdf-valid': (r) => ({ ext: 'pdf', bytes: textPdf(Array.from({ length: r.int(1, 40) }, (_, i) => `Line ${i} value ${r.int(0, 1e6)}`)), expect: ['ok'] }),
  'pdf-truncated': (r, c) => {
    const src = r.next() < 0.3 ? c.hongze : textPdf(['a', 'b', 'c']);
    return { ext: 'pdf', bytes: src.subarray(0, r.int(8, src.length - 1)), expect: [...OK_OR_CORRUPT, 'EMPTY'] };
  },
  'pdf-bad-xref': (r, c) => {
    const src = Buffer.from(r.next() < 0.3 ? c.hongze : textPdf(['x', 'y']));
    const s = src.toString('latin1');
    // Garbage into xref offsets, the startxref pointer or the xref stream itself.
    const at = s.lastIndexOf(r.pick(['xref', 'startxref', '/XRef', 'trailer', 'obj']));
    const out = Buffer.from(src);
    for (let i = 0; i < r.int(1, 40); i++) {
      const k = Math.max(0, at + r.int(0, 120));
      if (k < out.length) out[k] = r.pick([0x30, 0x39, 0x20, 0x0a, 0xff, 0x2d, 0x61, r.int(0, 255)]);
    }
    return { ext: 'pdf', bytes: out, expect: OK_OR_CORRUPT };
  },
  'pdf-noise-flip': (r, c) => {
    const out = Buffer.from(r.next() < 0.25 ? c.hongze : textPdf(['flip', 'me', String(r.int(0, 99))]));
    for (let i = 0; i < r.int(1, 200); i++) out[r.int(0, out.length - 1)] = r.int(0, 255);
    return { ext: 'pdf', bytes: out, expect: [...OK_OR_CORRUPT, 'TOO_LARGE'] };
  },
  'pdf-encrypted': (r) => {
    const hex = (n: number) => Array.from({ length: n }, () => r.int(0, 255).toString(16).padStart(2, '0')).join('');
    const objs = [
      `<< /Type /Catalog /Pages 2 0 R >>`,
      `<< /Type /Pages /Kids [3 0 R] /Count 1 >>`,
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>`,
      streamObj('', latin1(hex(40))),
      `<< /Filter /Standard /V 1 /R 2 /O <${hex(32)}> /U <${hex(32)}> /P -4 >>`,
    ];
    return { ext: 'pdf', bytes: pdf(objs, { trailerExtra: `/Encrypt 5 0 R /ID [<${hex(16)}> <${hex(16)}>] ` }), expect: ['ENCRYPTED', 'CORRUPT'] };
  },
  'pdf-flate-bomb': (r) => {
    const objs = [
      `<< /Type /Catalog /Pages 2 0 R >>`,
      `<< /Type /Pages /Kids [3 0 R] /Count 1 >>`,
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>`,
      streamObj('/Filter /FlateDecode', zeroBomb(r.int(100, 1000))),
    ];
    return { ext: 'pdf', bytes: pdf(objs), expect: ['TOO_LARGE'] };
  },
  'pdf-double-flate-bomb': (r) => {
    const inner = zeroBomb(r.int(200, 2000));
    const objs = [
      `<< /Type /Catalog /Pages 2 0 R >>`,
      `<< /Type /Pages /Kids [3 0 R] /Count 1 >>`,
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>`,
      streamObj('/Filter [/FlateDecode /FlateDecode]', deflateSync(inner)),
    ];
    return { ext: 'pdf', bytes: pdf(objs), expect: ['TOO_LARGE'] };
  },
  'pdf-page-count': (r) => ({ ext: 'pdf', bytes: textPdf(['many pages'], { count: r.int(501, 10_000_000) }), expect: ['TOO_LARGE', 'ok', 'CORRUPT'] }),
  'pdf-deep-arrays': (r) => {
    const n = r.int(1000, 100_000);
    const content = `BT /F1 10 Tf 40 700 Td ${'['.repeat(n)}(x)${']'.repeat(n)} TJ ET`;
    const objs = [
      `<< /Type /Catalog /Pages 2 0 R >>`,
      `<< /Type /Pages /Kids [3 0 R] /Count 1 >>`,
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>`,
      `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>`,
      streamObj('/Filter /FlateDecode', deflateSync(latin1(content))),
    ];
    return { ext: 'pdf', bytes: pdf(objs), expect: ['ok', 'CORRUPT', 'TOO_COMPLEX'] };
  },
  'pdf-huge-image': (r) => {
    const w = r.int(20_000, 200_000);
    const objs = [
      `<< /Type /Catalog /Pages 2 0 R >>`,
      `<< /Type /Pages /Kids [3 0 R] /Count 1 >>`,
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> /Font << /F1 6 0 R >> >> /Contents 4 0 R >>`,
      streamObj('', latin1('BT /F1 10 Tf 40 700 Td (1 2 3 4 5 6) Tj ET q 500 0 0 500 0 0 cm /Im1 Do Q 0 0 m 100 0 l S 0 0 m 0 100 l S 0 50 m 100 50 l S 50 0 m 50 100 l S')),
      streamObj(`/Type /XObject /Subtype /Image /Width ${w} /Height ${w} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode`, zeroBomb(r.int(50, 300))),
      `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>`,
    ];
    return { ext: 'pdf', bytes: pdf(objs), expect: ['ok', 'TOO_LARGE', 'IMAGE_TOO_LARGE'] };
  },
  'pdf-no-text': (r) => ({ ext: 'pdf', bytes: textPdf([]).subarray(0), expect: ['ok'] }),
  'pdf-as-txt': (r) => ({ ext: 'txt', bytes: textPdf([`renamed ${r.int(0, 1e6)}`]), expect: ['ok'] }),
  // ---- DOCX
  'docx-valid': (r, c) => ({ ext: 'docx', bytes: docx(r.pick(c.seeds).split('\n').slice(0, r.int(5, 80)).map(para).join('')), expect: ['ok'] }),
  'docx-zip-bomb': (r) => ({ ext: 'docx', bytes: docx('', { raw: { deflated: zeroBomb(r.int(100, 1000), true), size: r.int(100, 1000) * (1 << 20) } }), expect: ['TOO_LARGE'] }),
  'docx-zip-bomb-lying': (r) => ({ ext: 'docx', bytes: docx('', { raw: { deflated: zeroBomb(r.int(100, 1000), true), size: r.int(100, 5000) } }), expect: ['TOO_LARGE'] }),
  'docx-encrypted': (r) => ({ ext: 'docx', bytes: encryptedOoxml(r), expect: ['ENCRYPTED'] }),
  'docx-zip-encrypted': (r) => ({ ext: 'docx', bytes: docx(para('secret'), { flags: 1 }), expect: ['ENCRYPTED'] }),
  'docx-truncated': (r, c) => {
    const b = docx(r.pick(c.seeds).split('\n').map(para).join(''));
    return { ext: 'docx', bytes: b.subarray(0, r.int(4, b.length - 23)), expect: ['CORRUPT'] };
  },
  'docx-bad-xml': (r) => ({ ext: 'docx', bytes: docx(`<w:p><w:r><w:t>${'<'.repeat(r.int(1, 50))}broken`), expect: ['CORRUPT', 'ok'] }),
  'docx-deep-tables': (r) => {
    const n = r.int(50, 3000);
    return { ext: 'docx', bytes: docx('<w:tbl><w:tr><w:tc>'.repeat(n) + para('deep') + '</w:tc></w:tr></w:tbl>'.repeat(n)), expect: ['ok', 'TOO_COMPLEX', 'CORRUPT'] };
  },
  'docx-big-table': (r) => {
    const n = r.int(100, 400);
    const row = `<w:tr>${'<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>'.repeat(n)}</w:tr>`;
    return { ext: 'docx', bytes: docx(`<w:tbl>${row.repeat(n)}</w:tbl>`), expect: ['ok', 'TOO_COMPLEX'] };
  },
  'docx-noise': (r) => {
    const b = Buffer.from(docx(para('noise ' + r.int(0, 1e9))));
    for (let i = 0; i < r.int(1, 30); i++) b[r.int(0, b.length - 1)] = r.int(0, 255);
    return { ext: 'docx', bytes: b, expect: ['ok', 'CORRUPT', 'ENCRYPTED', 'TOO_LARGE', 'TOO_COMPLEX', 'NOT_TEXT'] };
  },
  'doc-legacy': (r) => {
    const b = Buffer.alloc(2048);
    Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(b, 0);
    for (let i = 8; i < b.length; i++) b[i] = r.int(0, 255);
    return { ext: r.pick(['doc', 'wps']), bytes: b, expect: ['LEGACY_DOC'] };
  },
  // ---- HTML
  'html-valid': (r, c) => ({ ext: 'html', bytes: `<html><body>${r.pick(c.seeds).split('\n').map((l) => `<p>${l.replace(/</g, '&lt;')}</p>`).join('')}</body></html>`, expect: ['ok'] }),
  'html-deep': (r) => {
    const n = r.int(2_000, 200_000);
    const tag = r.pick(['div', 'span', 'table', 'b', 'font']);
    return { ext: 'html', bytes: `<html><body>${`<${tag}>`.repeat(n)}deep${r.next() < 0.5 ? `</${tag}>`.repeat(n) : ''}</body></html>`, expect: ['TOO_COMPLEX'] };
  },
  'html-huge-table': (r) => {
    const n = r.int(500, 1000);
    const row = `<tr>${'<td>1</td>'.repeat(n)}</tr>`;
    return { ext: 'html', bytes: `<html><body>${HEAD.replace(/\n/g, '<br>')}<table>${row.repeat(n)}</table></body></html>`, expect: ['TOO_COMPLEX'] };
  },
  'html-wide-table': (r) => {
    const cols = r.int(100, 400);
    const row = `<tr>${'<td>12</td><td>&nbsp;</td>'.repeat(cols / 2)}</tr>`;
    return { ext: 'html', bytes: `<html><body>${HEAD.replace(/\n/g, '<br>')}<table>${row.repeat(r.int(50, 400))}</table></body></html>`, expect: ['ok', 'TOO_COMPLEX'] };
  },
  'html-long-line': (r) => ({ ext: 'html', bytes: `<html><body><p>${HEAD}${r.pick(['a', '1', '一', '，', '&amp;']).repeat(r.int(200_000, 1_000_000))}</p></body></html>`, expect: ['ok'] }),
  'html-bad-charset': (r) => {
    const noise = Buffer.from(Array.from({ length: r.int(100, 20_000) }, () => r.int(0x81, 0xfe)));
    return { ext: 'html', bytes: Buffer.concat([Buffer.from(`<html><head><meta charset="${r.pick(['gbk', 'utf-8', 'x-nonsense', 'utf-16', 'big5'])}"></head><body>`), noise, Buffer.from('</body></html>')]), expect: ['ok'] };
  },
  'html-tag-soup': (r) => {
    const tags = ['<p>', '</p>', '<td>', '<tr>', '<table>', '</table>', '<br>', '<!--', '-->', '<script>', '</script>', '<![CDATA[', '&#', '&#x', '<', '>', '"', "'", '一、总体情况', '12', '\t', '\n'];
    return { ext: r.pick(['html', 'htm']), bytes: Array.from({ length: r.int(100, 50_000) }, () => r.pick(tags)).join(''), expect: ['ok', 'TOO_COMPLEX'] };
  },
  // ---- text
  'txt-valid': (r, c) => ({ ext: 'txt', bytes: r.pick(c.seeds), expect: ['ok'] }),
  'txt-digit-run': (r) => ({ ext: 'txt', bytes: HEAD + r.pick(['收到申请', '予以公开', '', '共']) + r.pick(['1', '1,', '一', '9']).repeat(r.int(100_000, 1_000_000)) + r.pick(['件', '', '。']), expect: ['ok'] }),
  'txt-long-line': (r) => ({ ext: 'txt', bytes: HEAD + r.pick(['a', 'x1', '表', '\t1', '|1', '。']).repeat(r.int(300_000, 1_000_000)), expect: ['ok'] }),
  'txt-repeated-phrases': (r) => ({
    ext: 'txt',
    bytes: HEAD + r.pick(['予以公开1件', '一、总体情况\n', '（一）a\n', '收到申请12件，', '2023年1月1日\n', '本年新收\t1\t2\t3\n', '三、收到和处理政府信息公开申请情况\n']).repeat(r.int(2_000, 40_000)),
    expect: ['ok', 'TOO_COMPLEX'],
  }),
  'txt-gbk-garbage': (r) => ({ ext: 'txt', bytes: Buffer.from(Array.from({ length: r.int(10, 100_000) }, () => r.int(0x81, 0xfe))), expect: ['ok', 'NOT_TEXT'] }),
  'txt-utf16-garbage': (r) => {
    const body = Buffer.from(Array.from({ length: r.int(10, 50_000) * 2 }, () => r.int(0, 255)));
    return { ext: 'txt', bytes: Buffer.concat([Buffer.from(r.pick([[0xff, 0xfe], [0xfe, 0xff], []])), body]), expect: ['ok', 'NOT_TEXT'] };
  },
  'txt-utf16-report': (r, c) => {
    const t = r.pick(c.seeds);
    return { ext: 'txt', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]), expect: ['ok'] };
  },
  'binary-noise': (r) => ({
    ext: r.pick(['txt', 'pdf', 'docx', 'html', 'doc', 'text']),
    bytes: Buffer.from(Array.from({ length: r.int(1, 200_000) }, () => r.int(0, 255))),
    expect: ['NOT_TEXT', 'CORRUPT', 'ok', 'LEGACY_DOC', 'TOO_COMPLEX'],
  }),
  'zero-bytes': (r) => ({ ext: r.pick(['txt', 'pdf', 'docx', 'html']), bytes: Buffer.alloc(0), expect: ['EMPTY'] }),
  'nul-bytes': (r) => ({ ext: r.pick(['txt', 'pdf', 'html']), bytes: Buffer.alloc(r.int(1, 100_000)), expect: ['NOT_TEXT', 'CORRUPT', 'ok'] }),
  'wrong-extension': (r, c) => {
    const kind = r.pick(['docx-valid', 'html-valid', 'pdf-valid', 'txt-valid']);
    const made = KINDS[kind]!(r, c);
    return { ext: r.pick(['pdf', 'docx', 'html', 'txt']), bytes: made.bytes, expect: ['ok'] };
  },
};

/** Write `count` files (kinds in turn, inputs varied by the seed) into `dir`; returns what each may end as. */
export function generate(dir: string, count: number, seed = 1): FuzzCase[] {
  mkdirSync(dir, { recursive: true });
  const r = rng(seed);
  const ctx = { seeds: seedTexts(), hongze: readFileSync(join(FIXTURES, 'real', 'hongze-2024.pdf')) };
  const names = Object.keys(KINDS);
  const cases: FuzzCase[] = [];
  for (let i = 0; i < count; i++) {
    const kind = names[i % names.length]!;
    const made = KINDS[kind]!(r, ctx);
    const name = `${String(i).padStart(4, '0')}-${kind}.${made.ext}`;
    writeFileSync(join(dir, name), made.bytes);
    cases.push({ name, kind, expect: made.expect });
  }
  return cases;
}

/** Folder hazards: a symlink cycle, a dangling link, a link to a file, a name that is not UTF-8. */
export function folderHazards(dir: string): { badName: Buffer } {
  dir = resolve(dir);
  const sub = join(dir, 'links');
  mkdirSync(sub, { recursive: true });
  symlinkSync('..', join(sub, 'loop'));
  symlinkSync(join(dir, 'nowhere.pdf'), join(sub, 'dangling.pdf'));
  const first = readdirSync(dir).find((f) => f.endsWith('.txt'));
  if (first) symlinkSync(join(dir, first), join(sub, 'linked.txt'));
  const badName = Buffer.concat([Buffer.from(join(dir, 'gbk-')), Buffer.from([0xc4, 0xea, 0xb1, 0xa8]), Buffer.from('.txt')]);
  writeFileSync(badName, HEAD);
  return { badName };
}
