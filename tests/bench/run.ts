// Benchmarks: `npm run bench [-- engine|pdf|store|export|ui|evidence|structure|ocr|ocr-quick|ocr-office|workflow|round|fuzz|hostile-images|team]`. Prints markdown tables for docs/performance.md.
import { cpus } from 'node:os';
import { benchEngine } from './engine.js';
import { benchPdf } from './pdf.js';
import { benchStore } from './store.js';
import { benchExport } from './export.js';
import { benchEvidence, benchUi } from './ui.js';
import { benchStructure } from './structure.js';
import { benchOcr } from './ocr.js';
import { benchOcrOffice } from './ocr-office.js';
import { benchWorkflow } from './workflow.js';
import { benchRound } from './round.js';
import { benchFuzz } from './fuzz.js';
import { benchTeam } from './team.js';
import { benchHostileImages } from './hostile-images.js';

const which = new Set(process.argv.slice(2));
const all = which.size === 0;
console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
if (all || which.has('engine')) await benchEngine();
if (all || which.has('pdf')) await benchPdf();
if (all || which.has('store')) await benchStore();
if (all || which.has('export')) await benchExport();
if (all || which.has('ui')) await benchUi();
if (!all && which.has('evidence')) await benchEvidence();
if (all || which.has('structure')) await benchStructure();
if (all || which.has('ocr')) await benchOcr();
if (which.has('ocr-quick')) await benchOcr(true);
if (which.has('ocr-office')) await benchOcrOffice(); // not in the default run: minutes of OCR
if (all || which.has('workflow')) await benchWorkflow();
if (all || which.has('round')) await benchRound();
if (which.has('fuzz')) await benchFuzz(); // not in the default run: several minutes
if (which.has('hostile-images')) await benchHostileImages(); // not in the default run: minutes
if (which.has('team')) await benchTeam(); // needs PostgreSQL installed; not in the default run
