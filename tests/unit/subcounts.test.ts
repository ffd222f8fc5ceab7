// Prose sub-counts (issue 24): "部分公开答复1件" and "其中予以公开4件" are compared with the row they
// name, never with （七）总计; in text and in a web page.
import { describe, expect, it } from 'vitest';
import { checkString } from '../helpers/engine.js';
import { buildReport } from '../helpers/reportgen.js';
import { requestsV1 } from '../helpers/structure-corpus.js';

const overview = (sentence: string, html: boolean) =>
  ['（一）主动公开', '2023年，我办主动公开各类信息120条。', '（二）依申请公开', sentence].map((x) => (html ? `<p>${x}</p>` : x)).join('\n');

const findings = async (sentence: string, html: boolean) => {
  const text = buildReport({ layout: html ? 'html' : 'tab', requests: requestsV1(), overview: overview(sentence, html) });
  const { json } = await checkString(text, html ? 'r.html' : 'r.txt');
  return json.reports[0]!.findings.filter((f) => f.rule === 'R-TEXT-TABLE');
};

describe.each([false, true])('prose sub-counts (html: %s)', (html) => {
  it('a reply count after a row name is that row’s, not （七）总计', async () => {
    // 部分公开 is 1 and （七）总计 6 in requestsV1.
    expect(await findings('全年收到申请6件，部分公开答复1件。', html)).toEqual([]);
    const f = await findings('全年收到申请6件，部分公开答复3件。', html);
    expect(f.map((x) => [x.row, x.expected, x.actual])).toEqual([['partial', 1, 3]]);
  });
  it('a sub-count after 其中 that names its row is compared with that row', async () => {
    expect(await findings('全年收到申请6件，其中予以公开4件。', html)).toEqual([]);
    const f = await findings('全年收到申请6件，其中予以公开9件。', html);
    expect(f.map((x) => [x.row, x.expected, x.actual])).toEqual([['granted', 4, 9]]);
  });
});
