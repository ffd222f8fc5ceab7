// The canonical structure of the annual report (../shared/domain/annual-report.md §2–3):
// section keys and titles, table rows and columns with their official labels.

import type { Format, SectionKey } from './model.js';

export const SECTION_TITLES: Record<SectionKey, string> = {
  overview: '一、总体情况',
  proactive: '二、主动公开政府信息情况',
  requests: '三、收到和处理政府信息公开申请情况',
  reviews: '四、政府信息公开行政复议、行政诉讼情况',
  problems: '五、存在的主要问题及改进情况',
  other: '六、其他需要报告的事项',
};

/** Patterns matched against a heading's compact text (no white space) after its numbering. */
export const SECTION_PATTERNS: Record<SectionKey, RegExp> = {
  overview: /^总体情况/,
  proactive: /^主动公开政府信息(的)?情况/,
  requests: /^收到和处理政府信息公开申请(的)?情况|^收到和处理政府信息公开申请/,
  reviews: /^(因)?政府信息公开(工作)?(被申请)?行政复议[、,和及与]*(提起)?行政诉讼(的)?情况/,
  problems: /^(政府信息公开工作)?存在的主要问题(及|和|与)?改进(情况|措施)?/,
  other: /^其他需(要)?报告的事项/,
};

/** Wordings seen in real reports that are not the official title but plainly name the section
 * (五、存在的主要问题及整改措施, 五、存在问题和改进措施 …): recognised, noted as info. */
export const SECTION_VARIANTS: Record<SectionKey, RegExp> = {
  overview: /^(年度)?(工作)?(基本|总体|整体)(情况|概况)/,
  proactive: /^(政府信息)?主动公开(政府)?(信息)?(工作)?(的)?情况/,
  requests: /^(收到|受理)(和|及|与|、)?(处理|办理)(政府)?信息公开申请/,
  reviews: /^(因)?(政府信息公开)?(工作)?(被申请)?(行政)?复议(和|及|与|、)?(行政)?诉讼(的)?(情况)?/,
  problems: /^(政府信息公开)?(工作)?(存在的?)?(主要)?(问题|不足)(及|和|与|以及|、)?(整改|改进|下一步)?(情况|措施|方向|计划|打算|工作)?/,
  other: /^其他(需要?|应当)?(报告|说明)的?(事项|情况)/,
};

export const OVERVIEW_TOPICS_2021 = ['主动公开', '依申请公开', '政府信息管理', '政府信息公开平台建设', '监督保障'];

// ---- Table 三 · requests ----------------------------------------------------------------------

export const REQUEST_COLS = ['natural', 'business', 'research', 'nonprofit', 'legal', 'other_org', 'total'] as const;
export const REQUEST_COL_LABELS: Record<string, string> = {
  natural: '自然人',
  business: '商业企业',
  research: '科研机构',
  nonprofit: '社会公益组织',
  legal: '法律服务机构',
  other_org: '其他',
  total: '总计',
};

export interface RowDef {
  key: string;
  /** Official label (item text without category). */
  label: string;
  /** Category marker for items: 三 不予公开, 四 无法提供, 五 不予处理, 六 其他处理. */
  cat?: '三' | '四' | '五' | '六';
  /** Item number within its category. */
  num?: number;
  formats: Format[];
}

const BOTH: Format[] = ['2019', '2021'];

export const REQUEST_ROWS: RowDef[] = [
  { key: 'received', label: '一、本年新收政府信息公开申请数量', formats: BOTH },
  { key: 'carried_in', label: '二、上年结转政府信息公开申请数量', formats: BOTH },
  { key: 'granted', label: '（一）予以公开', formats: BOTH },
  { key: 'partial', label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', formats: BOTH },
  { key: 'denied.state_secret', label: '1.属于国家秘密', cat: '三', num: 1, formats: BOTH },
  { key: 'denied.law_prohibited', label: '2.其他法律行政法规禁止公开', cat: '三', num: 2, formats: BOTH },
  { key: 'denied.safety_stability', label: '3.危及“三安全一稳定”', cat: '三', num: 3, formats: BOTH },
  { key: 'denied.third_party', label: '4.保护第三方合法权益', cat: '三', num: 4, formats: BOTH },
  { key: 'denied.internal_affairs', label: '5.属于三类内部事务信息', cat: '三', num: 5, formats: BOTH },
  { key: 'denied.process_info', label: '6.属于四类过程性信息', cat: '三', num: 6, formats: BOTH },
  { key: 'denied.enforcement_file', label: '7.属于行政执法案卷', cat: '三', num: 7, formats: BOTH },
  { key: 'denied.admin_query', label: '8.属于行政查询事项', cat: '三', num: 8, formats: BOTH },
  { key: 'unable.not_held', label: '1.本机关不掌握相关政府信息', cat: '四', num: 1, formats: BOTH },
  { key: 'unable.needs_creation', label: '2.没有现成信息需要另行制作', cat: '四', num: 2, formats: BOTH },
  { key: 'unable.unclear', label: '3.补正后申请内容仍不明确', cat: '四', num: 3, formats: BOTH },
  { key: 'not_processed.petition', label: '1.信访举报投诉类申请', cat: '五', num: 1, formats: BOTH },
  { key: 'not_processed.duplicate', label: '2.重复申请', cat: '五', num: 2, formats: BOTH },
  { key: 'not_processed.publication', label: '3.要求提供公开出版物', cat: '五', num: 3, formats: BOTH },
  { key: 'not_processed.excessive', label: '4.无正当理由大量反复申请', cat: '五', num: 4, formats: BOTH },
  { key: 'not_processed.confirmation', label: '5.要求行政机关确认或重新出具已获取信息', cat: '五', num: 5, formats: BOTH },
  {
    key: 'other.no_correction',
    label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    cat: '六',
    num: 1,
    formats: ['2021'],
  },
  {
    key: 'other.no_fee',
    label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    cat: '六',
    num: 2,
    formats: ['2021'],
  },
  { key: 'other.misc', label: '3.其他', cat: '六', num: 3, formats: ['2021'] },
  { key: 'other', label: '（六）其他处理', formats: ['2019'] },
  { key: 'total', label: '（七）总计', formats: BOTH },
  { key: 'carried_out', label: '四、结转下年度继续办理', formats: BOTH },
];

export const CATEGORY_LABELS: Record<string, string> = {
  三: '（三）不予公开',
  四: '（四）无法提供',
  五: '（五）不予处理',
  六: '（六）其他处理',
};

export function requestRowOrder(format: Format): string[] {
  const f: Format = format === 'unknown' ? '2021' : format;
  return REQUEST_ROWS.filter((r) => r.formats.includes(f)).map((r) => r.key);
}

/** Leaf rows of 三、本年度办理结果 (summed by R-SUM-RESULTS). */
export function resultLeafRows(format: Format): string[] {
  return requestRowOrder(format).filter((k) => !['received', 'carried_in', 'total', 'carried_out'].includes(k));
}

/** Words an auditor uses for a table-三 row, e.g. "（四）1.本机关不掌握相关政府信息". */
export function requestRowLabel(key: string): string {
  const def = REQUEST_ROWS.find((r) => r.key === key);
  if (!def) return key;
  if (def.cat) return `${CATEGORY_LABELS[def.cat]!.slice(0, 3)}${def.label}`;
  return def.label;
}

// ---- Table 四 · reviews -----------------------------------------------------------------------

export const REVIEW_GROUPS = ['review', 'litigation_direct', 'litigation_after_review'] as const;
export const REVIEW_COLS = ['upheld', 'corrected', 'other', 'pending', 'total'] as const;
export const REVIEW_GROUP_LABELS: Record<string, string> = {
  review: '行政复议',
  litigation_direct: '行政诉讼·未经复议直接起诉',
  litigation_after_review: '行政诉讼·复议后起诉',
};
export const REVIEW_COL_LABELS: Record<string, string> = {
  upheld: '结果维持',
  corrected: '结果纠正',
  other: '其他结果',
  pending: '尚未审结',
  total: '总计',
};

// ---- Table 二 · proactive ---------------------------------------------------------------------

export interface ProactiveRowDef {
  key: string;
  labels: string[];
  cols: Record<Exclude<Format, 'unknown'>, string[]>;
}

export const PROACTIVE_ROWS: ProactiveRowDef[] = [
  { key: 'regulations', labels: ['规章'], cols: { '2021': ['issued', 'repealed', 'in_force'], '2019': ['new_made', 'new_published', 'total_published'] } },
  {
    key: 'normative_docs',
    labels: ['行政规范性文件', '规范性文件'],
    cols: { '2021': ['issued', 'repealed', 'in_force'], '2019': ['new_made', 'new_published', 'total_published'] },
  },
  { key: 'licensing', labels: ['行政许可'], cols: { '2021': ['decisions'], '2019': ['prev_items', 'change', 'decisions'] } },
  { key: 'other_services', labels: ['其他对外管理服务事项'], cols: { '2021': [], '2019': ['prev_items', 'change', 'decisions'] } },
  { key: 'penalty', labels: ['行政处罚'], cols: { '2021': ['decisions'], '2019': ['prev_items', 'change', 'decisions'] } },
  { key: 'enforcement', labels: ['行政强制'], cols: { '2021': ['decisions'], '2019': ['prev_items', 'change', 'decisions'] } },
  { key: 'fees', labels: ['行政事业性收费'], cols: { '2021': ['amount'], '2019': ['prev_items', 'change'] } },
  { key: 'procurement', labels: ['政府集中采购'], cols: { '2021': [], '2019': ['items', 'amount'] } },
];

export const PROACTIVE_ROW_LABELS: Record<Exclude<Format, 'unknown'>, Record<string, string>> = {
  '2021': {
    regulations: '规章',
    normative_docs: '行政规范性文件',
    licensing: '行政许可',
    penalty: '行政处罚',
    enforcement: '行政强制',
    fees: '行政事业性收费',
  },
  '2019': {
    regulations: '规章',
    normative_docs: '规范性文件',
    licensing: '行政许可',
    other_services: '其他对外管理服务事项',
    penalty: '行政处罚',
    enforcement: '行政强制',
    fees: '行政事业性收费',
    procurement: '政府集中采购',
  },
};

export const PROACTIVE_COL_LABELS: Record<string, string> = {
  issued: '本年制发件数',
  repealed: '本年废止件数',
  in_force: '现行有效件数',
  decisions: '本年处理决定数量',
  amount: '本年收费金额（单位：万元）',
  new_made: '本年新制作数量',
  new_published: '本年新公开数量',
  total_published: '对外公开总数量',
  prev_items: '上一年项目数量',
  change: '本年增/减',
  items: '采购项目数量',
};

/** Header wording that marks each format in table 二. */
export const FORMAT_MARKERS: Record<Exclude<Format, 'unknown'>, string[]> = {
  '2021': ['本年制发件数', '本年废止件数', '现行有效件数', '本年收费金额', '本年处理决定数量'],
  '2019': ['本年新制作数量', '本年新公开数量', '对外公开总数量', '上一年项目数量', '本年增/减', '采购项目数量', '政府集中采购'],
};
