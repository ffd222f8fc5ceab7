// Benchmarks: `npm run bench [-- engine|pdf|store|export]`. Prints markdown tables for docs/performance.md.
import { cpus } from 'node:os';
import { benchEngine } from './engine.js';
import { benchPdf } from './pdf.js';
import { benchStore } from './store.js';
import { benchExport } from './export.js';
import { benchUi } from './ui.js';

const which = new Set(process.argv.slice(2));
const all = which.size === 0;
console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
if (all || which.has('engine')) await benchEngine();
if (all || which.has('pdf')) await benchPdf();
if (all || which.has('store')) await benchStore();
if (all || which.has('export')) await benchExport();
if (all || which.has('ui')) await benchUi();
