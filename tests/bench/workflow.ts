// Auditor workflow benchmark (issue 14): a round of 2,000 reports through the real AppService and
// store. Filter / sort / round counter updates (≤ 100 ms) and bulk-deciding 500 findings (≤ 1 s,
// one undo step), plus the same triage in Chromium on the test host.
import { chromium } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AppService } from '../../src/services/app/index.js';
import { filterQueue, facets, NO_FILTERS, roundCounter, type QueueFilters, type QueueSort } from '../../src/core/queue.js';
import { startHost } from '../e2e/host.js';
import { CORPUS } from '../helpers/docs.js';
import { buildReport, consistentRequests } from '../helpers/reportgen.js';
import { fmt, row, stats } from './util.js';

/** 2,000 generated reports over three years; every other one without a date (R-DATE-MISSING). */
export function roundCorpus(): string {
  const dir = join(CORPUS, 'bench-round-2000');
  if (!existsSync(join(dir, 'r1999.txt'))) {
    mkdirSync(dir, { recursive: true });
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      const text = buildReport({ agency: `第${i}号测试局`, year: 2021 + (i % 3), requests: consistentRequests(rand, 40), ...(i % 2 ? { date: null } : {}) });
      writeFileSync(join(dir, `r${i}.txt`), text);
    }
  }
  return dir;
}

const ms = (fn: () => void, n = 30) => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return stats(out);
};

export async function benchWorkflow() {
  console.log('\n### Auditor workflow: a round of 2,000 reports (issue 14)\n');
  const dir = roundCorpus();
  const app = new AppService({ storePath: join(mkdtempSync(join(tmpdir(), 'nianbao-bench-flow-')), 'review.json'), auditor: '基准', files: [dir] });
  await app.init();
  const items = app.getWorkspace().items;
  row(['measure', 'n', 'median', 'max', 'budget']);
  row(['---', '---', '---', '---', '---']);
  const ws = ms(() => app.getWorkspace(), 10);
  row([`queue view after a change (app: ${items.length} reports, counts per report)`, ws.n, fmt(ws.median), fmt(ws.max), '']);
  const cases: [string, Partial<QueueFilters>, QueueSort][] = [
    ['filter: has errors', { errors: true }, 'agency'],
    ['filter: has undecided', { undecided: true }, 'agency'],
    ['filter: rule R-DATE-MISSING + year 2022', { rule: 'R-DATE-MISSING', year: '2022' }, 'agency'],
    ['filter: status + format + search', { status: 'todo', format: '2021', query: '99号' }, 'agency'],
    ['sort by year', {}, 'year'],
    ['sort by undecided', {}, 'undecided'],
  ];
  for (const [label, f, sort] of cases) {
    const s = ms(() => filterQueue(items, { ...NO_FILTERS, ...f }, sort));
    row([`${label} (pure, 2,000 rows)`, s.n, fmt(s.median), fmt(s.max), '≤ 100 ms']);
  }
  const c = ms(() => {
    roundCounter(items);
    facets(items);
  });
  row(['round counter + filter choices (pure, 2,000 rows)', c.n, fmt(c.median), fmt(c.max), '≤ 100 ms']);

  // Bulk: 500 findings of one rule across 500 reports, as one undo step.
  const keys = items.filter((i) => i.rules.includes('R-DATE-MISSING')).slice(0, 500).map((i) => i.key);
  const before = app.getWorkspace().undo;
  let t0 = performance.now();
  const r = app.decideRule({ keys, rule: 'R-DATE-MISSING', verdict: 'confirmed', comment: '无落款日期' });
  const bulkMs = performance.now() - t0;
  const label = app.getWorkspace().undo;
  t0 = performance.now();
  app.undo();
  const undoMs = performance.now() - t0;
  const after = app.getWorkspace();
  const undone = after.items.filter((i) => keys.includes(i.key)).every((i) => i.decided === 0 && i.status === 'todo');
  row([`bulk-decide ${r.decided} findings in ${r.reports} reports (durable, each its own record + history line)`, 1, fmt(bulkMs), '', '≤ 1 s']);
  row([`undo it: one step (“${label}”, before: ${before ?? 'none'}); all back to 未审: ${undone ? 'yes' : 'NO'}`, 1, fmt(undoMs), '', 'one step']);
  await app.close();

  // The same triage in Chromium: click → list and counter updated.
  const host = await startHost([dir]);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  await page.goto(host.url);
  await page.waitForSelector('body[data-ready="1"]');
  await page.waitForFunction(() => document.querySelector('.statusbar')?.textContent?.includes('2000 份年报'), null, { timeout: 120_000 });
  const ui: number[] = [];
  const clickAndWait = async (act: () => Promise<void>, until: string) => {
    const t = await page.evaluate(() => performance.now());
    await act();
    await page.waitForFunction((u) => document.querySelector('[data-testid=round]')?.textContent?.includes(u) || document.querySelector('[data-testid=queue-empty]') !== null, until);
    ui.push((await page.evaluate(() => performance.now())) - t);
  };
  for (let i = 0; i < 5; i++) {
    await clickAndWait(() => page.getByRole('button', { name: '有未判定' }).click(), '（列表中 1000 份）');
    await clickAndWait(() => page.getByRole('button', { name: '有未判定' }).click(), '未判定问题');
    await clickAndWait(() => page.getByLabel('年度', { exact: true }).selectOption('2022').then(() => undefined), '（列表中 667 份）');
    await clickAndWait(() => page.getByLabel('排序').selectOption('year').then(() => undefined), '（列表中 667 份）');
    await clickAndWait(() => page.getByLabel('年度', { exact: true }).selectOption('').then(() => undefined), '未判定问题');
    await page.getByLabel('排序').selectOption('agency');
  }
  const u = stats(ui);
  row(['Chromium: filter / sort click → list and counter shown (incl. Playwright round trip)', u.n, fmt(u.median), fmt(u.max), '≤ 100 ms']);
  await browser.close();
  await host.stop();
}
