// An image file as a one-page PDF (the JPEG embedded as is), so the original pane shows photos and
// scans with the same viewer and the same span boxes as PDFs. Hand-written: a dozen lines of PDF
// objects, where a PDF library would be a new dependency for one fixed layout.
import { isolatedJpeg } from './isolate.js';

/** JPEG pages → an image-only PDF, each page sized to the image at `dpi` (pixels per inch). */
export function jpegsToPdf(jpegs: Buffer[], sizes: { w: number; h: number }[], dpi: number): Buffer {
  const pageIds: number[] = [];
  const n = jpegs.length;
  // Object numbers: 1 catalog, 2 pages, then per page: page, content, image.
  const parts: (Buffer | string)[] = [];
  const offsets: number[] = [];
  let pos = 0;
  const push = (b: Buffer | string) => {
    parts.push(b);
    pos += Buffer.byteLength(b as string);
  };
  push('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  const obj = (id: number, body: Buffer | string, stream?: Buffer) => {
    offsets[id] = pos;
    push(`${id} 0 obj\n`);
    push(body);
    if (stream) {
      push('\nstream\n');
      push(stream);
      push('\nendstream');
    }
    push('\nendobj\n');
  };
  for (let i = 0; i < n; i++) pageIds.push(3 + i * 3);
  obj(1, '<< /Type /Catalog /Pages 2 0 R >>');
  obj(2, `<< /Type /Pages /Kids [${pageIds.map((p) => `${p} 0 R`).join(' ')}] /Count ${n} >>`);
  for (let i = 0; i < n; i++) {
    const { w, h } = sizes[i]!;
    const pw = (w * 72) / dpi;
    const ph = (h * 72) / dpi;
    const id = pageIds[i]!;
    const content = Buffer.from(`q ${pw.toFixed(2)} 0 0 ${ph.toFixed(2)} 0 0 cm /Im0 Do Q`);
    obj(id, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${pw.toFixed(2)} ${ph.toFixed(2)}] /Resources << /XObject << /Im0 ${id + 2} 0 R >> >> /Contents ${id + 1} 0 R >>`);
    obj(id + 1, `<< /Length ${content.length} >>`, content);
    obj(id + 2, `<< /Type /XObject /Subtype /Image /Width ${w} /Height ${h} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpegs[i]!.length} >>`, jpegs[i]!);
  }
  const xref = pos;
  const total = 3 + n * 3;
  let x = `xref\n0 ${total}\n0000000000 65535 f \n`;
  for (let i = 1; i < total; i++) x += `${String(offsets[i] ?? 0).padStart(10, '0')} 00000 n \n`;
  push(x);
  push(`trailer\n<< /Size ${total} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p)));
}

/** An image (PNG/JPEG) → one A4-wide page (595 pt, as the OCR reader measures it), decoded in a child process. */
export async function imageToPdf(bytes: Uint8Array): Promise<Buffer> {
  const { jpeg, w, h } = await isolatedJpeg(bytes);
  return jpegsToPdf([Buffer.from(jpeg)], [{ w, h }], (w * 72) / 595);
}
