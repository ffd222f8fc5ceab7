// A writer process for the kill -9 trials: writes decisions and annotations as fast as it can and
// prints "ok <kind> <id>" after each change returns (the change is then claimed durable).
// With a third argument (a snapshot step), it prints "at <step>" there and hangs, to be killed.
import { ReviewStore, storeFs } from '../../src/services/store/index.js';

const [path, trial, stopAt] = process.argv.slice(2);
const { store } = await ReviewStore.open(path!, { auditor: 'writer' });
process.stdout.write('open\n');
if (stopAt) {
  storeFs.step = (name) => {
    if (name !== stopAt) return;
    process.stdout.write(`at ${name}\n`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // hang until killed
  };
}
for (let n = 1; ; n++) {
  const id = `t${trial}-${n}`;
  if (n % 3 === 0) {
    store.upsertAnnotation({
      id,
      reportKey: `r${n % 50}`,
      anchor: { quote: `第${n}条`, prefix: '', suffix: '', start: n, end: n + 3, docSha256: 'x' },
      category: 'data',
      severity: 'warning',
      note: `批注 ${id} `.repeat(8),
    });
    process.stdout.write(`ok a ${id}\n`);
  } else {
    store.setDecision({ reportKey: `r${n % 50}`, fingerprint: id, rule: 'R-SUM-ROW', verdict: 'confirmed', comment: `第 ${n} 个` });
    process.stdout.write(`ok d r${n % 50}|${id}\n`);
  }
  if (n % 20 === 0) await new Promise((r) => setImmediate(r));
}
