// The JSON contract of `nianbao check --json` (../shared/domain/check-output.md).

import type { DocKind, DocumentParse, DocumentText, Finding, OcrInfo, Report, Span, TableKey } from './model.js';
import { ocrSuspectCells, type SuspectReason } from './ocr.js';
import { SECTION_KEYS } from './model.js';
import { REVIEW_GROUPS } from './schema.js';
import { lastStartingAtOrBefore } from './text/lines.js';
import type { CrossYearFinding } from './rules/crossyear.js';
import type { DocumentFindings } from './rules/index.js';

export interface SourceRef {
  start: number;
  end: number;
  page?: number;
}

export interface FindingJson {
  rule: string;
  severity: string;
  message: string;
  fingerprint: string;
  section?: string;
  table?: string;
  row?: string;
  col?: string;
  expected?: number;
  actual?: number | null;
  blankInvolved?: boolean;
  needsReview?: boolean;
  /** Rests on a cell the auditor corrected. */
  corrected?: boolean;
  source: (SourceRef & { role: string })[];
}

/** A cell as corrected by the auditor: the value now, and what the machine read. */
export interface CorrectedCellJson {
  table: TableKey;
  row: string;
  col: string;
  kind: 'value' | 'blank' | 'confirm';
  raw: string;
  value: number | null;
  read: { raw: string; value: number | null };
  by: string;
  at: string;
}

export interface ReportJson {
  key: string;
  agency: string | null;
  year: number | null;
  title: string | null;
  format: string;
  publishedOn: string | null;
  /** Where publishedOn comes from: the signature (落款), the page's publication time, or file metadata. */
  publishedOnSource: 'signature' | 'page' | 'metadata' | null;
  /** The signature date (落款) in the text, if any. */
  signedOn: string | null;
  range: { start: number; end: number };
  sections: Record<string, { present: boolean; empty: boolean; subheads?: { title: string; empty: boolean }[] }>;
  tables: {
    proactive: { rows: Record<string, Record<string, number | null>> };
    requests: { rows: Record<string, Record<string, number | null>> };
    reviews: Record<string, Record<string, number | null>>;
  };
  findings: FindingJson[];
  /** OCR: cells to check against the image (low confidence, row not read, row shape guessed, row sum off);
   * `checked` when the auditor corrected or confirmed the cell. */
  lowConfidence?: { table: TableKey; row: string; col: string; reason: SuspectReason; checked?: true }[];
  /** Cells the auditor corrected or confirmed (values above are the corrected ones). */
  corrected?: CorrectedCellJson[];
  /** Findings of the machine's reading that no longer hold after the auditor's corrections. */
  resolvedByCorrection?: FindingJson[];
}

/** What the auditor's corrections add to a report's JSON. */
export interface CorrectionExtras {
  /** The report as the machine read it (its doubtful cells stay listed). */
  original?: Report;
  checked?: Set<string>;
  resolved?: Finding[];
}

export interface DocumentJson {
  file: string;
  sha256: string;
  kind: DocKind | null;
  error: { code: string; message: string } | null;
  findings: FindingJson[];
  reports: ReportJson[];
  /** Present when the text was read by OCR (scanned PDF, image). */
  ocr?: OcrInfo;
  /** The auditor's corrections of this document and whether each applied. */
  corrections?: { id: string; applied: boolean; reason?: 'report' | 'place' | 'changed' }[];
}

export interface CheckJson {
  version: 1;
  documents: DocumentJson[];
  crossYear: (Omit<CrossYearFinding, 'evidence'> & { source: { file: string; year: number; start: number; end: number; role: string }[] })[];
}

/** Page of an offset, from the reader's spans (PDF). */
export function pageAt(spans: Span[], offset: number): number | undefined {
  if (!spans.length) return undefined;
  return spans[lastStartingAtOrBefore(spans, offset)]!.page;
}

export function reportKey(doc: Pick<DocumentText, 'sha256'>, r: Pick<Report, 'agency' | 'year' | 'index'>): string {
  return `${doc.sha256.slice(0, 16)}:${r.agency ?? '?'}:${r.year ?? '?'}:${r.index}`;
}

export function findingJson(f: Finding, spans: Span[]): FindingJson {
  const out: FindingJson = { rule: f.rule, severity: f.severity, message: f.message, fingerprint: f.fingerprint, source: [] };
  for (const k of ['section', 'table', 'row', 'col', 'expected', 'actual', 'blankInvolved', 'needsReview', 'corrected'] as const) {
    if (f[k] !== undefined) (out as unknown as Record<string, unknown>)[k] = f[k];
  }
  out.source = f.evidence.map((e) => {
    const page = pageAt(spans, e.range.start);
    return { start: e.range.start, end: e.range.end, role: e.role, ...(page !== undefined ? { page } : {}) };
  });
  return out;
}

function values(rows: Report['tables']['requests']['rows']): Record<string, Record<string, number | null>> {
  const out: Record<string, Record<string, number | null>> = {};
  for (const [rk, row] of Object.entries(rows)) {
    out[rk] = Object.fromEntries(Object.entries(row.cells).map(([c, cell]) => [c, cell.value]));
  }
  return out;
}

function correctedCells(r: Report): CorrectedCellJson[] {
  const out: CorrectedCellJson[] = [];
  for (const table of ['proactive', 'requests', 'reviews'] as const) {
    for (const [row, tr] of Object.entries(r.tables[table].rows)) {
      for (const [col, c] of Object.entries(tr.cells)) {
        const m = c.correction;
        if (m) out.push({ table, row, col, kind: m.kind, raw: c.raw, value: c.value, read: { raw: m.read.raw, value: m.read.value }, by: m.by, at: m.at });
      }
    }
  }
  return out;
}

export function reportJson(doc: DocumentText, r: Report, findings: Finding[], more: CorrectionExtras = {}): ReportJson {
  const corrected = correctedCells(r);
  const sections: ReportJson['sections'] = {};
  for (const k of SECTION_KEYS) {
    const s = r.sections[k];
    sections[k] = { present: s.present, empty: s.empty };
    if (s.subheads.length) sections[k]!.subheads = s.subheads.map((h) => ({ title: h.title, empty: h.empty }));
  }
  const reviews: Record<string, Record<string, number | null>> = {};
  if (r.tables.reviews.present) {
    const v = values(r.tables.reviews.rows);
    for (const g of REVIEW_GROUPS) if (v[g]) reviews[g] = v[g]!;
  }
  return {
    key: reportKey(doc, r),
    agency: r.agency,
    year: r.year,
    title: r.title,
    format: r.format,
    publishedOn: r.publishedOn,
    publishedOnSource: r.publishedOnSource,
    signedOn: r.signedOn,
    range: r.range,
    sections,
    tables: {
      proactive: { rows: values(r.tables.proactive.rows) },
      requests: { rows: values(r.tables.requests.rows) },
      reviews,
    },
    findings: findings.map((f) => findingJson(f, doc.spans)),
    ...(doc.ocr ? { lowConfidence: lowConfidenceCells(doc, r, more.original, more.checked) } : {}),
    ...(corrected.length ? { corrected } : {}),
    ...(more.resolved?.length ? { resolvedByCorrection: more.resolved.map((f) => findingJson(f, doc.spans)) } : {}),
  };
}

/** Table cells of an OCR reading to check against the image (see `ocrSuspectCells` for why): those of
 * the machine's reading and of the corrected one (a sum that holds after a correction no longer casts
 * doubt on its row), each marked when the auditor checked it. */
export function lowConfidenceCells(doc: DocumentText, r: Report, original?: Report, checked?: Set<string>): NonNullable<ReportJson['lowConfidence']> {
  const seen = new Set<string>();
  const out: NonNullable<ReportJson['lowConfidence']> = [];
  for (const c of [...(original ? ocrSuspectCells(doc, original) : []), ...ocrSuspectCells(doc, r)]) {
    const k = `${c.table}.${c.row}.${c.col}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(checked?.has(k) ? { ...c, checked: true } : c);
  }
  return out;
}

export function documentJson(file: string, parse: DocumentParse, found: DocumentFindings, more: CorrectionExtras[] = []): DocumentJson {
  const doc = parse.doc;
  return {
    file,
    sha256: doc.sha256,
    kind: doc.kind,
    error: null,
    findings: found.document.map((f) => findingJson(f, doc.spans)),
    reports: parse.reports.map((r, i) => reportJson(doc, r, found.reports[i]!, more[i])),
    ...(doc.ocr ? { ocr: doc.ocr } : {}),
  };
}
