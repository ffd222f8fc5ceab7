// Validate a call against the contract and run it on the AppService. Used by the Electron IPC
// handlers and by the browser desk, so both accept exactly the same calls. Channels that read or
// write files take grants (src/services/grants.ts); the paths they stand for are resolved here and
// never come from the caller.
import { contract, type Channel, type Purpose } from '../ipc/contract.js';
import type { AppService } from './app/index.js';
import { GrantError } from './grants.js';

export class CallError extends Error {
  constructor(
    readonly code: 'BAD_CHANNEL' | 'BAD_ARGS' | 'NOT_GRANTED' | 'FAILED',
    message: string,
  ) {
    super(message);
  }
}

/** Channels on files: which grant purposes each accepts, and the AppService method that does the work. */
const GRANTED: Partial<Record<Channel, { purposes: Purpose[]; method: string }>> = {
  openGranted: { purposes: ['openFiles', 'openFolder'], method: 'importPaths' },
  exportWorkbook: { purposes: ['saveWorkbook'], method: 'exportWorkbook' },
  exportReview: { purposes: ['saveReview'], method: 'exportReview' },
  importReview: { purposes: ['openReview'], method: 'importReview' },
  exportRubric: { purposes: ['saveRubric'], method: 'exportRubric' },
  importRubric: { purposes: ['openRubric'], method: 'importRubric' },
  relocateStore: { purposes: ['moveStore'], method: 'relocateStore' },
  exportLetters: { purposes: ['saveLetters'], method: 'exportLetters' },
};

export async function dispatch(app: AppService, channel: string, raw: unknown): Promise<unknown> {
  if (!Object.hasOwn(contract, channel)) throw new CallError('BAD_CHANNEL', `unknown channel ${channel}`);
  const c = channel as Channel;
  const parsed = contract[c].args.safeParse(raw ?? {});
  if (!parsed.success) throw new CallError('BAD_ARGS', `invalid arguments for ${channel}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  const granted = GRANTED[c];
  let args: unknown = parsed.data;
  let spend: string | null = null;
  if (granted) {
    const data = parsed.data as { grant?: string; grants?: string[] };
    try {
      if (data.grants) args = { paths: data.grants.map((g) => app.grants.take(g, granted.purposes).path) };
      else {
        const g = app.grants.take(data.grant!, granted.purposes);
        const { grant: _grant, ...rest } = data as Record<string, unknown>;
        args = { ...rest, path: g.path, overwrite: g.overwrite };
        spend = data.grant!;
      }
    } catch (e) {
      if (e instanceof GrantError) throw new CallError('NOT_GRANTED', e.message);
      throw e;
    }
  }
  const name = granted?.method ?? c;
  const fn = (app as unknown as Record<string, (a: unknown) => unknown>)[name];
  if (typeof fn !== 'function') throw new CallError('BAD_CHANNEL', `no handler for ${channel}`);
  let wrote = true;
  try {
    const result = (await fn.call(app, args)) as { exists?: boolean; existing?: unknown[] } | null;
    // Nothing written yet (the target exists and the user is asked): the grant stays good for the answer.
    if (result && (result.exists || result.existing?.length)) wrote = false;
    return result;
  } catch (e) {
    throw new CallError('FAILED', (e as Error).message);
  } finally {
    // A write grant is for one write of the target the user chose.
    if (spend && wrote) app.grants.spend(spend);
  }
}
