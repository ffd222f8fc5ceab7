// Hostile HTML and DOCX reports (issue 13 point 4): the original is built from the parsed document,
// so no script runs, no event handler fires, no javascript: link, iframe, image, style sheet or
// font is loaded. A local HTTP server counts every request the page could make.
import { expect, test } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHost, ROOT, type Host } from './host';
import { soffice } from '../helpers/docs';

let host: Host;
let bait: Server;
let baitHits: string[] = [];
let port = 0;

function hostile(html: string, port: number): string {
  const u = (p: string) => `http://127.0.0.1:${port}/${p}`;
  const head = `<link rel="stylesheet" href="${u('css')}"><style>@import url(${u('import')}); body{background:url(${u('bg')})} @font-face{font-family:x;src:url(${u('font')})}</style>
<script>window.__pwned='script';fetch('${u('fetch')}')</script><script src="${u('js')}"></script><base href="${u('base/')}"><meta http-equiv="refresh" content="0;url=${u('refresh')}">`;
  const body = `<iframe src="${u('iframe')}"></iframe><img src="${u('img')}" onerror="window.__pwned='onerror'"><svg onload="window.__pwned='svg'"><image href="${u('svgimg')}"/></svg>
<object data="${u('object')}"></object><embed src="${u('embed')}"><video poster="${u('poster')}"></video>
<p onmouseover="window.__pwned='hover'" style="background:url(${u('inline')})">恶意段落 <a href="javascript:window.__pwned='link'">点此链接</a> <a href="${u('anchor')}">外部链接</a></p>
<form action="${u('form')}"><input name="q" autofocus onfocus="window.__pwned='focus'"><button>提交</button></form>`;
  return html
    .replace(/<head>/i, `<head>${head}`)
    .replace(/<body[^>]*>/i, (m) => `${m}${body}`)
    .replace(/<td([^>]*)>/i, `<td$1 onclick="window.__pwned='td'" style="background-image:url(${u('td')})"><img src="${u('cellimg')}">`);
}

test.beforeAll(async () => {
  bait = createServer((req, res) => {
    baitHits.push(req.url ?? '');
    res.end('window.__pwned="remote"');
  });
  // A free port: closed while LibreOffice builds the DOCX (its fetches are refused, and this
  // process is blocked meanwhile), then listened on again to count the desk's requests.
  await new Promise<void>((r) => bait.listen(0, '127.0.0.1', () => r()));
  port = (bait.address() as { port: number }).port;
  await new Promise<void>((r) => bait.close(() => r()));
  const html = hostile(readFileSync(join(ROOT, '..', 'shared', 'fixtures', 'real', 'shanghai-office-2019.html'), 'utf8'), port);
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-hostile-'));
  const htmlFile = join(dir, 'hostile.html');
  writeFileSync(htmlFile, html);
  const docx = soffice({ name: `hostile-${port}.html`, content: html.replace(/上海市人民政府办公厅/g, '恶意文档测试办公室') }, 'docx');
  await new Promise<void>((r) => bait.listen(port, '127.0.0.1', () => r()));
  host = await startHost([htmlFile, docx]);
  baitHits = [];
});
test.afterAll(async () => {
  await host?.stop();
  bait.close();
});

for (const [name, agency] of [
  ['HTML', '上海市人民政府办公厅'],
  ['DOCX', '恶意文档测试办公室'],
] as const) {
  test(`4 · a hostile ${name} report: nothing executes or loads`, async ({ page }) => {
    const foreign: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(host.url.replace(/\/[^/]*$/, '')) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) foreign.push(r.url());
    });
    const dialogs: string[] = [];
    page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
    await page.goto(host.url);
    await page.waitForSelector('body[data-ready="1"]');
    await page.locator('.queue-row', { hasText: agency }).first().click();
    const doc = page.locator('[data-testid="original"]');
    await expect(doc).toHaveAttribute('data-ready', /.+/);
    await expect(doc).toContainText('三、本年度办理结果');
    // Nothing of the markup reached the renderer.
    for (const sel of ['script', 'iframe', 'img', 'object', 'embed', 'svg', 'video', 'link', 'style', 'a', 'form', 'input', 'base', 'meta']) await expect(doc.locator(sel)).toHaveCount(0);
    expect(await doc.evaluate((e) => [...e.querySelectorAll('*')].filter((x) => [...x.attributes].some((a) => a.name.startsWith('on') || a.name === 'href' || a.name === 'src')).length)).toBe(0);
    // Interact with every part of it: hover, click the text that was a javascript: link.
    const link = doc.getByText('点此链接');
    if (await link.count()) {
      await link.first().hover();
      await link.first().click();
    }
    await doc.locator('td').first().click();
    await page.locator('[data-rule="R-TEXT-TABLE"]').first().click();
    await page.waitForTimeout(800);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(foreign).toEqual([]);
    expect(baitHits).toEqual([]);
    await page.screenshot({ path: join(ROOT, '.tmp/desk', `4-hostile-${name}.png`) });
  });
}
