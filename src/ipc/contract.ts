// The one IPC contract between the review desk (renderer) and the app (main process / test host):
// channel names, argument schemas (validated at runtime by the receiving side) and result types.

import { z } from 'zod';
import { CHANNELS as CHANNEL_LIST, EVENT_NAMES as EVENT_LIST } from './channels.js';
import type { CheckJson, FindingJson, ReportJson } from '../core/output.js';
import type { Annotation, Decision, Rubric, Score, StatusRecord } from '../core/review.js';
import type { Cell, DocKind, Section, SectionKey, Span, TableKey } from '../core/model.js';
import type { HistoryEntry } from '../main/services/store.js';

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
  status: 'todo' | 'in_progress' | 'done';
  score: number | null;
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
}

export interface CellView extends Cell {
  status: 'ok' | 'fail' | 'part' | 'blank' | 'na' | 'text';
  page?: number;
}

export interface TableView {
  key: TableKey;
  present: boolean;
  rowOrder: string[];
  columns: Record<string, string[]>;
  rows: Record<string, { label: string; cells: Record<string, CellView>; uncertain: boolean }>;
}

export interface FindingView extends FindingJson {
  title: string;
  explanation: string;
  location: string;
  decision: Decision | null;
  /** Cross-year findings carry the other year's file. */
  crossYear?: { years: [number, number]; files: string[] };
}

export interface ReportView {
  key: string;
  file: string;
  kind: DocKind;
  sha256: string;
  text: string;
  spans: Span[];
  report: Omit<ReportJson, 'findings' | 'tables'>;
  sections: Record<SectionKey, Pick<Section, 'present' | 'empty' | 'title' | 'heading' | 'subheads' | 'numbering'>>;
  tables: Record<TableKey, TableView>;
  findings: FindingView[];
  orphanDecisions: Decision[];
  annotations: (Annotation & { anchorState: 'exact' | 'moved' | 'fuzzy' | 'lost'; start: number; end: number })[];
  score: Score | null;
  status: StatusRecord | null;
  rubric: Rubric;
  suggested: { id: string; points: number; deductions: number }[];
  /** Other years of the same agency in the workspace. */
  siblings: { key: string; year: number | null }[];
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

export const contract = {
  getWorkspace: { args: z.object({}).strict(), result: null as unknown as WorkspaceView },
  pickAndImport: { args: z.object({ folder: z.boolean() }).strict(), result: null as unknown as { started: boolean } },
  importPaths: { args: z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000) }).strict(), result: null as unknown as { started: boolean } },
  cancelImport: { args: z.object({}).strict(), result: null as unknown as { cancelled: boolean } },
  getImportProgress: { args: z.object({}).strict(), result: null as unknown as ImportProgress },
  getReport: { args: z.object({ key }).strict(), result: null as unknown as ReportView },
  getPdfBytes: { args: z.object({ key }).strict(), result: null as unknown as Uint8Array },
  setDecision: {
    args: z.object({ key, fingerprint: z.string().min(1).max(400), rule: z.string().regex(/^R-[A-Z-]+$/), verdict: z.enum(['confirmed', 'dismissed', 'pending']), comment: text.optional() }).strict(),
    result: null as unknown as Decision,
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
  setScore: {
    args: z.object({ key, criteria: z.array(z.object({ id: z.string().max(100), points: z.number().min(0).max(1000).nullable(), comment: text })).max(100) }).strict(),
    result: null as unknown as Score,
  },
  setStatus: { args: z.object({ key, status: z.enum(['todo', 'in_progress', 'done']) }).strict(), result: null as unknown as StatusRecord },
  undo: { args: z.object({}).strict(), result: null as unknown as { label: string | null } },
  redo: { args: z.object({}).strict(), result: null as unknown as { label: string | null } },
  getHistory: { args: z.object({ key }).strict(), result: null as unknown as HistoryEntry[] },
  getRules: { args: z.object({}).strict(), result: null as unknown as RuleInfo[] },
  setAuditor: { args: z.object({ name: z.string().min(1).max(40) }).strict(), result: null as unknown as { ok: true } },
  exportWorkbook: { args: z.object({ path: z.string().max(4096).optional(), overwrite: z.boolean().optional() }).strict(), result: null as unknown as { path: string | null; exists?: boolean } },
  exportReview: { args: z.object({ path: z.string().max(4096).optional() }).strict(), result: null as unknown as { path: string | null } },
  importReview: {
    args: z.object({ path: z.string().max(4096).optional() }).strict(),
    result: null as unknown as { taken: number; conflicts: { id: string; kept: string; other: string }[] } | null,
  },
  openExternal: { args: z.object({ url: z.string().url().max(2000) }).strict(), result: null as unknown as { ok: boolean } },
  getCheck: { args: z.object({}).strict(), result: null as unknown as Pick<CheckJson, 'crossYear'> },
  saveRubric: { args: z.object({ rubric: rubricSchema }).strict(), result: null as unknown as Rubric },
  exportRubric: { args: z.object({ path: z.string().max(4096).optional() }).strict(), result: null as unknown as { path: string | null } },
  importRubric: { args: z.object({ path: z.string().max(4096).optional() }).strict(), result: null as unknown as Rubric | null },
  relocateStore: { args: z.object({ path: z.string().max(4096).optional() }).strict(), result: null as unknown as { path: string | null } },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type Args<C extends Channel> = z.infer<Contract[C]['args']>;
export type Result<C extends Channel> = Contract[C]['result'];

/** Events from the app to the window. */
export interface Events {
  importProgress: ImportProgress;
  workspaceChanged: { reason: string };
  notice: { message: string; level: 'info' | 'warning' | 'error' };
}
export type EventName = keyof Events;

/** What the preload exposes (and the test host's bridge): one function per channel. */
export type Api = { [C in Channel]: (args: Args<C>) => Promise<Result<C>> } & {
  on<E extends EventName>(event: E, cb: (payload: Events[E]) => void): () => void;
  /** Electron only: paths of dropped files. */
  pathsForFiles?(files: File[]): string[];
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
