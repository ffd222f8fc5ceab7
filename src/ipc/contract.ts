// The one IPC contract between the review desk (renderer) and the app (main process / test host):
// channel names, argument schemas (validated at runtime by the receiving side) and result types.

import { z } from 'zod';
import { CHANNELS as CHANNEL_LIST, EVENT_NAMES as EVENT_LIST } from './channels.js';
import type { CheckJson, FindingJson, ReportJson } from '../core/output.js';
import type { RoundStats } from '../core/stats.js';
import type { LetterSettings, LettersPreview } from '../core/letters.js';
import type { Annotation, Decision, HistoryEntry, Rubric, Score, ScoreCheck, StatusRecord } from '../core/review.js';
import type { Cell, DocKind, DocTable, Range as TextRange, Section, SectionKey, Span, TableKey } from '../core/model.js';
import type { SuspectReason } from '../core/ocr.js';
import { cellExists, rowExists, type Correction, type NotApplied } from '../core/corrections.js';

// ---- shared shapes ----------------------------------------------------------------------------

export interface QueueItem {
  key: string;
  file: string;
  fileName: string;
  kind: DocKind | null;
  agency: string;
  year: number | null;
  format: string;
  publishedOn: string | null;
  errors: number;
  warnings: number;
  infos: number;
  confirmed: number;
  /** Findings the auditor decides on, and those decided (confirmed or dismissed; 待定 is not decided). */
  findings: number;
  decided: number;
  /** Rules with findings in this report. */
  rules: string[];
  folder: string;
  sha256: string;
  /** Other paths with identical content (imported once). */
  sameContent: string[];
  status: 'todo' | 'in_progress' | 'done';
  /** A valid total under the current rubric, else null. */
  score: number | null;
  /** Read by OCR (scanned PDF or image): cells of low confidence in this report's tables. */
  ocr?: { lowConfidence: number };
  /** Why the stored score is not a valid total (rubric changed, over a new maximum, incomplete). */
  scoreProblem: string | null;
}

/** What the last import did, file by file (the import summary dialog). */
export interface ImportSummary {
  at: string;
  cancelled: boolean;
  total: number;
  added: { file: string; reports: { key: string; agency: string; year: number | null }[] }[];
  duplicates: { file: string; sameAs: string }[];
  notReports: { file: string; kind: DocKind; message: string }[];
  unreadable: { file: string; code: string; message: string; advice: string }[];
}

export interface FileError {
  file: string;
  code: string;
  message: string;
}

export interface WorkspaceView {
  items: QueueItem[];
  errors: FileError[];
  storePath: string;
  auditor: string;
  sample: boolean;
  notice: string | null;
  undo: string | null;
  redo: string | null;
}

export interface ImportProgress {
  running: boolean;
  done: number;
  total: number;
  current: string;
  errors: FileError[];
  cancelled: boolean;
  /** OCR of `current`: page `done` of `total` read; with a stage, page `done + 1` is being drawn
   * (render), its table cells read (cells), or its remaining text read (text). */
  ocrPage?: { done: number; total: number; stage?: 'render' | 'cells' | 'text' };
}

export interface CellView extends Cell {
  status: 'ok' | 'fail' | 'part' | 'blank' | 'na' | 'text';
  page?: number;
  /** OCR confidence 0..1 of the cell's reading (OCR documents only). */
  confidence?: number;
  /** OCR: check this cell against the page image (low confidence, or its row is suspect). */
  lowConfidence?: boolean;
  /** Why it is flagged (see core/ocr.ts ocrSuspectCells). */
  ocrReason?: SuspectReason;
  /** The auditor corrected or confirmed it (the doubt is settled). */
  checked?: boolean;
}

/** A correction as the report view lists it: did it apply to the current reading? */
export type CorrectionView = Correction & { applied: boolean; reason?: NotApplied; place: string; words: string };

export interface TableView {
  key: TableKey;
  present: boolean;
  rowOrder: string[];
  columns: Record<string, string[]>;
  rows: Record<string, { label: string; cells: Record<string, CellView>; uncertain: boolean; labelRange: TextRange; pointed?: boolean }>;
  /** Rows whose printed label matched no row of the table (the auditor can say which row each is). */
  unmatched: { label: string; range: TextRange }[];
}

export interface FindingView extends FindingJson {
  title: string;
  explanation: string;
  location: string;
  decision: Decision | null;
  /** Cross-year findings carry the other year's file. */
  crossYear?: { years: [number, number]; files: string[] };
  /** The report was read by OCR; 'low' when the finding rests on a low-confidence reading. */
  ocr?: 'ok' | 'low';
}

export interface ReportView {
  key: string;
  file: string;
  kind: DocKind;
  sha256: string;
  text: string;
  spans: Span[];
  /** HTML/DOCX: the published table structure (rowspan/colspan), by offsets into `text`. */
  layout?: DocTable[];
  report: Omit<ReportJson, 'findings' | 'tables'>;
  sections: Record<SectionKey, Pick<Section, 'present' | 'empty' | 'title' | 'heading' | 'range' | 'subheads' | 'numbering'>>;
  tables: Record<TableKey, TableView>;
  findings: FindingView[];
  /** Notes on the file, not findings to decide (a 信息公开指南 on the same page, skipped). */
  fileNotes: string[];
  orphanDecisions: Decision[];
  /** The auditor's corrections of this report (withdrawn ones left out). */
  corrections: CorrectionView[];
  annotations: (Annotation & { anchorState: 'exact' | 'moved' | 'fuzzy' | 'lost'; start: number; end: number })[];
  score: Score | null;
  status: StatusRecord | null;
  rubric: Rubric;
  suggested: { id: string; points: number; deductions: number }[];
  /** Other years of the same agency in the workspace. */
  siblings: { key: string; year: number | null; fileName: string; file: string }[];
  /** The stored score checked against the current rubric. */
  scoreCheck: ScoreCheck | null;
  /** Whose deadline applies, and the auditor's overrides for this agency. */
  agencyInfo: AgencyInfo | null;
}

export interface AgencyInfo {
  name: string;
  kind: 'government' | 'department' | 'township';
  /** false when the kind is a guess from the name. */
  certain: boolean;
  why: string;
  /** The auditor's setting for this agency, if any. */
  override: 'government' | 'department' | null;
  /** The agency this one was merged into, if any. */
  mergedInto: string | null;
  /** Other agency names in the workspace (to merge into). */
  others: string[];
}

/** What a chosen file or folder is for; a grant is good only for channels taking that purpose. */
export const PURPOSES = ['openFiles', 'openFolder', 'openReview', 'openRubric', 'saveWorkbook', 'saveReview', 'saveRubric', 'saveLetters', 'moveStore'] as const;
export type Purpose = (typeof PURPOSES)[number];

/** An opaque grant for a path the user chose; `path` and `name` are for display only. */
export interface GrantInfo {
  id: string;
  name: string;
  path: string;
  kind: 'file' | 'folder' | 'target';
}

/** The browser desk's own chooser: where it starts and what it offers. */
export interface ChooserStart {
  dir: string;
  places: { label: string; path: string }[];
  suggestedName: string;
  extensions: string[];
}

export interface BrowseView {
  dir: string;
  parent: string | null;
  entries: { name: string; path: string; kind: 'folder' | 'file'; size: number; mtime: string }[];
  truncated: boolean;
}

export interface RuleInfo {
  id: string;
  title: string;
  explanation: string;
  severity: string;
  enabled: boolean;
}

// ---- channels ---------------------------------------------------------------------------------

const key = z.string().min(1).max(400);

export const rubricSchema = z
  .object({
    id: z.string().min(1).max(60),
    version: z.number().int().min(1),
    title: z.string().min(1).max(200),
    total: z.number().min(1).max(1000),
    criteria: z
      .array(
        z
          .object({
            id: z.string().min(1).max(60),
            title: z.string().min(1).max(200),
            points: z.number().min(0).max(1000),
            rules: z.array(z.string().regex(/^R-[A-Z-]+$/)).max(30),
            perFinding: z.number().min(0).max(1000),
            description: z.string().max(1000).optional(),
          })
          .strict(),
      )
      .min(1)
      .max(60),
  })
  .strict();
const text = z.string().max(20_000);
const grant = z.string().regex(/^g_[A-Za-z0-9_-]{10,60}$/);
const purpose = z.enum(PURPOSES);

export const contract = {
  getWorkspace: { args: z.object({}).strict(), result: null as unknown as WorkspaceView },
  // Electron: a native dialog, answered with grants. Browser desk: where its own chooser starts.
  choose: { args: z.object({ purpose }).strict(), result: null as unknown as { native: boolean; grants: GrantInfo[]; start?: ChooserStart } },
  // Browser desk only (refused where native dialogs exist): list a folder, grant what the user chose.
  browse: { args: z.object({ purpose, dir: z.string().min(1).max(4096) }).strict(), result: null as unknown as BrowseView },
  grantChosen: {
    args: z.object({ purpose, paths: z.array(z.string().min(1).max(4096)).min(1).max(1000), overwrite: z.boolean().optional() }).strict(),
    result: null as unknown as { grants: GrantInfo[]; exists?: string },
  },
  openGranted: { args: z.object({ grants: z.array(grant).min(1).max(10_000) }).strict(), result: null as unknown as { started: boolean } },
  cancelImport: { args: z.object({}).strict(), result: null as unknown as { cancelled: boolean } },
  getImportProgress: { args: z.object({}).strict(), result: null as unknown as ImportProgress },
  getImportSummary: { args: z.object({}).strict(), result: null as unknown as ImportSummary | null },
  getReport: { args: z.object({ key }).strict(), result: null as unknown as ReportView },
  getPdfBytes: { args: z.object({ key }).strict(), result: null as unknown as Uint8Array },
  setDecision: {
    args: z.object({ key, fingerprint: z.string().min(1).max(400), rule: z.string().regex(/^R-[A-Z-]+$/), verdict: z.enum(['confirmed', 'dismissed', 'pending']), comment: text.optional() }).strict(),
    result: null as unknown as Decision,
  },
  /** Decide every finding of one rule in each of these reports, as one undo step. */
  decideRule: {
    args: z
      .object({
        keys: z.array(key).min(1).max(10_000),
        rule: z.string().regex(/^R-[A-Z-]+$/),
        verdict: z.enum(['confirmed', 'dismissed', 'pending']),
        comment: text.optional(),
        /** Leave findings the auditor has already decided as they are. */
        onlyUndecided: z.boolean().optional(),
      })
      .strict(),
    result: null as unknown as { decided: number; reports: number },
  },
  upsertAnnotation: {
    args: z
      .object({
        key,
        id: z.string().max(100).optional(),
        start: z.number().int().min(0),
        end: z.number().int().min(0),
        cellRef: z.string().max(200).optional(),
        category: z.enum(['data', 'missing', 'format', 'wording', 'other']),
        severity: z.enum(['error', 'warning', 'info']),
        note: text,
      })
      .strict(),
    result: null as unknown as Annotation,
  },
  deleteAnnotation: { args: z.object({ id: z.string().min(1).max(100) }).strict(), result: null as unknown as { ok: true } },
  /** Correct a cell: its value as printed, blank as printed, or confirmed as read. */
  setCorrection: {
    args: z
      .object({
        key,
        table: z.enum(['proactive', 'requests', 'reviews']),
        row: z.string().min(1).max(100),
        col: z.string().min(1).max(100),
        kind: z.enum(['value', 'blank', 'confirm']),
        raw: z.string().max(40).optional(),
      })
      .strict()
      .refine((a) => cellExists(a.table, a.row, a.col), { message: 'not a cell of the tables', path: ['col'] })
      .refine((a) => (a.kind === 'value') === (a.raw !== undefined), { message: 'raw goes with kind value (only)', path: ['raw'] }),
    result: null as unknown as Correction,
  },
  /** The selection in the original is the heading of `section` (the reader missed it). */
  pointSection: {
    args: z.object({ key, section: z.enum(['overview', 'proactive', 'requests', 'reviews', 'problems', 'other']), start: z.number().int().min(0), end: z.number().int().min(0) }).strict().refine((a) => a.end > a.start, { message: 'empty selection', path: ['end'] }),
    result: null as unknown as Correction,
  },
  /** The row whose label is at the selection is `row` of `table`. */
  pointRow: {
    args: z
      .object({ key, table: z.enum(['proactive', 'requests']), row: z.string().min(1).max(100), start: z.number().int().min(0), end: z.number().int().min(0) })
      .strict()
      .refine((a) => rowExists(a.table, a.row), { message: 'not a row of the table', path: ['row'] })
      .refine((a) => a.end > a.start, { message: 'empty selection', path: ['end'] }),
    result: null as unknown as Correction,
  },
  /** Withdraw a correction (the reading shows again); undo brings it back. */
  removeCorrection: { args: z.object({ id: z.string().min(1).max(600) }).strict(), result: null as unknown as { ok: true } },
  setScore: {
    args: z.object({ key, criteria: z.array(z.object({ id: z.string().max(100), points: z.number().min(0).max(1000).nullable(), comment: text })).max(100), comment: text.optional() }).strict(),
    result: null as unknown as Score | null,
  },
  setStatus: { args: z.object({ key, status: z.enum(['todo', 'in_progress', 'done']) }).strict(), result: null as unknown as StatusRecord },
  undo: { args: z.object({}).strict(), result: null as unknown as { label: string | null } },
  redo: { args: z.object({}).strict(), result: null as unknown as { label: string | null } },
  getHistory: { args: z.object({ key }).strict(), result: null as unknown as HistoryEntry[] },
  getRules: { args: z.object({}).strict(), result: null as unknown as RuleInfo[] },
  setAuditor: { args: z.object({ name: z.string().min(1).max(40) }).strict(), result: null as unknown as { ok: true } },
  // Every file read or written below is named by a grant (src/services/grants.ts), never a path.
  exportWorkbook: { args: z.object({ grant }).strict(), result: null as unknown as { path: string | null; exists?: boolean } },
  exportReview: { args: z.object({ grant }).strict(), result: null as unknown as { path: string | null; exists?: boolean } },
  importReview: {
    args: z.object({ grant }).strict(),
    result: null as unknown as { taken: number; conflicts: { id: string; kept: string; other: string }[]; aside?: string[]; refused?: string[] } | null,
  },
  getOverview: { args: z.object({}).strict(), result: null as unknown as RoundStats },
  getLetterSettings: { args: z.object({}).strict(), result: null as unknown as LetterSettings },
  setLetterSettings: {
    args: z.object({ settings: z.object({ title: z.string().max(200).optional(), issuer: z.string().max(200), salutation: z.string().max(200), opening: z.string().max(5000), closing: z.string().max(2000) }).strict() }).strict(),
    result: null as unknown as LetterSettings,
  },
  /** The letters as they would be written (paragraphs per letter), and how many reports were left out as not reviewed. */
  previewLetters: {
    args: z.object({ keys: z.array(key).max(100_000).nullable(), includeUnreviewed: z.boolean().optional() }).strict(),
    result: null as unknown as LettersPreview,
  },
  exportLetters: {
    args: z.object({ grant, keys: z.array(key).max(100_000).nullable(), replace: z.boolean().optional(), includeUnreviewed: z.boolean().optional() }).strict(),
    result: null as unknown as { dir: string | null; written: number; existing: string[] },
  },
  getCheck: { args: z.object({}).strict(), result: null as unknown as Pick<CheckJson, 'crossYear'> },
  saveRubric: { args: z.object({ rubric: rubricSchema }).strict(), result: null as unknown as Rubric },
  exportRubric: { args: z.object({ grant }).strict(), result: null as unknown as { path: string | null; exists?: boolean } },
  importRubric: { args: z.object({ grant }).strict(), result: null as unknown as Rubric | null },
  setAgencyType: {
    args: z.object({ key, type: z.enum(['government', 'department', 'auto']) }).strict(),
    result: null as unknown as { ok: true },
  },
  mergeAgency: {
    args: z.object({ key, into: z.string().min(2).max(100).nullable() }).strict(),
    result: null as unknown as { ok: true },
  },
  relocateStore: { args: z.object({ grant }).strict(), result: null as unknown as { path: string | null } },
  // Team round (issue 20): status chip, conflicts and their resolution, the team server's line.
  getTeam: { args: z.object({}).strict(), result: null as unknown as TeamInfo },
  getConflicts: { args: z.object({}).strict(), result: null as unknown as TeamConflict[] },
  resolveConflict: { args: z.object({ record: z.string().min(3).max(1000), pick: z.string().min(8).max(64) }).strict(), result: null as unknown as { ok: true } },
  setTeam: { args: z.object({ line: z.string().max(1000).nullable() }).strict(), result: null as unknown as TeamInfo },
  syncTeam: { args: z.object({}).strict(), result: null as unknown as TeamInfo },
} as const;

/** The desk's team state (services/team/desk.ts TeamView). */
export interface TeamInfo {
  state: 'off' | 'connecting' | 'synced' | 'syncing' | 'offline';
  /** 已同步 / 离线（N 条待上传）/ N 个冲突 / 未连接团队 */
  label: string;
  pending: number;
  conflicts: number;
  server: string | null;
  error?: string;
  round?: string;
  me?: string;
  auditors: { role: string; display: string }[];
  mine: { agencies: string[]; reports: string[] };
  aside: number;
}

/** A record two people changed differently: every side, until a person picks one. */
export interface TeamConflict {
  record: string;
  reportKey: string;
  kind: string;
  sides: { id: string; by: string; at: string; what: string; mine: boolean; from: 'local' | 'server' | 'file' }[];
}

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type Args<C extends Channel> = z.infer<Contract[C]['args']>;
export type Result<C extends Channel> = Contract[C]['result'];

/** Events from the app to the window. */
export interface Events {
  importProgress: ImportProgress;
  workspaceChanged: { reason: string };
  notice: { message: string; level: 'info' | 'warning' | 'error' };
  exportProgress: { what: 'letters'; done: number; total: number; file: string };
}
export type EventName = keyof Events;

/** What the preload exposes (and the test host's bridge): one function per channel. */
export type Api = { [C in Channel]: (args: Args<C>) => Promise<Result<C>> } & {
  on<E extends EventName>(event: E, cb: (payload: Events[E]) => void): () => void;
  /** Dropped files, granted: Electron resolves them in the preload and main; the browser desk uploads them. */
  dropFiles?(files: File[]): Promise<GrantInfo[]>;
};

// The name lists and the contract must agree exactly (checked by the compiler).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _channelsAgree: Same<(typeof CHANNEL_LIST)[number], Channel> = true;
const _eventsAgree: Same<(typeof EVENT_LIST)[number], EventName> = true;
void _channelsAgree;
void _eventsAgree;

export const CHANNELS: readonly Channel[] = CHANNEL_LIST;
export const EVENT_NAMES: readonly EventName[] = EVENT_LIST;
export { ipcChannel, ipcEvent } from './channels.js';
