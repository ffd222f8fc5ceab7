// The shape of the store's data: the schema version, the collections, the change operation, the
// migrations from earlier schemas, and how an operation is applied.
import { readFileSync } from 'node:fs';
import type { Settings } from '../../core/rules/registry.js';
import type { LetterSettings } from '../../core/letters.js';
import type { Annotation, Decision, HistoryEntry, Rubric, Score, StatusRecord, Verdict } from '../../core/review.js';
import type { Correction } from '../../core/corrections.js';
export type { HistoryEntry } from '../../core/review.js';

export const SCHEMA_VERSION = 2;

export interface WorkspaceFile {
  path: string;
  sha256: string;
  size: number;
  addedAt: string;
}

export interface StoreData {
  schemaVersion: number;
  createdAt: string;
  seq: number;
  settings: {
    auditor: string;
    rules?: Partial<Settings>;
    rubricId: string;
    /** Agency type set by the auditor (agency name → type). */
    agencyTypes?: Record<string, 'government' | 'department'>;
    /** Agency merges by the auditor (agency name → the name it is the same agency as). */
    agencyAliases?: Record<string, string>;
    /** Text of the feedback letters (反馈意见书). */
    letters?: Partial<LetterSettings>;
    /** The team server this desk syncs with (the line from `nianbao team add-auditor`), if any. */
    teamUrl?: string;
  };
  workspace: { files: Record<string, WorkspaceFile> };
  decisions: Record<string, Decision>;
  annotations: Record<string, Annotation>;
  scores: Record<string, Score>;
  statuses: Record<string, StatusRecord>;
  /** The auditor's corrections of the machine's reading, keyed by cell (core/corrections.ts). */
  corrections: Record<string, Correction>;
  rubrics: Record<string, Rubric>;
  history: Record<string, HistoryEntry>;
  /**
   * RECORDS_CHECKED once every record has been checked against its schema. Records written since
   * are valid by construction (typed calls, validated imports), so the check runs once per store.
   */
  recordsChecked?: number;
}

export const RECORDS_CHECKED = 1;

export type Coll = 'decisions' | 'annotations' | 'scores' | 'statuses' | 'corrections' | 'rubrics' | 'workspace' | 'history' | 'settings';

export interface Op {
  seq: number;
  coll: Coll;
  id: string;
  /** null deletes. */
  value: unknown;
}

export function emptyData(auditor = ''): StoreData {
  return {
    schemaVersion: SCHEMA_VERSION,
    createdAt: new Date().toISOString(),
    seq: 0,
    settings: { auditor, rubricId: 'default' },
    workspace: { files: {} },
    decisions: {},
    annotations: {},
    scores: {},
    statuses: {},
    corrections: {},
    rubrics: {},
    history: {},
    recordsChecked: RECORDS_CHECKED,
  };
}

/** Schema migrations, from the first schema on. Each takes the previous shape and returns the next. */
export function migrate(raw: Record<string, unknown>): { data: StoreData; from: number } {
  const from = Number(raw.schemaVersion ?? raw.version ?? 1);
  let d = raw;
  if (from < 2) {
    // Schema 1 (first release): arrays of decisions and notes, no versions or history.
    const old = d as {
      auditor?: string;
      decisions?: { reportKey: string; fingerprint: string; rule?: string; verdict: Verdict; comment?: string; at?: string }[];
      notes?: Omit<Annotation, 'version' | 'by'>[];
      files?: WorkspaceFile[];
    };
    const next = emptyData(old.auditor ?? '');
    for (const x of old.decisions ?? []) {
      const id = `${x.reportKey}|${x.fingerprint}`;
      next.decisions[id] = {
        id,
        reportKey: x.reportKey,
        fingerprint: x.fingerprint,
        rule: x.rule ?? x.fingerprint.split(':')[0]!,
        verdict: x.verdict,
        comment: x.comment ?? '',
        by: old.auditor ?? '',
        at: x.at ?? next.createdAt,
        version: 1,
      };
    }
    for (const n of old.notes ?? []) next.annotations[n.id] = { ...n, by: old.auditor ?? '', version: 1 } as Annotation;
    for (const f of old.files ?? []) next.workspace.files[f.sha256] = f;
    delete next.recordsChecked; // the old records are checked on this open
    d = next as unknown as Record<string, unknown>;
  }
  const data = d as unknown as StoreData;
  // Corrections (added without a version bump): an empty collection in stores written before.
  const c = (data as { corrections?: unknown }).corrections;
  if (!c || typeof c !== 'object' || Array.isArray(c)) data.corrections = {};
  // Agency types and merges (added without a version bump): keep only well-formed entries.
  const st = (data.settings ?? {}) as StoreData['settings'];
  const obj = (x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : {});
  st.agencyTypes = Object.fromEntries(Object.entries(obj(st.agencyTypes)).filter(([, v]) => v === 'government' || v === 'department')) as StoreData['settings']['agencyTypes'];
  st.agencyAliases = Object.fromEntries(Object.entries(obj(st.agencyAliases)).filter(([k, v]) => typeof v === 'string' && v !== k)) as Record<string, string>;
  data.schemaVersion = SCHEMA_VERSION;
  return { data, from };
}

export function applyOp(d: StoreData, op: Op): void {
  if (op.coll === 'settings') {
    (d.settings as unknown as Record<string, unknown>)[op.id] = op.value;
  } else if (op.coll === 'workspace') {
    if (op.value === null) delete d.workspace.files[op.id];
    else d.workspace.files[op.id] = op.value as WorkspaceFile;
  } else {
    const c = d[op.coll] as Record<string, unknown>;
    if (op.value === null) delete c[op.id];
    else c[op.id] = op.value;
  }
  d.seq = Math.max(d.seq, op.seq);
}

// ---- journal records ------------------------------------------------------------------------------

export function isStoreShape(d: unknown): d is StoreData {
  const x = d as StoreData;
  const obj = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v);
  return (
    obj(x) &&
    typeof x.seq === 'number' &&
    obj(x.settings) &&
    obj(x.workspace) &&
    obj(x.workspace.files) &&
    (['decisions', 'annotations', 'scores', 'statuses', 'rubrics', 'history'] as const).every((k) => obj(x[k]))
  );
}

export function parseStoreFile(path: string): { data: StoreData; from: number } {
  const m = migrate(JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>);
  if (!isStoreShape(m.data)) throw new Error('not a store');
  return m;
}
