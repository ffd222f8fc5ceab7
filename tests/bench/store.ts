// Store benchmark (issue 6): saving a decision or annotation with 2,000 reports and 20,000
// annotations in the store.
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { emptyData, ReviewStore } from '../../src/services/store/index.js';
import { makeAnchor } from '../../src/core/review.js';
import { fmt, row, stats } from './util.js';

export async function benchStore() {
  console.log('\n### Review store (lowdb snapshot + journal)\n');
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-bench-store-'));
  const p = join(dir, 'review.json');
  const d = emptyData('基准');
  const now = new Date().toISOString();
  const text = '本年度共收到政府信息公开申请3件，予以公开2件，结转下年度办理1件。'.repeat(4);
  for (let r = 0; r < 2000; r++) {
    const reportKey = `k${r}`;
    d.statuses[reportKey] = { reportKey, status: 'in_progress', by: '基准', at: now, version: 1 };
    d.scores[reportKey] = { reportKey, rubricId: 'default', rubricVersion: 1, criteria: [{ id: 'timely', points: 10, comment: '' }], total: 90, by: '基准', at: now, version: 1 };
    for (let k = 0; k < 10; k++) {
      const id = `a${r}-${k}`;
      d.annotations[id] = { id, reportKey, anchor: makeAnchor(text, 5 + k, 15 + k, 'sha'), category: 'data', severity: 'warning', note: `第 ${k} 条批注：数字与表格不符，请核对。`, by: '基准', at: now, version: 1 };
    }
    for (let k = 0; k < 5; k++) {
      const id = `${reportKey}|R-SUM-ROW:requests:row${k}:total`;
      d.decisions[id] = { id, reportKey, fingerprint: `R-SUM-ROW:requests:row${k}:total`, rule: 'R-SUM-ROW', verdict: 'confirmed', comment: '', by: '基准', at: now, version: 1 };
    }
  }
  // First open by this version (issue 11): a store without the mark has every record checked once.
  delete d.recordsChecked;
  writeFileSync(p, JSON.stringify(d));
  const t1 = performance.now();
  const first = await ReviewStore.open(p);
  const firstMs = performance.now() - t1;
  await first.store.close();
  d.recordsChecked = 1;
  writeFileSync(p, JSON.stringify(d));
  const size = statSync(p).size;
  let t0 = performance.now();
  const { store } = await ReviewStore.open(p);
  const openMs = performance.now() - t0;
  const ms: number[] = [];
  for (let i = 0; i < 600; i++) {
    t0 = performance.now();
    if (i % 2) store.setDecision({ reportKey: `k${i}`, fingerprint: `R-TEXT-TABLE:requests:received:${i}`, rule: 'R-TEXT-TABLE', verdict: 'confirmed', comment: '已核实' });
    else store.upsertAnnotation({ id: `new${i}`, reportKey: `k${i}`, anchor: makeAnchor(text, 3, 9, 'sha'), category: 'wording', severity: 'info', note: '表述不规范' });
    ms.push(performance.now() - t0);
  }
  t0 = performance.now();
  await store.snapshot();
  const snapMs = performance.now() - t0;
  await store.close();
  // Recovery (issue 11): the snapshot is damaged; bak1 (the previous snapshot) plus the journal.
  writeFileSync(p, '{"schemaVersion":2,"seq":');
  t0 = performance.now();
  const rec = await ReviewStore.open(p);
  const recoverMs = performance.now() - t0;
  const lost = 600 - Object.keys(rec.store.data.annotations).filter((k) => k.startsWith('new')).length * 2;
  await rec.store.close();
  const s = stats(ms.slice(100));
  row(['measure', 'n', 'median', 'p95', 'budget']);
  row(['---', '---', '---', '---', '---']);
  row([`save a decision or annotation (durable: journal append + fdatasync), store of ${(size / 1e6).toFixed(1)} MB`, s.n, fmt(s.median), fmt(s.p95), '≤ 20 ms p95']);
  row(['open the store (2,000 reports, 20,000 annotations, 10,000 decisions)', 1, fmt(openMs), '', '']);
  row(['first open by this version: every record checked against its schema once (then snapshot)', 1, fmt(firstMs), '', '']);
  row(['snapshot rewrite (background, every 1,000 changes and on close; durable: fsync file + folder, bak1 by hard link)', 1, fmt(snapMs), '', '']);
  row([`open after a damaged snapshot: bak1 + journal replay (changes lost: ${lost})`, 1, fmt(recoverMs), '', '']);
}
