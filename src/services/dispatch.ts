// Validate a call against the contract and run it on the AppService. Used by the Electron IPC
// handlers and by the browser desk, so both accept exactly the same calls. Channels that read or
// write files take grants (src/services/grants.ts); the paths they stand for are resolved here and
// never come from the caller.
import { contract, type Channel, type Purpose } from '../ipc/contract.js';
import type { AppService } from './app/index.js';
import { GrantError } from './grants.js';
import { xmlSafeDeep } from '../core/xml-safe.js';

export class CallError extends Error {
  constructor(
    readonly code: 'BAD_CHANNEL' | 'BAD_ARGS' | 'NOT_GRANTED' | 'FAILED',
    message: string,
    /** What the service threw (FAILED): its errno code or status tells the HTTP status. */
    readonly failure?: unknown,
  ) {
    super(message);
  }
}

/** A zod issue in the user's language (the desk shows these). */
function issueWords(i: { code: string; path: PropertyKey[]; expected?: unknown; maximum?: unknown; minimum?: unknown }): string {
  const where = i.path.map(String).join('.') || '参数';
  switch (i.code) {
    case 'invalid_type':
      return `${where} 的类型不对（应为 ${String(i.expected)}）`;
    case 'too_big':
      return `${where} 超出上限 ${String(i.maximum)}`;
    case 'too_small':
      return `${where} 低于下限 ${String(i.minimum)}`;
    case 'unrecognized_keys':
      return `${where} 含有不认识的字段`;
    case 'invalid_value':
    case 'invalid_format':
      return `${where} 的取值不对`;
    default:
      return `${where} 不对`;
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
  if (!Object.hasOwn(contract, channel)) throw new CallError('BAD_CHANNEL', `没有这个操作：${channel.slice(0, 60)}`);
  const c = channel as Channel;
  const parsed = contract[c].args.safeParse(raw ?? {});
  if (!parsed.success) throw new CallError('BAD_ARGS', `操作 ${channel} 的参数不对：${parsed.error.issues.slice(0, 3).map(issueWords).join('；')}`);
  const granted = GRANTED[c];
  // Characters XML 1.0 forbids never enter the store (they would break every .xlsx/.docx written later).
  let args: unknown = xmlSafeDeep(parsed.data);
  let spend: string | null = null;
  if (granted) {
    const data = args as { grant?: string; grants?: string[] };
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
  if (typeof fn !== 'function') throw new CallError('BAD_CHANNEL', `没有这个操作：${channel}`);
  let wrote = true;
  try {
    const result = (await fn.call(app, args)) as { exists?: boolean; existing?: unknown[] } | null;
    // Nothing written yet (the target exists and the user is asked): the grant stays good for the answer.
    if (result && (result.exists || result.existing?.length)) wrote = false;
    return result;
  } catch (e) {
    throw new CallError('FAILED', (e as Error).message, e);
  } finally {
    // A write grant is for one write of the target the user chose.
    if (spend && wrote) app.grants.spend(spend);
  }
}
