// The rule catalogue (annual-report.md §4): id, Chinese title, a plain explanation for auditors,
// default severity, and the settings object the app edits.

import type { Severity } from '../model.js';

export type RuleFamily = 'structure' | 'table' | 'arithmetic' | 'format' | 'date' | 'content' | 'cross-year' | 'document';

export interface RuleDef {
  id: string;
  title: string;
  explanation: string;
  severity: Severity;
  family: RuleFamily;
}

export const RULES: RuleDef[] = [
  { id: 'R-SEC-MISSING', family: 'structure', severity: 'error', title: '缺少章节', explanation: '年报应包含六个部分（总体情况、主动公开、依申请公开、复议诉讼、存在问题及改进、其他事项），其中一部分没有找到。' },
  { id: 'R-SEC-EMPTY', family: 'structure', severity: 'warning', title: '章节或小标题无内容', explanation: '有标题但标题下没有任何文字，属于内容不全面。' },
  { id: 'R-SEC-ORDER', family: 'structure', severity: 'warning', title: '章节顺序错误', explanation: '六个部分没有按格式规定的顺序排列。' },
  { id: 'R-SEC-TITLE', family: 'structure', severity: 'info', title: '章节标题与规定表述不一致', explanation: '章节标题有错字、措辞不同、缺少序号，或没有标题（按其后的表格识别了该部分）。内容已照常检查，仅供核对。' },
  { id: 'R-TBL-MISSING', family: 'table', severity: 'error', title: '缺少统计表', explanation: '章节存在，但其中应有的统计表没有找到。' },
  { id: 'R-TBL-BLANK', family: 'table', severity: 'error', title: '表格单元格未填写', explanation: '单元格空白不等于 0，属于“未填写”。整表空白为错误，部分空白为警告；计算时空白按 0 处理。' },
  { id: 'R-TBL-SHAPE', family: 'table', severity: 'warning', title: '表格行列数与格式不符', explanation: '某行的单元格数多于或少于格式规定的列数（多为合并单元格转换所致），数值所在列是推断的，请对照原文核实。' },
  { id: 'R-TBL-LABEL', family: 'table', severity: 'info', title: '表头或行名与规定表述不一致', explanation: '行名或列名与官方格式的表述不同（错字、简写、旧称）。' },
  { id: 'R-TBL-VALUE', family: 'table', severity: 'error', title: '数值不合规', explanation: '件数应为非负整数；出现了负数、小数或文字。' },
  { id: 'R-SUM-ROW', family: 'arithmetic', severity: 'error', title: '表三行合计不符', explanation: '表三每一行：总计 = 自然人 + 五类法人或其他组织之和。' },
  { id: 'R-SUM-RESULTS', family: 'arithmetic', severity: 'error', title: '表三办理结果合计不符', explanation: '表三每一列：（七）总计 = 三、本年度办理结果各明细行之和。' },
  { id: 'R-SUM-BALANCE', family: 'arithmetic', severity: 'error', title: '表三勾稽关系不符', explanation: '表三每一列：第一项 + 第二项 = 第三项（七）总计 + 第四项。' },
  { id: 'R-SUM-REVIEW', family: 'arithmetic', severity: 'error', title: '表四合计不符', explanation: '表四每组：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结。' },
  { id: 'R-FMT-VERSION', family: 'format', severity: 'error', title: '年报格式与年度不符', explanation: '2021 年及以后的年报应使用国办公开办函〔2021〕30号格式，2019、2020 年度使用〔2019〕60号格式。' },
  { id: 'R-DATE-MISSING', family: 'date', severity: 'warning', title: '未见落款日期', explanation: '没有找到成文或发布日期，无法判断是否按时发布。' },
  { id: 'R-DATE-NOSIGN', family: 'date', severity: 'info', title: '正文无落款日期', explanation: '正文末尾没有落款（成文）日期，发布日期取自网页标注的发布时间或文件属性。' },
  { id: 'R-DATE-LATE', family: 'date', severity: 'error', title: '发布晚于法定期限', explanation: '《条例》第四十九条：政府部门于每年 1 月 31 日前、县级以上人民政府于 3 月 31 日前公布上一年度年报。' },
  { id: 'R-META-YEAR', family: 'format', severity: 'warning', title: '年度前后不一致', explanation: '标题中的年度、统计期限和正文表格所述年度不一致。' },
  { id: 'R-TEXT-TABLE', family: 'content', severity: 'warning', title: '正文数字与表格不符', explanation: '正文中陈述的数字与统计表中的对应数据不一致。涉及备案或全地区的数字可能口径不同，标为“需复核”。' },
  { id: 'R-OTHER-FEES', family: 'content', severity: 'warning', title: '未说明信息处理费收取情况', explanation: '2021 年及以后的年报应在第六部分说明依《政府信息公开信息处理费管理办法》收取信息处理费的情况。' },
  { id: 'R-XYEAR-CARRY', family: 'cross-year', severity: 'error', title: '结转数与上年不衔接', explanation: '上一年“四、结转下年度继续办理”应等于本年“二、上年结转政府信息公开申请数量”（逐列）。' },
  { id: 'R-XYEAR-INFORCE', family: 'cross-year', severity: 'warning', title: '现行有效件数与上年不衔接', explanation: '现行有效件数（本年）应等于上年现行有效件数 + 本年制发件数 − 本年废止件数。' },
  { id: 'R-XYEAR-COPY', family: 'cross-year', severity: 'warning', title: '内容与上年雷同', explanation: '第一部分或第五部分的文字与同一单位上一年度年报高度相似（内容雷同、敷衍塞责）。' },
  { id: 'R-NOT-REPORT', family: 'document', severity: 'info', title: '非年报内容', explanation: '文件中有一部分不是年报（例如同一页面上的政府信息公开指南），已跳过。' },
  { id: 'R-SCAN-COARSE', family: 'document', severity: 'warning', title: '扫描件过于粗糙，识别不可靠', explanation: '扫描分辨率过低或字迹难以辨认，文字识别（OCR）结果不可靠：其余问题均标为“需复核”，请对照原件核实，或向报送单位索取清晰的扫描件（200–300 dpi）或带文字的 PDF。' },
  { id: 'R-NO-TEXT', family: 'document', severity: 'error', title: '无文字层，无法检查', explanation: '文件没有可提取的文字（多为扫描件），需要 OCR 后才能检查，不能视为没有问题。' },
];

export const RULE_BY_ID: Record<string, RuleDef> = Object.fromEntries(RULES.map((r) => [r.id, r]));

export interface RuleSetting {
  enabled: boolean;
  /** Override of the default severity. */
  severity?: Severity;
}

export interface Settings {
  version: 1;
  rules: Record<string, RuleSetting>;
  /** Deadlines as month/day of the year after the report year. */
  deadlines: {
    department: { month: number; day: number };
    government: { month: number; day: number };
    /** 乡、镇人民政府、街道办事处; the department deadline when not set. */
    township?: { month: number; day: number };
  };
  /** Per-agency type overrides (agency name → type), set by the auditor. */
  agencyTypes: Record<string, 'government' | 'department'>;
  /** Agency merges (name → the name it is the same agency as), set by the auditor. */
  agencyAliases: Record<string, string>;
  /** Tolerance when comparing decimal amounts (万元). */
  amountTolerance: number;
  /** R-XYEAR-COPY: similarity (0..1) at or above which text counts as copied. */
  copyThreshold: number;
}

export function defaultSettings(): Settings {
  return {
    version: 1,
    rules: Object.fromEntries(RULES.map((r) => [r.id, { enabled: true }])),
    deadlines: { department: { month: 1, day: 31 }, government: { month: 3, day: 31 } },
    amountTolerance: 0.00005,
    copyThreshold: 0.85,
    agencyTypes: {},
    agencyAliases: {},
  };
}

/** Merge partial settings over the defaults. */
export function resolveSettings(partial?: Partial<Settings>): Settings {
  const d = defaultSettings();
  if (!partial) return d;
  return {
    ...d,
    ...partial,
    rules: { ...d.rules, ...(partial.rules ?? {}) },
    deadlines: { ...d.deadlines, ...(partial.deadlines ?? {}) },
    agencyTypes: agencyTypesOf(partial.agencyTypes),
    agencyAliases: Object.fromEntries(
      Object.entries(partial.agencyAliases ?? {}).filter(([a, b]) => typeof b === 'string' && a.trim() && b.trim()),
    ),
  };
}

const TYPE_WORDS: Record<string, 'government' | 'department'> = {
  government: 'government', department: 'department', 政府: 'government', 人民政府: 'government', 部门: 'department', 政府部门: 'department',
};

/** Agency type overrides; values may be written in English or Chinese (政府 / 部门). Unknown values are dropped. */
export function agencyTypesOf(raw: unknown): Record<string, 'government' | 'department'> {
  if (!raw || typeof raw !== 'object') return {};
  const out: Record<string, 'government' | 'department'> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const t = typeof v === 'string' ? TYPE_WORDS[v.trim()] : undefined;
    if (t && k.trim()) out[k.trim()] = t;
  }
  return out;
}

/** Deadline "N days after the year end" (the CLI's --deadline-days) for departments. */
export function withDeadlineDays(s: Settings, days: number): Settings {
  const d = new Date(Date.UTC(2001, 0, 1 + days - 1)); // a non-leap year
  return { ...s, deadlines: { ...s.deadlines, department: { month: d.getUTCMonth() + 1, day: d.getUTCDate() } } };
}
