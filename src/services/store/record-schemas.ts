// The schemas of the auditor's records (decisions, annotations, scores, statuses): used to check a
// store's records once (records that lost their shape are taken out) and to validate review files.
import { z } from 'zod';
import type { Correction } from '../../core/corrections.js';
import { correctionSchema } from './correction-schema.js';
import type { Annotation, Decision, Score, StatusRecord } from '../../core/review.js';
import type { StoreData } from './data.js';
import { annotationBody, decisionBody, scoreBody, statusBody } from '../../core/record-bodies.js';
import { stamp } from './schema-parts.js';

// The schemas only check: what is merged are the file's own records, so fields they do not know
// (added by a later version) pass through. Their shapes must agree with the types (checked below).
export const decisionSchema = decisionBody.extend(stamp);
export const annotationSchema = annotationBody.extend(stamp);
export const scoreSchema = scoreBody.extend(stamp);
export const statusSchema = statusBody.extend(stamp);
// A field added to a record type without its schema (or the reverse) fails the typecheck here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _shapesAgree: [
  Same<z.output<typeof decisionSchema>, Decision>,
  Same<z.output<typeof annotationSchema>, Annotation>,
  Same<z.output<typeof scoreSchema>, Score>,
  Same<z.output<typeof statusSchema>, StatusRecord>,
] = [true, true, true, true];
void _shapesAgree;
/** Per collection: the schema and the record's own name for the key it is stored under. */
export const RECORDS = {
  decisions: { schema: decisionSchema, idOf: (v: Decision) => v.id },
  annotations: { schema: annotationSchema, idOf: (v: Annotation) => v.id },
  scores: { schema: scoreSchema, idOf: (v: Score) => v.reportKey },
  statuses: { schema: statusSchema, idOf: (v: StatusRecord) => v.reportKey },
  corrections: { schema: correctionSchema, idOf: (v: Correction) => v.id },
} as const;
export const BAD_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export const issueWords = (i: z.core.$ZodIssue): string => {
  switch (i.code) {
    case 'invalid_type':
      return `应为 ${i.expected}`;
    case 'invalid_value':
      return `应为 ${i.values.map(String).join(' / ')} 之一`;
    case 'too_big':
      return `超出上限 ${String(i.maximum)}`;
    case 'too_small':
      return `低于下限 ${String(i.minimum)}`;
    case 'invalid_format':
      return '格式不对';
    default:
      return i.message;
  }
};

/**
 * Records of the auditor's work that do not have their shape (left by an earlier version's
 * unchecked import, or edited by hand) are taken out, so they cannot break a report or an export.
 */
export function takeOutInvalid(d: StoreData): { count: number; first: string; records: Record<string, Record<string, unknown>> } {
  const out = { count: 0, first: '', records: {} as Record<string, Record<string, unknown>> };
  for (const coll of Object.keys(RECORDS) as (keyof typeof RECORDS)[]) {
    const { schema, idOf } = RECORDS[coll];
    const c = d[coll] as Record<string, unknown>;
    for (const [id, v] of Object.entries(c)) {
      const r = schema.safeParse(v);
      const why = !r.success ? `${[coll, id, ...r.error.issues[0]!.path.map(String)].join(' › ')}：${issueWords(r.error.issues[0]!)}` : (idOf as (x: unknown) => string)(v) !== id ? `${coll} › ${id}：记录名与内容不一致` : '';
      if (!why) continue;
      (out.records[coll] ??= {})[id] = v;
      delete c[id];
      if (!out.count) out.first = why;
      out.count++;
    }
  }
  return out;
}

