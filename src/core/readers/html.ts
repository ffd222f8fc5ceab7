// HTML page → report text. A real parser (htmlparser2), never regexes over markup; nothing on the
// page is executed or fetched. Block elements become lines, table rows become tab-separated lines
// with one field per <td>/<th> (so &nbsp; cells stay as empty fields in their place).

import { parseDocument } from 'htmlparser2';
import type { AnyNode, Element } from 'domhandler';
import { META_DATE_NAMES, looseDate } from '../extract/dates.js';
import { decodeText } from '../text/decode.js';
import type { DocTable } from '../model.js';

const SKIP = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'iframe', 'object', 'embed', 'head', 'button',
  'select', 'input', 'textarea', 'canvas', 'video', 'audio', 'map', 'img',
]);
const BLOCK = new Set([
  'p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'section', 'article', 'header',
  'footer', 'nav', 'aside', 'blockquote', 'pre', 'table', 'tbody', 'thead', 'tfoot', 'caption',
  'dl', 'dt', 'dd', 'form', 'fieldset', 'address', 'center', 'hr', 'main', 'figure', 'figcaption',
]);

export interface HtmlText {
  text: string;
  layout: DocTable[];
  title: string | null;
  encoding: string;
  /** Publication times from <meta name="PubDate" …> tags. */
  pageDates: { date: string; label: string }[];
}

/** Charset from a BOM or a <meta> in the first bytes; else strict UTF-8, else GB18030. */
export function decodeHtml(bytes: Uint8Array): { html: string; encoding: string } {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head);
  const declared = m?.[1]?.toLowerCase();
  if (declared && bytes[0] !== 0xef && bytes[0] !== 0xff && bytes[0] !== 0xfe) {
    const label = /^(gb2312|gbk|gb18030|x-gbk|cp936)$/.test(declared) ? 'gb18030' : declared;
    try {
      if (label !== 'utf-8' && label !== 'utf8') {
        return { html: new TextDecoder(label).decode(bytes), encoding: label };
      }
      return { html: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
    } catch {
      // Declared charset wrong or unknown: detect instead.
    }
  }
  const d = decodeText(bytes);
  return { html: d.text, encoding: d.encoding };
}

/** A merge attribute (rowspan/colspan) as the browser would read it, bounded. */
function span(v: string | undefined, max: number): number {
  const n = parseInt(v ?? '', 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, max) : 1;
}

export function htmlToText(html: string): { text: string; title: string | null; pageDates: HtmlText['pageDates']; layout: DocTable[] } {
  const dom = parseDocument(html, { decodeEntities: true, lowerCaseTags: true });
  let title: string | null = null;
  const pageDates: HtmlText['pageDates'] = [];
  const meta = (el: Element) => {
    const name = el.attribs.name ?? el.attribs.property ?? el.attribs.itemprop ?? el.attribs['http-equiv'] ?? '';
    if (!META_DATE_NAMES.test(name.trim())) return;
    const date = looseDate(el.attribs.content);
    if (date) pageDates.push({ date, label: name.trim() });
  };
  const out: string[] = [];
  // Offset of the next line in the joined text, and the structure of the tables seen.
  let pos = 0;
  const layout: DocTable[] = [];
  const tableOf = new Map<Element, DocTable>();
  const push = (l: string) => {
    out.push(l);
    pos += l.length + 1;
  };
  let line = '';
  const flush = () => {
    const t = line.replace(/[ \t\u00a0]+$/g, '');
    if (t.trim()) push(t.replace(/^[ \u00a0]+/, ''));
    line = '';
  };

  const inlineText = (n: AnyNode, pre: boolean): string => {
    if (n.type === 'text') {
      const d = (n as unknown as { data: string }).data;
      return pre ? d : d.replace(/[\s\r\n]+/g, (w) => (w.includes('\u00a0') ? '\u00a0' : ' '));
    }
    if (n.type !== 'tag' && n.type !== 'script' && n.type !== 'style') return '';
    const el = n as Element;
    if (SKIP.has(el.name)) return '';
    if (el.name === 'br') return ' ';
    let s = '';
    for (const c of el.children) s += inlineText(c, pre || el.name === 'pre');
    if (BLOCK.has(el.name) || el.name === 'tr' || el.name === 'td' || el.name === 'th') s = ` ${s} `;
    return s;
  };

  const cellText = (el: Element) =>
    inlineText(el, false)
      .replace(/[ ]+/g, ' ')
      .replace(/\t/g, ' ')
      .trim();

  const walk = (n: AnyNode, pre: boolean) => {
    if (n.type === 'text') {
      const d = (n as unknown as { data: string }).data;
      line += pre ? d : d.replace(/[\s]+/g, (w) => (w.includes('\u00a0') ? '\u00a0' : ' '));
      if (pre && d.includes('\n')) {
        const parts = line.split('\n');
        for (let i = 0; i < parts.length - 1; i++) {
          line = parts[i]!;
          flush();
        }
        line = parts[parts.length - 1]!;
      }
      return;
    }
    if (n.type !== 'tag' && n.type !== 'script' && n.type !== 'style' && n.type !== 'root') return;
    if (n.type === 'root') {
      for (const c of (n as unknown as { children: AnyNode[] }).children) walk(c, pre);
      return;
    }
    const el = n as Element;
    if (el.name === 'meta') {
      meta(el);
      return;
    }
    if (el.name === 'title') {
      if (title === null) title = cellText(el) || null;
      return;
    }
    if (el.name === 'head') {
      for (const c of el.children) if (c.type === 'tag' && (c.name === 'title' || c.name === 'meta')) walk(c, pre);
      return;
    }
    if (SKIP.has(el.name)) return;
    if (el.name === 'br') {
      flush();
      return;
    }
    if (el.name === 'tr') {
      flush();
      const cells = el.children.filter((c): c is Element => c.type === 'tag' && (c.name === 'td' || c.name === 'th'));
      const texts = cells.map(cellText);
      line = texts.join('\t');
      // Keep the row even when every cell is blank: its place in the table matters.
      if (!line.trim()) line = '\t'.repeat(Math.max(cells.length - 1, 1));
      // The row's place in its table, with merged cells as published.
      let table: Element | null = el.parent as Element | null;
      while (table && table.type === 'tag' && table.name !== 'table') table = table.parent as Element | null;
      if (table && table.type === 'tag' && cells.length) {
        let t = tableOf.get(table);
        if (!t) {
          t = { rows: [] };
          tableOf.set(table, t);
          layout.push(t);
        }
        let at = pos;
        t.rows.push({
          start: pos,
          end: pos + line.length,
          cells: cells.map((c, k) => {
            const start = at;
            at += texts[k]!.length + 1;
            return { start, end: start + texts[k]!.length, rowspan: span(c.attribs.rowspan, 500), colspan: span(c.attribs.colspan, 60), head: c.name === 'th' };
          }),
        });
      }
      push(line);
      line = '';
      return;
    }
    const block = BLOCK.has(el.name);
    if (block) flush();
    for (const c of el.children) walk(c, pre || el.name === 'pre');
    if (block) flush();
  };
  walk(dom as unknown as AnyNode, false);
  flush();
  return { text: out.join('\n') + '\n', title, pageDates, layout };
}

/** `check` may refuse the decoded markup (too deep, too many cells) before a DOM is built. */
export function readHtml(bytes: Uint8Array, check?: (html: string) => void): HtmlText {
  const { html, encoding } = decodeHtml(bytes);
  check?.(html);
  const { text, title, pageDates, layout } = htmlToText(html);
  return { text, title, encoding, pageDates, layout };
}
