// The shapes of the auditor's records without their stamps (who, when, version): what a round shares
// (core/changes.ts) and what the store checks with its stamps added (services/store/record-schemas.ts).
import { z } from 'zod';

export const str = (max: number) => z.string().max(max);
export const keyStr = str(400).min(1);
/** A place in the original document; `quoteMax` bounds the quoted text. */
export const anchorBody = (quoteMax: number) =>
  z.object({
    quote: str(quoteMax),
    prefix: str(1000),
    suffix: str(1000),
    start: z.number().int().min(0),
    end: z.number().int().min(0),
    page: z.number().int().min(0).optional(),
    docSha256: str(200),
  });

export const decisionBody = z.object({
  id: keyStr,
  reportKey: keyStr,
  fingerprint: str(400).min(1),
  rule: z.string().regex(/^R-[A-Z0-9-]+$/).max(100),
  verdict: z.enum(['confirmed', 'dismissed', 'pending']),
  comment: str(20_000),
});
export const annotationBody = z.object({
  id: keyStr,
  reportKey: keyStr,
  anchor: anchorBody(20_000),
  cellRef: str(200).optional(),
  category: z.enum(['data', 'missing', 'format', 'wording', 'other']),
  severity: z.enum(['error', 'warning', 'info']),
  note: str(20_000),
  deleted: z.boolean().optional(),
});
export const scoreBody = z.object({
  reportKey: keyStr,
  rubricId: str(100),
  rubricVersion: z.number().int().min(0),
  criteria: z.array(z.object({ id: str(100), points: z.number().finite().min(-1000).max(100_000).nullable(), comment: str(20_000) })).max(200),
  total: z.number().finite().nullable(),
  comment: str(20_000).optional(),
});
export const statusBody = z.object({ reportKey: keyStr, status: z.enum(['todo', 'in_progress', 'done']) });
