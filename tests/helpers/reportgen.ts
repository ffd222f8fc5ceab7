// Build annual-report texts for tests from plain data, in any table layout. This writes documents
// the way converters and sites write them; it shares no code with the parser.

export type Layout = 'tab' | 'pipe' | 'markdown' | 'cell-per-line' | 'html';
export type V = number | '' | string;

export const REQ_COLS = ['natural', 'business', 'research', 'nonprofit', 'legal', 'other_org', 'total'] as const;

export interface ReqRowSpec {
  key: string;
  labels: string[]; // label cells as written (1 to 3)
}

export const REQ_ROWS_2021: ReqRowSpec[] = [
  { key: 'received', labels: ['一、本年新收政府信息公开申请数量'] },
  { key: 'carried_in', labels: ['二、上年结转政府信息公开申请数量'] },
  { key: 'granted', labels: ['三、本年度办理结果', '（一）予以公开'] },
  { key: 'partial', labels: ['', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）'] },
  { key: 'denied.state_secret', labels: ['', '（三）不予公开', '1.属于国家秘密'] },
  { key: 'denied.law_prohibited', labels: ['', '', '2.其他法律行政法规禁止公开'] },
  { key: 'denied.safety_stability', labels: ['', '', '3.危及“三安全一稳定”'] },
  { key: 'denied.third_party', labels: ['', '', '4.保护第三方合法权益'] },
  { key: 'denied.internal_affairs', labels: ['', '', '5.属于三类内部事务信息'] },
  { key: 'denied.process_info', labels: ['', '', '6.属于四类过程性信息'] },
  { key: 'denied.enforcement_file', labels: ['', '', '7.属于行政执法案卷'] },
  { key: 'denied.admin_query', labels: ['', '', '8.属于行政查询事项'] },
  { key: 'unable.not_held', labels: ['', '（四）无法提供', '1.本机关不掌握相关政府信息'] },
  { key: 'unable.needs_creation', labels: ['', '', '2.没有现成信息需要另行制作'] },
  { key: 'unable.unclear', labels: ['', '', '3.补正后申请内容仍不明确'] },
  { key: 'not_processed.petition', labels: ['', '（五）不予处理', '1.信访举报投诉类申请'] },
  { key: 'not_processed.duplicate', labels: ['', '', '2.重复申请'] },
  { key: 'not_processed.publication', labels: ['', '', '3.要求提供公开出版物'] },
  { key: 'not_processed.excessive', labels: ['', '', '4.无正当理由大量反复申请'] },
  { key: 'not_processed.confirmation', labels: ['', '', '5.要求行政机关确认或重新出具已获取信息'] },
  { key: 'other.no_correction', labels: ['', '（六）其他处理', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'] },
  { key: 'other.no_fee', labels: ['', '', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'] },
  { key: 'other.misc', labels: ['', '', '3.其他'] },
  { key: 'total', labels: ['', '（七）总计'] },
  { key: 'carried_out', labels: ['四、结转下年度继续办理'] },
];

export const LEAVES_2021 = REQ_ROWS_2021.map((r) => r.key).filter((k) => !['received', 'carried_in', 'total', 'carried_out'].includes(k));

export type ReqValues = Record<string, V[]>; // 7 values per row

/** A consistent table 三: random leaves, totals computed, balance holds. */
export function consistentRequests(rand: () => number, max = 20): ReqValues {
  const v: ReqValues = {};
  const n = () => Math.floor(rand() * max);
  const withTotal = (parts: number[]) => [...parts, parts.reduce((a, b) => a + b, 0)];
  const colSum = (keys: string[]) => [0, 1, 2, 3, 4, 5].map((c) => keys.reduce((a, k) => a + (v[k]![c] as number), 0));
  for (const k of LEAVES_2021) v[k] = withTotal([n(), n(), n(), n(), n(), n()].map((x) => (rand() < 0.6 ? 0 : x)));
  v.total = withTotal(colSum(LEAVES_2021));
  v.carried_out = withTotal([0, 1, 2, 3, 4, 5].map(() => (rand() < 0.7 ? 0 : n())));
  v.carried_in = withTotal([0, 1, 2, 3, 4, 5].map((c) => Math.min(n(), (v.total![c] as number) + (v.carried_out![c] as number))));
  v.received = withTotal([0, 1, 2, 3, 4, 5].map((c) => (v.total![c] as number) + (v.carried_out![c] as number) - (v.carried_in![c] as number)));
  return v;
}

export interface ReportSpec {
  agency?: string;
  year?: number;
  /** Title line; null for a report without one. */
  title?: string | null;
  date?: string | null;
  intro?: string;
  overview?: string;
  sections?: Partial<Record<'overview' | 'proactive' | 'requests' | 'reviews' | 'problems' | 'other', string | null>>;
  requests?: ReqValues;
  reviews?: V[]; // 15
  proactive2021?: { regulations: V[]; normative_docs: V[]; licensing: V; penalty: V; enforcement: V; fees: V };
  otherText?: string;
  problemsText?: string;
  layout?: Layout;
}

function cellsLine(cells: string[], layout: Layout): string {
  switch (layout) {
    case 'tab':
      return cells.join('\t');
    case 'pipe':
      return cells.join(' | ');
    case 'markdown':
      return `| ${cells.join(' | ')} |`;
    case 'cell-per-line':
      return cells.map((c) => `\t${c}`).join('\n') + '\n';
    case 'html':
      return `<tr>${cells.map((c) => `<td>${c === '' ? '&nbsp;' : c}</td>`).join('')}</tr>`;
  }
}

function table(rows: string[][], layout: Layout): string {
  const body = rows.map((r) => cellsLine(r, layout));
  if (layout === 'html') return `<table border="1" cellspacing="0">${body.join('')}</table>`;
  if (layout === 'markdown') {
    const width = Math.max(...rows.map((r) => r.length));
    return [body[0], `|${' --- |'.repeat(width)}`, ...body.slice(1)].join('\n');
  }
  return body.join('\n');
}

const td = (c: string, attrs = '') => `<td${attrs ? ' ' + attrs : ''}>${c === '' ? '&nbsp;' : c}</td>`;

/** Table 三 as Word and sites publish it: merged header cells, rowspan category labels. */
function requestsHtml(values: ReqValues): string {
  const vals = (k: string) => (values[k] ?? ['', '', '', '', '', '', '']).map((v) => td(String(v))).join('');
  const rows: string[] = [
    `<tr>${td('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', 'colspan="3" rowspan="3"')}${td('申请人情况', 'colspan="7"')}</tr>`,
    `<tr>${td('自然人', 'rowspan="2"')}${td('法人或其他组织', 'colspan="5"')}${td('总计', 'rowspan="2"')}</tr>`,
    `<tr>${['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'].map((x) => td(x)).join('')}</tr>`,
  ];
  const groups: Record<string, { label: string; n: number }> = {
    'denied.': { label: '（三）不予公开', n: 8 },
    'unable.': { label: '（四）无法提供', n: 3 },
    'not_processed.': { label: '（五）不予处理', n: 5 },
    'other.': { label: '（六）其他处理', n: 3 },
  };
  const seen = new Set<string>();
  for (const r of REQ_ROWS_2021) {
    const label = r.labels[r.labels.length - 1]!;
    if (r.key === 'received' || r.key === 'carried_in' || r.key === 'carried_out') {
      rows.push(`<tr>${td(label, 'colspan="3"')}${vals(r.key)}</tr>`);
    } else if (r.key === 'granted') {
      rows.push(`<tr>${td('三、本年度办理结果', 'rowspan="22"')}${td(label, 'colspan="2"')}${vals(r.key)}</tr>`);
    } else if (r.key === 'partial' || r.key === 'total') {
      rows.push(`<tr>${td(label, 'colspan="2"')}${vals(r.key)}</tr>`);
    } else {
      const g = Object.keys(groups).find((p) => r.key.startsWith(p))!;
      const head = seen.has(g) ? '' : td(groups[g]!.label, `rowspan="${groups[g]!.n}"`);
      seen.add(g);
      rows.push(`<tr>${head}${td(label)}${vals(r.key)}</tr>`);
    }
  }
  return `<table border="1" cellspacing="0">${rows.join('')}</table>`;
}

export function requestsTable(values: ReqValues, layout: Layout): string {
  if (layout === 'html') return requestsHtml(values);
  const header = [
    ['（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', '申请人情况'],
    ['', '自然人', '法人或其他组织', '总计'],
    ['', '', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他'],
  ];
  const rows = REQ_ROWS_2021.map((r) => {
    const labels = layout === 'cell-per-line' ? r.labels.filter((x) => x !== '') : r.labels;
    return [...labels, ...(values[r.key] ?? ['', '', '', '', '', '', '']).map(String)];
  });
  return table([...header, ...rows], layout);
}

export function reviewsTable(values: V[], layout: Layout): string {
  if (layout === 'html') {
    const heads = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
    return `<table border="1" cellspacing="0"><tr>${td('行政复议', 'colspan="5"')}${td('行政诉讼', 'colspan="10"')}</tr><tr>${heads
      .map((h) => td(h, 'rowspan="2"'))
      .join('')}${td('未经复议直接起诉', 'colspan="5"')}${td('复议后起诉', 'colspan="5"')}</tr><tr>${[...heads, ...heads]
      .map((h) => td(h))
      .join('')}</tr><tr>${values.map((v) => td(String(v))).join('')}</tr></table>`;
  }
  return table(
    [
      ['行政复议', '行政诉讼'],
      ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '未经复议直接起诉', '复议后起诉'],
      ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '结果维持', '结果纠正', '其他结果', '尚未审结', '总计'],
      values.map(String),
    ],
    layout,
  );
}

export function proactiveTable(p: NonNullable<ReportSpec['proactive2021']>, layout: Layout): string {
  return table(
    [
      ['第二十条第（一）项'],
      ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'],
      ['规章', ...p.regulations.map(String)],
      ['行政规范性文件', ...p.normative_docs.map(String)],
      ['第二十条第（五）项'],
      ['信息内容', '本年处理决定数量'],
      ['行政许可', String(p.licensing)],
      ['第二十条第（六）项'],
      ['信息内容', '本年处理决定数量'],
      ['行政处罚', String(p.penalty)],
      ['行政强制', String(p.enforcement)],
      ['第二十条第（八）项'],
      ['信息内容', '本年收费金额（单位：万元）'],
      ['行政事业性收费', String(p.fees)],
    ],
    layout,
  );
}

export function zeroRequests(): ReqValues {
  return Object.fromEntries(REQ_ROWS_2021.map((r) => [r.key, [0, 0, 0, 0, 0, 0, 0]]));
}

/** A complete, consistent 2021-format report; every part can be overridden or removed. */
export function buildReport(spec: ReportSpec = {}): string {
  const layout = spec.layout ?? 'tab';
  const agency = spec.agency ?? '测试市统计局';
  const year = spec.year ?? 2023;
  const title = spec.title === undefined ? `${agency}${year}年政府信息公开工作年度报告` : spec.title;
  const date = spec.date === undefined ? `${year + 1}年1月20日` : spec.date;
  const para = (s: string) => (layout === 'html' ? `<p>${s}</p>` : s);
  const sec = spec.sections ?? {};
  const parts: string[] = [];
  if (title) parts.push(para(title));
  parts.push(para(spec.intro ?? `本报告根据《中华人民共和国政府信息公开条例》编制。本年度报告中所列数据统计期限自${year}年1月1日起至${year}年12月31日止。`));
  const add = (key: keyof NonNullable<ReportSpec['sections']>, heading: string, body: string) => {
    const override = sec[key];
    if (override === null) return;
    parts.push(para(heading));
    const b = override ?? body;
    if (b) parts.push(b);
  };
  add(
    'overview',
    '一、总体情况',
    spec.overview ??
      [
        '（一）主动公开',
        `${year}年，我局主动公开各类信息120条。`,
        '（二）依申请公开',
        `全年办理依申请公开工作，严格按时答复。`,
        '（三）政府信息管理',
        '严格落实保密审查制度。',
        '（四）政府信息公开平台建设',
        '持续优化门户网站栏目。',
        '（五）监督保障',
        '将政务公开纳入年度考核。',
      ]
        .map(para)
        .join('\n'),
  );
  add(
    'proactive',
    '二、主动公开政府信息情况',
    proactiveTable(spec.proactive2021 ?? { regulations: [0, 0, 0], normative_docs: [1, 0, 3], licensing: 5, penalty: 2, enforcement: 0, fees: 0 }, layout),
  );
  add('requests', '三、收到和处理政府信息公开申请情况', requestsTable(spec.requests ?? zeroRequests(), layout));
  add('reviews', '四、政府信息公开行政复议、行政诉讼情况', reviewsTable(spec.reviews ?? new Array(15).fill(0), layout));
  add('problems', '五、存在的主要问题及改进情况', para(spec.problemsText ?? '存在的问题是解读形式较为单一。下一步将丰富解读方式，提升公开质量。'));
  add('other', '六、其他需要报告的事项', para(spec.otherText ?? `${year}年，依据《政府信息公开信息处理费管理办法》，我局未收取信息处理费。`));
  if (date) {
    parts.push(para(agency));
    parts.push(para(date));
  }
  const body = parts.join('\n');
  if (layout === 'html') return `<!doctype html><html><head><meta charset="utf-8"><title>${title ?? ''}</title></head><body>${body}</body></html>`;
  return body + '\n';
}
