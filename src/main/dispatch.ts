// Validate a call against the contract and run it on the AppService. Used by the Electron IPC
// handlers and by the test host, so both accept exactly the same calls.
import { contract, type Channel } from '../ipc/contract.js';
import type { AppService } from './services/app.js';

export class CallError extends Error {
  constructor(
    readonly code: 'BAD_CHANNEL' | 'BAD_ARGS' | 'FAILED',
    message: string,
  ) {
    super(message);
  }
}

export async function dispatch(app: AppService, channel: string, raw: unknown): Promise<unknown> {
  if (!Object.hasOwn(contract, channel)) throw new CallError('BAD_CHANNEL', `unknown channel ${channel}`);
  const c = channel as Channel;
  const parsed = contract[c].args.safeParse(raw ?? {});
  if (!parsed.success) throw new CallError('BAD_ARGS', `invalid arguments for ${channel}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  const fn = (app as unknown as Record<string, (a: unknown) => unknown>)[c];
  if (typeof fn !== 'function') throw new CallError('BAD_CHANNEL', `no handler for ${channel}`);
  try {
    return await fn.call(app, parsed.data);
  } catch (e) {
    throw new CallError('FAILED', (e as Error).message);
  }
}
