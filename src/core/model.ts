// Core domain types. Pure data: no Electron, DOM or fs.

export type DocKind = 'txt' | 'pdf' | 'docx' | 'html' | 'image';

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
  /** OCR confidence 0..1 of the text in this span (absent when the text came from a text layer). */
  confidence?: number;
}

/** How a document's text was obtained by OCR (absent for text layers). */
export interface OcrInfo {
  engine: string;
  pages: number;
  /** Spans below the confidence threshold (cells the auditor should check against the image). */
  lowConfidence: number;
  /** Confidence below which a span counts as low. */
  threshold: number;
  /** Milliseconds spent reading (0 when served from the cache). */
  ms: number;
  cached: boolean;
  /** Effective resolution of the scan (dots per inch; the coarsest page's image), when known. */
  dpi?: number;
  /** Share of the text read at or above the confidence threshold (0..1). */
  legibility?: number;
  /** Too coarse or illegible to read reliably: one document finding (R-SCAN-COARSE), and every
   * error or warning is needs-review. */
  coarse?: boolean;
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
  /** Set when the text was read from page images by OCR. */
  ocr?: OcrInfo;
  /** Publication times the page states outside its text (<meta name="PubDate"> …), ISO dates. */
  pageDates?: { date: string; label: string }[];
  /** A date from the file's own properties (PDF CreationDate), ISO; not a statement of the report. */
  fileDate?: string;
  /** HTML/DOCX: the published table structure (merged cells), by offsets into `text`. */
  layout?: DocTable[];
}

/** One table of an HTML/DOCX document: each row is one line of `text`, each cell one tab field. */
export interface DocTable {
  rows: { start: number; end: number; cells: DocCell[] }[];
}
export interface DocCell {
  start: number;
  end: number;
  rowspan: number;
  colspan: number;
  head: boolean;
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
  /** Cut out of a glued digit run by the table's sums (see extract/glued.ts): not printed as a cell. */
  inferred?: true;
  /** The auditor corrected (or confirmed) this cell: what the machine read, who, when. */
  correction?: CellMark;
}

/** How a cell differs from the machine's reading (see core/corrections.ts). */
export interface CellMark {
  /** value: typed as printed; blank: blank as printed; confirm: checked, read correctly. */
  kind: 'value' | 'blank' | 'confirm';
  read: { raw: string; value: number | null; kind: CellKind };
  by: string;
  at: string;
}

/** The auditor's instructions for re-reading a document's structure (offsets into its text). */
export interface ReadHints {
  /** A section begins with the heading at this range. */
  sections?: { key: SectionKey; range: Range }[];
  /** The table row whose label is at this range is this canonical row. */
  rows?: { table: 'proactive' | 'requests'; range: Range; row: string }[];
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
  /** How the heading deviates from the official one, when it does: a typo or variant wording, no
   * numbering, or no heading at all (the section was recognised by its table). */
  titleDeviation?: 'wording' | 'unnumbered' | 'inferred';
  /** The auditor pointed the heading out (a structure correction). */
  pointed?: true;
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
  /** OCR only: the label was unreadable and the row was placed by its position in the format's row order. */
  byPosition?: true;
  /** The auditor said which row this is (a structure correction). */
  pointed?: true;
  /** The row's cells were printed glued to one another ("12830000131"): split by the table's sums
   * when only one split fits (cells then inferred), else left unread and `ambiguous`. */
  glued?: { raw: string; range: Range; ambiguous: boolean };
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
  /** A block printed in the other format's shape (table 三 （六） as one 2019 row in a 2021 table, or
   * as 2021 sub-rows in a 2019 table): its rows are read as printed and rowOrder follows them. */
  blockDeviation?: { block: 'other'; found: Exclude<Format, 'unknown'>; expected: Exclude<Format, 'unknown'>; range: Range };
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
  /** The best date: the signature (落款), else the page's publication time, else file metadata. */
  publishedOn: string | null;
  publishedOnSource: 'signature' | 'page' | 'metadata' | null;
  /** The signature date (落款) in the report's text, if any. */
  signedOn: string | null;
  /** The page's publication time (printed on the page or in its tags), if any. */
  pageDate: string | null;
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
  /** Text that is not a report: a guide, other text, or the whole document when it is a comparison
   * print of two years or an interpretation (解读) page (`reason` says why). */
  nonReports: { range: Range; kind: 'guide' | 'other' | 'comparison' | 'interpretation'; title: string; reason?: string }[];
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
  /** The finding rests on a cell the auditor corrected. */
  corrected?: boolean;
  evidence: Evidence[];
}
