// Review files exchanged between auditors (`nianbao-review`, version 1): the file's schema and its
// validation (a clear BAD_REVIEW_FILE naming the first wrong field, nothing changed), the file of a
// store's records, and the merge of another auditor's file into a store's records (versions decide;
// a disagreement on an agency setting keeps ours). The store applies the merge as one change.
import { z } from 'zod';
import { normalizeAgency } from '../../core/agency.js';
import { mergeRecords, type Annotation, type Conflict, type Decision, type Score, type StatusRecord } from '../../core/review.js';
import type { Coll, StoreData } from './data.js';
import { StoreError } from './errors.js';
import { annotationSchema, BAD_KEYS, decisionSchema, issueWords, scoreSchema, statusSchema } from './record-schemas.js';
import { str } from './schema-parts.js';
import { correctionSchema } from './correction-schema.js';
import type { Correction } from '../../core/corrections.js';
import { xmlSafeDeep } from '../../core/xml-safe.js';

export interface ReviewFile {
  kind: 'nianbao-review';
  version: 1;
  exportedAt: string;
  auditor: string;
  decisions: Record<string, Decision>;
  annotations: Record<string, Annotation>;
  scores: Record<string, Score>;
  statuses: Record<string, StatusRecord>;
  /** Corrections of the machine's reading (absent in files of earlier versions). */
  corrections: Record<string, Correction>;
  /** The auditor's agency types and merges (a round's auditors should group agencies alike). */
  agencies?: { types: Record<string, 'government' | 'department'>; aliases: Record<string, string> };
}

/** An agency setting the two files disagree on: the local one is kept. */
export interface AgencyConflict {
  what: 'type' | 'alias';
  name: string;
  /** Our type, or the name we merge `name` into (with `reverse`: the name we merge into `name`). */
  kept: string;
  other: string;
  reverse?: boolean;
}

const recordOf = <T extends z.ZodTypeAny>(s: T, idOf: (v: z.infer<T>) => string) =>
  z
    .record(z.string(), s)
    .default({})
    .superRefine((r, ctx) => {
      for (const [k, v] of Object.entries(r as Record<string, z.infer<T>>)) {
        if (BAD_KEYS.has(k)) ctx.addIssue({ code: 'custom', path: [k], message: '不允许的记录名' });
        else if (idOf(v) !== k) ctx.addIssue({ code: 'custom', path: [k], message: `记录名与内容不一致（内容是 ${idOf(v).slice(0, 60)}）` });
      }
    });
export const reviewFileSchema = z.object({
  kind: z.literal('nianbao-review'),
  version: z.literal(1),
  exportedAt: str(40),
  auditor: str(200),
  decisions: recordOf(decisionSchema, (d) => d.id),
  annotations: recordOf(annotationSchema, (a) => a.id),
  scores: recordOf(scoreSchema, (s) => s.reportKey),
  statuses: recordOf(statusSchema, (s) => s.reportKey),
  corrections: recordOf(correctionSchema, (c) => c.id),
  agencies: z
    .object({
      types: z.record(str(400), z.enum(['government', 'department'])).default({}),
      aliases: z.record(str(400), str(400)).default({}),
    })
    .optional(),
});

/** A review exchange file, validated; throws BAD_REVIEW_FILE naming the first wrong field. */
export function validateReviewFile(input: unknown): ReviewFile {
  const kind = (input as { kind?: unknown } | null)?.kind;
  if (!input || typeof input !== 'object' || kind !== 'nianbao-review')
    throw new StoreError('BAD_REVIEW_FILE', '这不是年报审阅台导出的审核数据文件（缺少 "kind": "nianbao-review"），没有导入任何内容');
  // JSON.parse makes "__proto__" an own key; checked before anything copies it into a prototype.
  const refuse = (c: unknown, where: string, what: string) => {
    const bad = c && typeof c === 'object' ? Object.keys(c).find((k) => BAD_KEYS.has(k)) : undefined;
    if (bad) throw new StoreError('BAD_REVIEW_FILE', `审核数据文件格式不对：${where} › ${bad}：不允许的${what}。没有导入任何内容，现有审核数据未改动`);
  };
  for (const coll of ['decisions', 'annotations', 'scores', 'statuses', 'corrections'] as const) refuse((input as Record<string, unknown>)[coll], coll, '记录名');
  const ag = (input as { agencies?: Record<string, unknown> }).agencies;
  for (const part of ['types', 'aliases'] as const) refuse(ag && typeof ag === 'object' ? ag[part] : undefined, `agencies › ${part}`, '单位名');
  const r = reviewFileSchema.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0]!;
    const where = i.path.map(String).join(' › ') || '文件';
    const more = r.error.issues.length > 1 ? `（共 ${r.error.issues.length} 处问题）` : '';
    throw new StoreError('BAD_REVIEW_FILE', `审核数据文件格式不对：${where}：${issueWords(i)}${more}。没有导入任何内容，现有审核数据未改动`);
  }
  // The file's own records (validated), so fields of a later version are kept.
  const raw = input as Record<string, unknown>;
  // Characters XML 1.0 forbids (a colleague's U+FFFE …) do not come in: they would break every export.
  return xmlSafeDeep({ ...r.data, decisions: (raw.decisions ?? {}) as ReviewFile['decisions'], annotations: (raw.annotations ?? {}) as ReviewFile['annotations'], scores: (raw.scores ?? {}) as ReviewFile['scores'], statuses: (raw.statuses ?? {}) as ReviewFile['statuses'], corrections: (raw.corrections ?? {}) as ReviewFile['corrections'] });
}

/**
 * Records of the auditor's work that do not have their shape (left by an earlier version's
/** Parse the text of a review exchange file (without echoing its content in errors). */
export function parseReviewText(text: string, name: string): ReviewFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch {
    throw new StoreError('BAD_REVIEW_FILE', `${name} 不是有效的 JSON 文件，不是年报审阅台导出的审核数据；没有导入任何内容`);
  }
  try {
    return validateReviewFile(raw);
  } catch (e) {
    throw new StoreError('BAD_REVIEW_FILE', `${name}：${(e as Error).message}`);
  }
}



/** The review file of a store's records (what `exportReview` writes). */
export function reviewFileOf(d: Readonly<StoreData>, auditor: string): ReviewFile {
  return {
    kind: 'nianbao-review',
    version: 1,
    exportedAt: new Date().toISOString(),
    auditor,
    decisions: d.decisions,
    annotations: d.annotations,
    scores: d.scores,
    statuses: d.statuses,
    corrections: d.corrections,
    agencies: { types: d.settings.agencyTypes ?? {}, aliases: d.settings.agencyAliases ?? {} },
  };
}

export interface ReviewMerge {
  /** The changes to apply (as one record and one undo step). */
  changes: { coll: Coll; id: string; value: unknown }[];
  taken: number;
  conflicts: Conflict<Decision | Annotation | Score | StatusRecord | Correction>[];
  agencies: { taken: number; conflicts: AgencyConflict[] };
}

/** Merge a validated review file into a store's records; nothing is changed here. */
export function mergeReviewFile(data: Readonly<StoreData>, file: ReviewFile): ReviewMerge {
  const same = (a: { version: number; by: string; at: string }, b: { version: number; by: string; at: string }) =>
    JSON.stringify(a) === JSON.stringify(b);
  let taken = 0;
  const conflicts: Conflict<Decision | Annotation | Score | StatusRecord | Correction>[] = [];
  const changes: { coll: Coll; id: string; value: unknown }[] = [];
  for (const coll of ['decisions', 'annotations', 'scores', 'statuses', 'corrections'] as const) {
    const mine = (data[coll] ?? {}) as Record<string, Decision | Annotation | Score | StatusRecord | Correction>;
    const theirs = (file[coll] ?? {}) as Record<string, Decision | Annotation | Score | StatusRecord | Correction>;
    // Corrections never replace a different local one, whatever version the file claims: a person picks.
    const r = coll === 'corrections' ? mergeKeepingMine(mine, theirs, same) : mergeRecords(mine, theirs, same);
    for (const [id, v] of Object.entries(r.merged)) if (mine[id] !== v) changes.push({ coll, id, value: v });
    taken += r.taken;
    conflicts.push(...r.conflicts);
  }
  // Agency types and merges: the other file's where this store has none; a disagreement keeps ours.
  const agencies = { taken: 0, conflicts: [] as AgencyConflict[] };
  const st = data.settings;
  for (const [what, key, theirs] of [
    ['type', 'agencyTypes', file.agencies?.types ?? {}],
    ['alias', 'agencyAliases', file.agencies?.aliases ?? {}],
  ] as const) {
    const mine: Record<string, string> = { ...(st[key] ?? {}) };
    // Names are compared as the app compares agencies (spacing, brackets, parent city written or not).
    const local = new Map(Object.keys(mine).map((k) => [normalizeAgency(k), k]));
    let changed = false;
    for (const [name, v] of Object.entries(theirs)) {
      const own = local.get(normalizeAgency(name));
      // A merge the other way round (ours: B → A, theirs: A → B) is a disagreement too.
      const reverse = what === 'alias' ? local.get(normalizeAgency(v)) : undefined;
      if (own !== undefined) {
        const same = what === 'alias' ? normalizeAgency(mine[own]!) === normalizeAgency(v) : mine[own] === v;
        if (!same) agencies.conflicts.push({ what, name, kept: mine[own]!, other: v });
      } else if (reverse !== undefined && normalizeAgency(mine[reverse]!) === normalizeAgency(name)) {
        agencies.conflicts.push({ what, name, kept: reverse, other: v, reverse: true });
      } else {
        mine[name] = v;
        local.set(normalizeAgency(name), name);
        changed = true;
        agencies.taken++;
      }
    }
    if (changed) changes.push({ coll: 'settings', id: key, value: mine });
  }
  return { changes, taken, conflicts, agencies };
}

/** Take the other side's records where this store has none; a different one is a conflict, ours kept. */
function mergeKeepingMine<T>(mine: Record<string, T>, theirs: Record<string, T>, same: (a: T, b: T) => boolean): { merged: Record<string, T>; taken: number; conflicts: Conflict<T>[] } {
  const merged: Record<string, T> = { ...mine };
  let taken = 0;
  const conflicts: Conflict<T>[] = [];
  for (const [id, t] of Object.entries(theirs)) {
    const m = mine[id];
    if (m === undefined) {
      merged[id] = t;
      taken++;
    } else if (!same(m, t)) conflicts.push({ id, kept: m, other: t });
  }
  return { merged, taken, conflicts };
}
