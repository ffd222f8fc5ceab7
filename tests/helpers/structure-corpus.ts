// The structure corpus (issue 12, points 1, 2, 7, 8): real-world deviations in headings, table
// shapes of the other format, text with no line breaks, and label noise, each built at test time in
// TXT, HTML, DOCX or PDF from reportgen. Expectations are hand-written in tests/corpus/structure-*.json.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReport, requestsTable, type Layout, type ReportSpec, type ReqValues, type V } from './reportgen.js';
import { CORPUS, chromiumPdf, soffice } from './docs.js';

const Z = [0, 0, 0, 0, 0, 0, 0];

/** Table 三 with a few non-zero cells, consistent by hand: 一 6 + 二 1 = （七）6 + 四 1. */
export function requestsV1(): ReqValues {
  const v: ReqValues = {};
  for (const k of [
    'denied.state_secret', 'denied.law_prohibited', 'denied.safety_stability', 'denied.third_party', 'denied.internal_affairs',
    'denied.process_info', 'denied.enforcement_file', 'denied.admin_query', 'unable.needs_creation', 'unable.unclear',
    'not_processed.petition', 'not_processed.duplicate', 'not_processed.publication', 'not_processed.excessive',
    'not_processed.confirmation', 'other.no_correction', 'other.no_fee', 'other.misc',
  ]) v[k] = [...Z];
  v.received = [5, 1, 0, 0, 0, 0, 6];
  v.carried_in = [1, 0, 0, 0, 0, 0, 1];
  v.granted = [3, 1, 0, 0, 0, 0, 4];
  v.partial = [1, 0, 0, 0, 0, 0, 1];
  v['unable.not_held'] = [1, 0, 0, 0, 0, 0, 1];
  v.total = [5, 1, 0, 0, 0, 0, 6];
  v.carried_out = [1, 0, 0, 0, 0, 0, 1];
  return v;
}

export const REVIEWS_V1: V[] = [1, 1, 0, 0, 2, 1, 0, 0, 0, 1, 2, 0, 1, 0, 3];
export const PROACTIVE_V1 = { regulations: [0, 0, 0], normative_docs: [2, 1, 9], licensing: 37, penalty: 12, enforcement: 0, fees: 0 };

function base(layout: Layout, extra: Partial<ReportSpec> = {}): string {
  return buildReport({ agency: '测试县人民政府办公室', year: 2023, layout, requests: requestsV1(), reviews: REVIEWS_V1, proactive2021: PROACTIVE_V1, ...extra });
}

const HEADING_LINE = /^[一二三四五六]、/;
const twoYears = () => [base('tab', { year: 2022 }), base('tab', { year: 2023, requests: { ...requestsV1(), received: [65, 1, 0, 0, 0, 0, 66] } })].map((t) => t.split('\n'));

/** A comparison print as text: the 2022 report on the left, 2023 on the right, line by line. */
function sideBySide(similarity: boolean): string {
  const [a, b] = twoYears();
  const mark = (l: string) => (similarity && HEADING_LINE.test(l) ? `${l}(重复率: 85%)` : l);
  return Array.from({ length: Math.max(a!.length, b!.length) }, (_, i) => `${mark((a![i] ?? '').replace(/\t/g, ' '))}    ${mark((b![i] ?? '').replace(/\t/g, ' '))}`).join('\n');
}

/** A comparison print as a page: two columns, each one year's report. */
function sideBySideHtml(similarity = true): string {
  const col = (lines: string[]) => lines.filter((l) => l.trim()).map((l) => `<p>${l.replace(/\t/g, ' ')}${similarity && HEADING_LINE.test(l) ? '（重复率：85%）' : ''}</p>`).join('');
  const [a, b] = twoYears();
  return `<!doctype html><html><head><meta charset="utf-8"></head><body><table style="width:100%;font-size:9px"><tr><td style="width:50%;vertical-align:top">${col(a!)}</td><td style="width:50%;vertical-align:top">${col(b!)}</td></tr></table></body></html>`;
}

/** Each line with its table cells glued together (no separator between label and values). */
export const gluedCells = (s: string) => s.split('\n').filter((l) => l.trim()).map((l) => l.split('\t').join(''));

const sub = (s: string, from: string, to: string) => {
  if (!s.includes(from)) throw new Error(`corpus: "${from}" not in the generated report`);
  return s.split(from).join(to);
};

/** Table 三 whose （六）其他处理 is one 2019-style row holding 1 request of a natural person. */
function requestsOtherOneRow(layout: Layout): string {
  const v = requestsV1();
  v.received = [6, 1, 0, 0, 0, 0, 7];
  v.total = [6, 1, 0, 0, 0, 0, 7];
  let t = requestsTable(v, layout);
  const one = layout === 'html' ? '<td rowspan="3">（六）其他处理</td>' : '';
  if (layout === 'html') {
    // Replace the three sub-rows by one row spanning the two label columns.
    const start = t.indexOf(`<tr>${one}`);
    const rows = t.slice(start).split('</tr>');
    const rest = rows.slice(3).join('</tr>');
    t = t.slice(0, start) + `<tr><td colspan="2">（六）其他处理</td>${[1, 0, 0, 0, 0, 0, 1].map((x) => `<td>${x}</td>`).join('')}</tr>` + rest;
    return t;
  }
  const lines = t.split('\n');
  const i = lines.findIndex((l) => l.includes('（六）其他处理'));
  const sep = layout === 'tab' ? '\t' : ' | ';
  lines.splice(i, 3, ['', '（六）其他处理', '', '1', '0', '0', '0', '0', '0', '1'].join(sep));
  return lines.join('\n');
}

/** Table 二 of the 2019 format (国办公开办函〔2019〕60号), tab-separated or HTML. */
function proactive2019(layout: 'tab' | 'html'): string {
  const rows = [
    ['第二十条第（一）项'],
    ['信息内容', '本年新制作数量', '本年新公开数量', '对外公开总数量'],
    ['规章', '0', '0', '0'],
    ['规范性文件', '2', '2', '9'],
    ['第二十条第（五）项'],
    ['信息内容', '上一年项目数量', '本年增/减', '处理决定数量'],
    ['行政许可', '30', '1', '37'],
    ['其他对外管理服务事项', '0', '0', '0'],
    ['第二十条第（六）项'],
    ['信息内容', '上一年项目数量', '本年增/减', '处理决定数量'],
    ['行政处罚', '10', '2', '12'],
    ['行政强制', '0', '0', '0'],
    ['第二十条第（八）项'],
    ['信息内容', '上一年项目数量', '本年增/减'],
    ['行政事业性收费', '0', '0'],
    ['第二十条第（九）项'],
    ['信息内容', '采购项目数量', '采购总金额'],
    ['政府集中采购', '3', '12.5'],
  ];
  if (layout === 'html') return `<table border="1">${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table>`;
  return rows.map((r) => r.join('\t')).join('\n');
}

function proactive2021Block(s: string, layout: 'tab' | 'html'): [number, number] {
  const a = s.indexOf('二、主动公开政府信息情况') + '二、主动公开政府信息情况'.length + (layout === 'html' ? '</p>'.length : 0);
  const b = s.indexOf(layout === 'html' ? '<p>三、收到和处理' : '三、收到和处理');
  return [a, b];
}

function mixed2022(layout: 'tab' | 'html'): string {
  const s = base(layout, { year: 2022 });
  const [a, b] = proactive2021Block(s, layout);
  return s.slice(0, a) + '\n' + proactive2019(layout) + '\n' + s.slice(b);
}

/** Collapse every run of white space to one space: the text as a crawler saves it. */
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

const GUIDE = [
  '测试县人民政府办公室政府信息公开指南',
  '为便于公民、法人和其他组织依法获取政府信息，根据《中华人民共和国政府信息公开条例》，编制本指南。',
  '一、主动公开',
  '（一）公开范围 本机关主动公开机构职能、政策文件、规划计划等信息。',
  '（二）公开方式 通过门户网站、政府公报等方式公开。',
  '二、依申请公开',
  '公民、法人或者其他组织可以向本机关申请获取主动公开以外的政府信息，申请应当采用书面形式。',
  '三、监督和救济',
  '认为本机关在政府信息公开工作中侵犯其合法权益的，可以依法申请行政复议或者提起行政诉讼。',
].join('\n');

export type Kind = 'txt' | 'html' | 'docx' | 'pdf';
export interface Built {
  kind: Kind;
  /** For txt: the text; otherwise a file path. */
  text?: string;
  path?: string;
}

const asFile = (name: string, kind: Kind, content: string): Built => {
  if (kind === 'txt') return { kind, text: content };
  if (kind === 'html') {
    const path = join(CORPUS, `structure-${name}.html`);
    writeFileSync(path, content);
    return { kind, path };
  }
  const html = content.startsWith('<!doctype') ? content : `<!doctype html><html><head><meta charset="utf-8"></head><body><pre>${content}</pre></body></html>`;
  if (kind === 'docx') return { kind, path: soffice({ name: `structure-${name}.html`, content: html }, 'docx') };
  return { kind, path: chromiumPdf(`structure-${name}`, html) };
};

/** Heading variants in any layout: each replaces an official heading by what a real report printed. */
const heading = (name: string, kind: Kind, pairs: [string, string][], layout: Layout = kind === 'txt' ? 'tab' : 'html') => () => {
  let s = base(layout);
  for (const [from, to] of pairs) s = sub(s, from, to);
  return asFile(name, kind, s);
};

export const VARIANTS: Record<string, () => Built> = {
  // 1. Headings
  'heading-typo-reviews-txt': heading('heading-typo-reviews-txt', 'txt', [['四、政府信息公开行政复议、行政诉讼情况', '四、政府信息公开行政复复议、行政诉讼情况']]),
  'heading-typo-proactive-docx': heading('heading-typo-proactive-docx', 'docx', [['二、主动公开政府信息情况', '二、主动公开政府信息请况']]),
  'heading-zhenggai-html': heading('heading-zhenggai-html', 'html', [['五、存在的主要问题及改进情况', '五、存在的主要问题及整改措施']]),
  'heading-short-problems-docx': heading('heading-short-problems-docx', 'docx', [['五、存在的主要问题及改进情况', '五、存在问题和改进措施']]),
  'heading-short-problems-pdf': heading('heading-short-problems-pdf', 'pdf', [['五、存在的主要问题及改进情况', '五、存在问题和改进措施']]),
  'heading-punct-pipe-txt': heading(
    'heading-punct-pipe-txt',
    'txt',
    [
      ['二、主动公开政府信息情况', '二．主动公开政府信息情况'],
      ['三、收到和处理政府信息公开申请情况', '三，收到和处理政府信息公开申请情况'],
      ['四、政府信息公开行政复议、行政诉讼情况', '四: 政府信息公开行政复议、行政诉讼情况'],
    ],
    'pipe',
  ),
  'heading-split-txt': heading('heading-split-txt', 'txt', [['四、政府信息公开行政复议、行政诉讼情况', '四、政府信息公开行政复议、\n行政诉讼情况']]),
  'heading-split-html': heading('heading-split-html', 'html', [['<p>四、政府信息公开行政复议、行政诉讼情况</p>', '<p>四、政府信息公开行政复议、</p><p>行政诉讼情况</p>']]),
  'heading-unnumbered-md-txt': heading(
    'heading-unnumbered-md-txt',
    'txt',
    [
      ['二、主动公开政府信息情况', '主动公开政府信息情况'],
      ['四、政府信息公开行政复议、行政诉讼情况', '政府信息公开行政复议、行政诉讼情况'],
    ],
    'markdown',
  ),
  'heading-absent-table-txt': heading('heading-absent-table-txt', 'txt', [['三、收到和处理政府信息公开申请情况\n', '']]),
  'heading-odd-table-html': heading('heading-odd-table-html', 'html', [['三、收到和处理政府信息公开申请情况', '三、依申请公开办理情况统计']]),
  'heading-odd-table-pdf': heading('heading-odd-table-pdf', 'pdf', [['三、收到和处理政府信息公开申请情况', '三、依申请公开办理情况统计']]),
  'heading-other-wording-problems-txt': heading('heading-other-wording-problems-txt', 'txt', [['五、存在的主要问题及改进情况', '五、工作中的不足与下一步打算']]),
  'heading-really-missing-txt': () => asFile('heading-really-missing-txt', 'txt', base('tab', { sections: { problems: null } })),

  // 2. Table shapes of the other format
  'other-one-row-txt': () => {
    const s = base('tab');
    const t = requestsTable(requestsV1(), 'tab');
    return asFile('other-one-row-txt', 'txt', sub(s, t, requestsOtherOneRow('tab')));
  },
  'other-one-row-pipe-txt': () => {
    const s = base('pipe');
    return asFile('other-one-row-pipe-txt', 'txt', sub(s, requestsTable(requestsV1(), 'pipe'), requestsOtherOneRow('pipe')));
  },
  'other-one-row-pdf': () => {
    const s = base('html');
    return asFile('other-one-row-pdf', 'pdf', sub(s, requestsTable(requestsV1(), 'html'), requestsOtherOneRow('html')));
  },
  'other-one-row-docx': () => {
    const s = base('html');
    return asFile('other-one-row-docx', 'docx', sub(s, requestsTable(requestsV1(), 'html'), requestsOtherOneRow('html')));
  },
  'mixed-2022-txt': () => asFile('mixed-2022-txt', 'txt', mixed2022('tab')),
  'mixed-2022-html': () => asFile('mixed-2022-html', 'html', mixed2022('html')),
  'mixed-2022-docx': () => asFile('mixed-2022-docx', 'docx', mixed2022('html')),

  // 3. Text with no line breaks
  'runon-tab-txt': () => asFile('runon-tab-txt', 'txt', oneLine(base('tab'))),
  'runon-pipe-txt': () => asFile('runon-pipe-txt', 'txt', oneLine(base('pipe'))),
  'runon-markdown-txt': () => asFile('runon-markdown-txt', 'txt', oneLine(base('markdown'))),
  'runon-few-lines-txt': () => {
    const s = oneLine(base('tab'));
    const i = s.indexOf('三、收到');
    const j = s.indexOf('五、存在');
    return asFile('runon-few-lines-txt', 'txt', `${s.slice(0, i)}\n${s.slice(i, j)}\n${s.slice(j)}`);
  },
  'runon-two-reports-txt': () =>
    asFile('runon-two-reports-txt', 'txt', oneLine(base('tab', { year: 2022 }) + '\n' + base('tab', { year: 2023, requests: requestsV1() }))),
  'runon-other-one-row-txt': () => {
    const s = base('tab');
    return asFile('runon-other-one-row-txt', 'txt', oneLine(sub(s, requestsTable(requestsV1(), 'tab'), requestsOtherOneRow('tab'))));
  },
  'runon-headings-glued-txt': () => asFile('runon-headings-glued-txt', 'txt', oneLine(base('tab')).replace(/。 (?=[二五六]、)/g, '。')),
  'runon-variant-heading-pipe-txt': () =>
    asFile('runon-variant-heading-pipe-txt', 'txt', oneLine(sub(base('pipe'), '五、存在的主要问题及改进情况', '五、存在问题和改进措施'))),
  'runon-html': () => {
    const s = oneLine(base('tab'));
    return asFile('runon-html', 'html', `<!doctype html><html><head><meta charset="utf-8"></head><body><div class="content">${s}</div></body></html>`);
  },

  // 3b. Cells glued to their labels and to one another (a crawler's text of a table: "…数量5100006")
  'glued-txt': () => asFile('glued-txt', 'txt', `标题:${gluedCells(base('tab')).join(' ')}`),
  'glued-html': () =>
    asFile('glued-html', 'html', `<!doctype html><html><head><meta charset="utf-8"></head><body><div class="content">标题：${gluedCells(base('tab')).join(' ')}</div></body></html>`),
  'glued-docx': () => asFile('glued-docx', 'docx', `<!doctype html><html><head><meta charset="utf-8"></head><body><p>名称：${gluedCells(base('tab')).join(' ')}</p></body></html>`),
  'glued-rows-pdf': () =>
    asFile('glued-rows-pdf', 'pdf', `<!doctype html><html><head><meta charset="utf-8"></head><body>${gluedCells(base('tab')).map((l) => `<p>${l}</p>`).join('')}</body></html>`),

  // 3c. Not one report: two years side by side (comparison prints), change columns, 解读 pages
  'comparison-similarity-txt': () => asFile('comparison-similarity-txt', 'txt', sideBySide(true)),
  'comparison-two-columns-txt': () => asFile('comparison-two-columns-txt', 'txt', sideBySide(false)),
  'comparison-similarity-html': () => asFile('comparison-similarity-html', 'html', sideBySideHtml()),
  'comparison-similarity-docx': () => asFile('comparison-similarity-docx', 'docx', sideBySideHtml()),
  'comparison-two-columns-pdf': () => asFile('comparison-two-columns-pdf', 'pdf', sideBySideHtml(false)),
  'comparison-change-column-txt': () =>
    asFile(
      'comparison-change-column-txt',
      'txt',
      sub(base('tab'), requestsTable(requestsV1(), 'tab'), ['项目\t2022年\t2023年\t增减值', '本年新收政府信息公开申请数量\t65\t6\t-59', '上年结转政府信息公开申请数量\t0\t1\t1', '予以公开\t40\t4\t-36'].join('\n')),
    ),
  'interpretation-html': () =>
    asFile(
      'interpretation-html',
      'html',
      `<!doctype html><html><head><meta charset="utf-8"></head><body><h1>一图读懂《测试县人民政府办公室2023年政府信息公开工作年度报告》解读</h1>${['一、总体情况', '2023年，我办主动公开政府信息120条，办理依申请公开6件。', '二、主动公开政府信息情况', '制发规范性文件2件。', '三、收到和处理政府信息公开申请情况', '全年收到申请6件，予以公开4件。', '四、政府信息公开行政复议、行政诉讼情况', '行政复议2件。', '五、存在的主要问题及改进情况', '解读形式较为单一。', '六、其他需要报告的事项', '无。'].map((x) => `<p>${x}</p>`).join('')}</body></html>`,
    ),

  // 4. Noise that is not a problem
  'noise-punct-labels-txt': heading('noise-punct-labels-txt', 'txt', [
    ['1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', '1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请'],
    ['（一）予以公开', '(一)予以公开'],
    ['行政规范性文件', '行政 规范性文件'],
    ['本年收费金额（单位：万元）', '本年收费金额(单位:万元)'],
    ['3.危及“三安全一稳定”', '3.危及"三安全一稳定"'],
  ]),
  'noise-punct-labels-docx': heading('noise-punct-labels-docx', 'docx', [
    ['2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', '2.申请人逾期未按收费通知要求缴纳费用，行政机关不再处理其政府信息公开申请'],
    ['（二）部分公开（区分处理的，只计这一情形，不计其他情形）', '（二）部分公开(区分处理的,只计这一情形,不计其他情形)'],
  ]),
  'noise-guide-page-txt': () => asFile('noise-guide-page-txt', 'txt', `${GUIDE}\n${base('tab', { year: 2022 })}\n${base('tab', { year: 2023 })}`),
  'noise-guide-page-html': () => {
    const body = (y: number) => base('html', { year: y }).replace(/^.*<body>|<\/body>.*$/gs, '');
    return asFile(
      'noise-guide-page-html',
      'html',
      `<!doctype html><html><head><meta charset="utf-8"></head><body>${GUIDE.split('\n').map((p) => `<p>${p}</p>`).join('')}${body(2022)}${body(2023)}</body></html>`,
    );
  },
};
