// HTML/DOCX table structure (issue 13 point 4): the reader records each table's rows and merged
// cells by offsets into the text it returns, so the desk can draw the published structure.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { htmlToText } from '../../src/core/readers/html';

const SHANGHAI = join(__dirname, '..', '..', '..', 'shared', 'fixtures', 'real', 'shanghai-office-2019.html');

describe('htmlToText layout', () => {
  it('keeps rowspan/colspan/th and points every cell at its own text', () => {
    const { text, layout } = htmlToText(
      '<p>表</p><table><tr><th rowspan="2">项目</th><th colspan="2">申请人</th></tr><tr><td>自然人</td><td></td></tr><tr><td colspan="3">合计 5</td></tr></table><p>完</p>',
    );
    expect(layout).toHaveLength(1);
    const rows = layout[0]!.rows;
    expect(rows).toHaveLength(3);
    expect(rows[0]!.cells.map((c) => [text.slice(c.start, c.end), c.rowspan, c.colspan, c.head])).toEqual([
      ['项目', 2, 1, true],
      ['申请人', 1, 2, true],
    ]);
    // The blank cell is a zero-width range at its place in the line.
    const blank = rows[1]!.cells[1]!;
    expect(blank.end).toBe(blank.start);
    expect(text[blank.start - 1]).toBe('\t');
    expect(text.slice(rows[2]!.start, rows[2]!.end)).toBe('合计 5');
    expect(rows[2]!.cells[0]!.colspan).toBe(3);
    for (const r of rows) expect(text.slice(r.start, r.end)).toBe(text.slice(r.start).split('\n')[0]);
  });

  it('bounds hostile merge attributes', () => {
    const { layout } = htmlToText('<table><tr><td rowspan="99999999" colspan="-4">a</td><td colspan="x">b</td></tr></table>');
    expect(layout[0]!.rows[0]!.cells.map((c) => [c.rowspan, c.colspan])).toEqual([
      [500, 1],
      [1, 1],
    ]);
  });

  it('the Shanghai page: 三、本年度办理结果 spans twenty rows, and the text is unchanged by the layout', () => {
    const html = readFileSync(SHANGHAI, 'utf8');
    const { text, layout } = htmlToText(html);
    const cells = layout.flatMap((t) => t.rows.flatMap((r) => r.cells));
    const results = cells.find((c) => text.slice(c.start, c.end).includes('三、本年度办理结果'))!;
    expect(results.rowspan).toBe(20);
    expect(cells.find((c) => text.slice(c.start, c.end) === '（三）不予公开')?.rowspan).toBe(8);
    // Every row is exactly one line of the text and its cells are its tab fields.
    for (const t of layout)
      for (const r of t.rows) {
        const line = text.slice(r.start, r.end);
        expect(line.includes('\n')).toBe(false);
        expect(r.cells.map((c) => text.slice(c.start, c.end))).toEqual(r.cells.length === 1 && line === '\t' ? [''] : line.split('\t'));
      }
  });
});
