// The pieces every record schema of the store is built from (record-schemas.ts, correction-schema.ts):
// the record bodies a round shares (core/record-bodies.ts) and the stamp the store adds to each.
import { z } from 'zod';
import { anchorBody, keyStr, str } from '../../core/record-bodies.js';

export { keyStr, str };
export const stamp = { by: str(200), at: str(40), version: z.number().int().min(0).max(1e9) };
/** A place in the original document; `quoteMax` bounds the quoted text. */
export const anchorSchema = anchorBody;
