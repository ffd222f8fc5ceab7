// UI benchmark (issue 5): Playwright timings on the test host, Debian's Chromium.
import { chromium } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { startHost } from '../e2e/host.js';
import { CORPUS, chromiumPdf } from '../helpers/docs.js';
import { FIXTURES, SEEDS } from '../helpers/engine.js';
import { buildReport, consistentRequests } from '../helpers/reportgen.js';
import { fmt, row, stats } from './util.js';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function benchUi() {
  console.log('\n### Review desk (Playwright on the test host, Debian Chromium)\n');
  row(['measure', 'n', 'median', 'max', 'budget']);
  row(['---', '---', '---', '---', '---']);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });

  // Renderer ready and opening text/HTML reports.
  const host = await startHost([FIXTURES]);
  const ready: number[] = [];
  for (let i = 0; i < 6; i++) {
    await page.goto(host.url);
    await page.waitForSelector('body[data-ready="1"]');
    ready.push(await page.evaluate(() => performance.getEntriesByName('nianbao-ready')[0]!.startTime));
  }
  const r = stats(ready.slice(1));
  row(['renderer ready (navigation → queue shown)', r.n, fmt(r.median), fmt(r.max), '≤ 1.5 s']);
  const opens: number[] = [];
  const rows = await page.locator('.queue-row').count();
  for (let i = 0; i < rows * 2; i++) {
    await page.evaluate(() => performance.clearMeasures('nianbao-open'));
    await page.locator('.queue-row').nth(i % rows).click();
    await page.waitForFunction(() => performance.getEntriesByName('nianbao-open').length > 0);
    opens.push(await page.evaluate(() => performance.getEntriesByName('nianbao-open')[0]!.duration));
    await page.waitForTimeout(50);
  }
  const o = stats(opens);
  row(['open a text/HTML report from the queue (click → rendered)', o.n, fmt(o.median), fmt(o.max), '≤ 300 ms']);
  await host.stop();

  // First PDF page.
  const pdf = chromiumPdf('shanghai', readFileSync(SEEDS.shanghai, 'utf8'));
  const ph = await startHost([pdf]);
  const firsts: number[] = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(ph.url);
    await page.waitForSelector('body[data-ready="1"]');
    await page.locator('.queue-row').first().click();
    await page.waitForFunction(() => performance.getEntriesByName('nianbao-pdf-first-page').length > 0, null, { timeout: 15_000 });
    firsts.push(await page.evaluate(() => performance.getEntriesByName('nianbao-pdf-first-page')[0]!.startTime - performance.getEntriesByName('nianbao-open-start')[0]!.startTime));
  }
  const f = stats(firsts.slice(1));
  row(['first PDF page rendered (click → canvas painted)', f.n, fmt(f.median), fmt(f.max), '≤ 1 s']);
  await ph.stop();

  await benchEvidence(page);

  // A queue of 2,000 reports: scrolling without long tasks.
  const dir = join(CORPUS, 'bench-ui-2000');
  if (!existsSync(join(dir, 'r1999.txt'))) {
    mkdirSync(dir, { recursive: true });
    let seed = 3;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 2000; i++) writeFileSync(join(dir, `r${i}.txt`), buildReport({ agency: `第${i}号测试局`, year: 2021 + (i % 3), requests: consistentRequests(rand, 40) }));
  }
  const big = await startHost([dir]);
  await page.goto(big.url);
  await page.waitForSelector('body[data-ready="1"]');
  await page.waitForFunction(() => document.querySelector('.statusbar')?.textContent?.includes('2000 份年报'), null, { timeout: 120_000 });
  await page.evaluate(() => {
    (window as unknown as { __long: number[] }).__long = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) (window as unknown as { __long: number[] }).__long.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  const list = page.locator('[data-testid="queue"]');
  await list.hover();
  const t0 = Date.now();
  for (let i = 0; i < 120; i++) {
    await page.mouse.wheel(0, i % 40 < 30 ? 900 : -1500);
    await page.waitForTimeout(16);
  }
  // Keyboard navigation through the queue too.
  const long = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
  row([`scroll a queue of 2,000 reports for ${((Date.now() - t0) / 1000).toFixed(1)} s: long tasks (> 50 ms)`, long.length, long.length ? fmt(stats(long).median) : '—', long.length ? fmt(Math.max(...long)) : '—', 'none over 50 ms']);
  await big.stop();
  await browser.close();
}

/** Issue 13: clicking a finding → its evidence painted (original scrolled and highlighted, cells lit). */
export async function benchEvidence(given?: import('@playwright/test').Page) {
  const browser = given ? null : await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  if (!given) {
    console.log('\n### Review desk: finding → evidence (Playwright on the test host, Debian Chromium)\n');
    row(['measure', 'n', 'median', 'max', 'budget']);
    row(['---', '---', '---', '---', '---']);
  }
  const page = given ?? (await browser!.newPage({ viewport: { width: 1500, height: 900 } }));
  // Issue 13: clicking a finding → its evidence painted (original scrolled and highlighted, cells lit).
  const pdf = chromiumPdf('shanghai', readFileSync(SEEDS.shanghai, 'utf8'));
  const ev = await startHost([FIXTURES, pdf]);
  for (const [label, kind] of [
    ['text/HTML/DOCX', (k: string) => k !== 'pdf'],
    ['PDF', (k: string) => k === 'pdf'],
  ] as const) {
    const times: number[] = [];
    await page.goto(ev.url);
    await page.waitForSelector('body[data-ready="1"]');
    const n = await page.locator('.queue-row').count();
    for (let r = 0; r < n && times.length < 120; r++) {
      const row = page.locator('.queue-row').nth(r);
      const isPdf = ((await row.getAttribute('title')) ?? '').toLowerCase().endsWith('.pdf');
      if (!kind(isPdf ? 'pdf' : 'text')) continue;
      await row.click();
      await page.waitForSelector('[data-testid="original"][data-ready]:not([data-ready=""])');
      if (isPdf) await page.waitForSelector('.pdf-page canvas[data-rendered="1"]', { timeout: 15_000 });
      // Findings with evidence in the original (a missing date has none to show).
      const fps = await page.locator('.finding').evaluateAll((els) => els.map((e) => e.getAttribute('data-fingerprint')!));
      for (const fp of fps.slice(0, 12)) {
        // A string, not a function: tsx's name helpers do not exist in the page.
        const ms = (await page.evaluate(`(async () => {
          const el = document.querySelector('.finding[data-fingerprint="' + CSS.escape(${JSON.stringify('FP')}) + '"]');
          performance.clearMarks('nianbao-evidence');
          const t0 = performance.now();
          el.click();
          // Evidence shown (layout effect) and the next frame painted.
          await new Promise((res) => {
            const tick = () => (performance.getEntriesByName('nianbao-evidence').length ? requestAnimationFrame(() => setTimeout(res, 0)) : performance.now() - t0 > 3000 ? res() : requestAnimationFrame(tick));
            tick();
          });
          return performance.getEntriesByName('nianbao-evidence').length ? performance.now() - t0 : -1;
        })()`.replace('"FP"', JSON.stringify(fp)))) as number;
        if (ms >= 0) times.push(ms);
      }
    }
    const t = stats(times);
    row([`click a finding → evidence painted (${label})`, t.n, fmt(t.median), fmt(t.max), '≤ 150 ms median']);
  }
  await ev.stop();

  await browser?.close();
}
