// Development/test entry of the check worker: runs the TypeScript source through tsx.
// Builds bundle check-worker.ts into check-worker.mjs and never load this file.
import { register } from 'tsx/esm/api';

register();
await import('./check-worker.ts');
