// The pieces every record schema of the store is built from (record-schemas.ts, correction-schema.ts).
import { z } from 'zod';

export const str = (max: number) => z.string().max(max);
export const stamp = { by: str(200), at: str(40), version: z.number().int().min(0).max(1e9) };
export const keyStr = str(400).min(1);
/** A place in the original document; `quoteMax` bounds the quoted text. */
export const anchorSchema = (quoteMax: number) =>
  z.object({
    quote: str(quoteMax),
    prefix: str(1000),
    suffix: str(1000),
    start: z.number().int().min(0),
    end: z.number().int().min(0),
    page: z.number().int().min(0).optional(),
    docSha256: str(200),
  });
