// Core domain types. Pure data: no Electron, DOM or fs.

export type DocKind = 'txt' | 'pdf' | 'docx' | 'html';

/** A half-open range [start, end) of character offsets into DocumentText.text. */
export interface Range {
  start: number;
  end: number;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Maps a range of the text to a place in the original (a PDF page and box). */
export interface Span extends Range {
  page?: number;
  box?: Box;
}

export interface DocumentText {
  text: string;
  kind: DocKind;
  sha256: string;
  /** Detected encoding for text files, 'html' charset for pages. */
  encoding?: string;
  /** Title from the container (HTML <title>, PDF metadata), if any. */
  containerTitle?: string;
  /** Optional map from text ranges to pages/boxes (PDF). */
  spans: Span[];
  /** Reader-level findings (R-NO-TEXT …). */
  notes?: ReaderNote[];
}

export interface ReaderNote {
  rule: string;
  message: string;
}

export type SectionKey = 'overview' | 'proactive' | 'requests' | 'reviews' | 'problems' | 'other';
export const SECTION_KEYS: readonly SectionKey[] = [
  'overview',
  'proactive',
  'requests',
  'reviews',
  'problems',
  'other',
];

export type TableKey = 'proactive' | 'requests' | 'reviews';
export type Format = '2019' | '2021' | 'unknown';

export type CellKind = 'number' | 'zero' | 'blank' | 'na' | 'text';

export interface Cell {
  raw: string;
  value: number | null;
  kind: CellKind;
  /** Unit written in the cell (万元, 元) for amounts. */
  unit?: string;
  range: Range;
}

export interface Subhead {
  title: string;
  range: Range;
  empty: boolean;
}

export interface Section {
  key: SectionKey;
  title: string;
  /** Heading line range. */
  heading: Range | null;
  /** Body range (after heading, up to the next section). */
  range: Range | null;
  present: boolean;
  empty: boolean;
  subheads: Subhead[];
  /** Numbering drift such as 1、 for 一、. */
  numbering?: string;
}

/** How the values of one table row were aligned to columns. */
export interface RowShape {
  expected: number;
  found: number;
  /** false when the reading is a best guess (values were added or dropped). */
  certain: boolean;
  note?: string;
}

export interface TableRow {
  key: string;
  /** Label as written (joined label cells). */
  label: string;
  labelRange: Range;
  cells: Record<string, Cell>;
  shape: RowShape;
}

export interface LabelDeviation {
  /** 'row' label or 'col' header. */
  kind: 'row' | 'col';
  row?: string;
  col?: string;
  found: string;
  expected: string;
  range: Range;
}

export interface Table {
  key: TableKey;
  format: Format;
  present: boolean;
  range: Range | null;
  rows: Record<string, TableRow>;
  /** Canonical row keys in the order of the format. */
  rowOrder: string[];
  /** Canonical column keys per row. */
  columns: Record<string, string[]>;
  labelDeviations: LabelDeviation[];
  /** Rows whose label could not be matched to a canonical row. */
  unmatched: { label: string; range: Range }[];
}

export interface Report {
  /** Index of the report within its document. */
  index: number;
  agency: string | null;
  agencySource: 'title' | 'signature' | 'document' | 'none';
  year: number | null;
  yearSource: 'title' | 'period' | 'text' | 'date' | 'none';
  title: string | null;
  titleRange: Range | null;
  format: Format;
  publishedOn: string | null;
  dateRange: Range | null;
  /** Statistics period year, if stated. */
  periodYear: number | null;
  range: Range;
  sections: Record<SectionKey, Section>;
  /** Order in which section headings appear. */
  sectionOrder: SectionKey[];
  tables: Record<TableKey, Table>;
}

export interface DocumentParse {
  doc: DocumentText;
  reports: Report[];
  /** Parts of the document that are not reports (e.g. a 政府信息公开指南). */
  nonReports: { range: Range; kind: 'guide' | 'other'; title: string }[];
}

export type Severity = 'error' | 'warning' | 'info';

export interface Evidence {
  role: 'total' | 'part' | 'text' | 'cell' | 'section';
  range: Range;
  page?: number;
}

export interface Finding {
  fingerprint: string;
  rule: string;
  severity: Severity;
  message: string;
  section?: SectionKey;
  table?: TableKey;
  row?: string;
  col?: string;
  expected?: number;
  actual?: number | null;
  blankInvolved?: boolean;
  /** "needs review": a statement that may count something else. */
  needsReview?: boolean;
  evidence: Evidence[];
}
