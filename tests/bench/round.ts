// The round's hand-ins (issue 16): the overview of 2,000 reports drawn in the browser desk, and 500
// feedback letters written as DOCX.
import { chromium } from '@playwright/test';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHost } from '../e2e/host.js';
import { CORPUS } from '../helpers/docs.js';
import { makeRound, seedRound } from '../helpers/round.js';
import { buildLetters } from '../../src/core/letters.js';
import { writeLetters } from '../../src/services/letters.js';
import { ReviewStore } from '../../src/services/store/index.js';
import { defaultRubric } from '../../src/services/resources.js';
import { checkPaths } from '../../src/services/check.js';
import { fmt, row, stats } from './util.js';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function benchRound() {
  console.log('\n### The round at a glance and the feedback letters\n');
  row(['measure', 'n', 'median', 'max', 'budget']);
  row(['---', '---', '---', '---', '---']);

  // 500 letters.
  const dir500 = join(CORPUS, 'bench-round-500');
  const files500 = makeRound(dir500, 500, 5);
  const store500 = join(mkdtempSync(join(tmpdir(), 'nianbao-bench-letters-')), 'review.json');
  await seedRound(store500, files500);
  const { result, docs } = await checkPaths(files500);
  const texts = new Map<string, string>();
  for (const d of docs) d.json.reports.forEach((r) => d.doc && texts.set(r.key, d.doc.text));
  const { store } = await ReviewStore.open(store500, { readOnly: true });
  const review = { decisions: store.data.decisions, annotations: store.data.annotations, scores: store.data.scores, statuses: store.data.statuses };
  await store.close();
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const out = mkdtempSync(join(tmpdir(), 'nianbao-bench-letters-out-'));
    const t0 = performance.now();
    const letters = buildLetters({ check: result, review, rubric: defaultRubric(), texts, date: new Date().toISOString() });
    const r = await writeLetters(out, letters);
    times.push(performance.now() - t0);
    if (r.written.length !== 500 || readdirSync(out).length !== 500) throw new Error(`wrote ${r.written.length} letters`);
  }
  const l = stats(times);
  row(['500 feedback letters (build + DOCX written)', l.n, fmt(l.median), fmt(l.max), '≤ 30 s']);

  // Overview of 2,000 reports.
  const dir = join(CORPUS, 'bench-round-2000');
  const files = makeRound(dir, 2000, 9);
  const storePath = join(mkdtempSync(join(tmpdir(), 'nianbao-bench-round-')), 'review.json');
  await seedRound(storePath, files);
  const host = await startHost([dir], { store: storePath });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  await page.goto(host.url);
  await page.waitForSelector('body[data-ready="1"]');
  await page.waitForFunction(() => document.querySelector('.statusbar')?.textContent?.includes('2000 份年报'), null, { timeout: 300_000 });
  const drawn: number[] = [];
  for (let i = 0; i < 6; i++) {
    await page.evaluate(() => {
      performance.clearMarks();
      const btn = document.querySelector('[data-testid="overview-toggle"]') as HTMLElement;
      (window as unknown as { __t0: number }).__t0 = performance.now();
      btn.click();
    });
    await page.waitForFunction(() => document.querySelectorAll('[data-chart][data-drawn="1"]').length === 5, null, { timeout: 30_000 });
    drawn.push(await page.evaluate(() => Math.max(...performance.getEntriesByType('mark').filter((m) => m.name.startsWith('nianbao-chart-drawn-')).map((m) => m.startTime)) - (window as unknown as { __t0: number }).__t0));
    await page.locator('[data-testid="overview-toggle"]').click();
    await page.waitForSelector('[data-testid="overview"]', { state: 'detached' });
  }
  const d = stats(drawn.slice(1));
  row(['overview of 2,000 reports (click 总览 → five charts painted)', d.n, fmt(d.median), fmt(d.max), '≤ 500 ms']);
  await browser.close();
  await host.stop();
}
