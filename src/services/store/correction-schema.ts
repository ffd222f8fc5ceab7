// The shape of a correction record (core/corrections.ts), checked like every other record of the
// auditor's work: on review-file import, and once for stores written by an earlier version. The
// schema's output must equal the record type (checked by the compiler below).
import { z } from 'zod';
import { cellExists, correctionId, rowExists, type CellCorrection, type Correction, type RowCorrection, type SectionCorrection } from '../../core/corrections.js';
import { SECTION_KEYS } from '../../core/model.js';
import { anchorSchema, keyStr, stamp, str } from './schema-parts.js';

const base = { id: keyStr, reportKey: keyStr, deleted: z.boolean().optional(), ...stamp };
const anchor = anchorSchema(2000);

const cellSchema = z.object({
  ...base,
  kind: z.enum(['value', 'blank', 'confirm']),
  table: z.enum(['proactive', 'requests', 'reviews']),
  row: str(100).min(1),
  col: str(100).min(1),
  raw: str(40).optional(),
  read: z.object({ raw: str(2000), value: z.number().finite().nullable() }),
});
const sectionSchema = z.object({ ...base, kind: z.literal('section'), section: z.enum(SECTION_KEYS as [string, ...string[]]) as z.ZodType<SectionCorrection['section']>, anchor });
const rowSchema = z.object({ ...base, kind: z.literal('row'), table: z.enum(['proactive', 'requests']), row: str(100).min(1), readAs: str(100).nullable(), anchor });

export const correctionSchema = z.discriminatedUnion('kind', [cellSchema, sectionSchema, rowSchema]).superRefine((c, ctx) => {
  const add = (message: string, path: string[] = []) => ctx.addIssue({ code: 'custom', path, message });
  if (c.kind === 'value' || c.kind === 'blank' || c.kind === 'confirm') {
    if (!cellExists(c.table, c.row, c.col)) add(`不是统计表中的单元格（${c.table}/${c.row}/${c.col}）`, ['row']);
    if (c.kind === 'value' && c.raw === undefined) add('更正数值缺少更正后的值', ['raw']);
  } else if (c.kind === 'row' && !rowExists(c.table, c.row)) add(`不是${c.table === 'requests' ? '表三' : '表二'}中的行（${c.row}）`, ['row']);
  // The id names what is corrected: one record per cell / section / label.
  const want = correctionId(c as never);
  if (c.id !== want) add(`记录编号与内容不一致（应为 ${want.slice(0, 80)}）`, ['id']);
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _shapesAgree: [Same<z.output<typeof cellSchema>, CellCorrection>, Same<z.output<typeof sectionSchema>, SectionCorrection>, Same<z.output<typeof rowSchema>, RowCorrection>] = [true, true, true];
void _shapesAgree;

export type { Correction };
