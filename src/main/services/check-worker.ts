// Worker thread: read, parse and check one file at a time for the pool in check.ts.
import { parentPort } from 'node:worker_threads';
import { checkFile } from './check.js';
import type { Settings } from '../../core/rules/index.js';

parentPort!.on('message', async (msg: { id: number; file: string; settings: Settings }) => {
  const result = await checkFile(msg.file, msg.settings);
  parentPort!.postMessage({ id: msg.id, result });
});
