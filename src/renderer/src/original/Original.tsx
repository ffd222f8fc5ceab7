// The original document: text/HTML/DOCX as text (HTML/DOCX tables with their published merged
// cells, built from the parsed document, never its markup), PDFs rendered by pdf.js with a text
// layer. Highlights are drawn at character ranges of the extracted text; a zero-width range (a
// blank cell) gets a visible marker at its place. Evidence markers carry data-evidence.
import './original.css';
import { PdfView } from './PdfView';
import { TextView } from './TextView';
import type { OriginalProps } from './types';

export function Original(p: OriginalProps) {
  // Image files (photos, scans) come as a one-page PDF of the image.
  return p.kind === 'pdf' || p.kind === 'image' ? <PdfView {...p} /> : <TextView {...p} />;
}
