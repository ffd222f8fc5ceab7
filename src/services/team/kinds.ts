// Record kinds a round shares beyond those core/changes.ts knows: the auditor's corrections of the
// machine's reading (issue 21), checked by the store's own schema, without their stamps.
import { registerKind } from '../../core/changes.js';
import { correctionBodySchema } from '../store/index.js';

registerKind('correction', {
  schema: correctionBodySchema as unknown as Parameters<typeof registerKind>[1]['schema'],
  keyOf: (b) => String(b.id),
  reportKeyOf: (b) => String(b.reportKey),
});
