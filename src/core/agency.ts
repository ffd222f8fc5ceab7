// Agency names: clean what readers glue to them, tell governments from departments, and tell when
// two spellings name the same agency (with or without the parent city, or merged by the auditor).

import { normalizeForMatch } from './text/normalize.js';

/** 'government': a people's government at county level or above, or a body governing an area like one. */
export type AgencyKind = 'government' | 'department' | 'township';

export interface AgencyType {
  kind: AgencyKind;
  /** false when the kind is a guess from the name (ask the auditor to confirm). */
  certain: boolean;
  /** Why (Chinese, for messages). */
  why: string;
}

/** Labels that pages and crawlers glue to a name ("名称", "发布机构：", "来源：" …). */
const LABEL_WORDS = '名\\s*称|单位名称|机构名称|信息名称|文件名称|发布机构|发布单位|发文机关|发文单位|发布者|信息来源|来\\s*源|作\\s*者|所属单位|编制单位|报告单位|标\\s*题|文章标题|信息标题|题\\s*目|主\\s*题';
const LABEL = new RegExp(`^(?:${LABEL_WORDS})\\s*[:：]?\\s*`);
/** A label with its colon anywhere in the text ("索引号:… 标题:XX局"): the name is what follows the last one. */
const INNER_LABEL = new RegExp(`(?:${LABEL_WORDS})\\s*[:：]\\s*`, 'g');
const TAIL = /\s*(?:发布|印发|编制|制作)$/;

/** A name as written, without labels, white space, quotes or brackets around it. */
export function cleanAgency(name: string | null | undefined): string | null {
  if (!name) return null;
  let s = normalizeForMatch(name).replace(/\s+/g, '').replace(/^[《"“'‘【\[(（]+|[》"”'’】\])）]+$/g, '');
  let last = -1;
  for (const m of s.matchAll(INNER_LABEL)) last = m.index + m[0].length;
  if (last > 0) s = s.slice(last);
  for (let i = 0; i < 3; i++) {
    const t = s.replace(LABEL, '');
    if (t === s) break;
    s = t;
  }
  s = s.replace(TAIL, '').replace(/[:：]$/, '');
  return s.length >= 2 ? s : null;
}

/** Agency names compared across years: no white space, punctuation or brackets. */
export function normalizeAgency(a: string): string {
  return (cleanAgency(a) ?? normalizeForMatch(a))
    .replace(/[\s()（）【】\[\]"“”'‘’·・.,，、]/g, '')
    .replace(/^中共/, '');
}

// A parent (province, city, prefecture) before a county-level place: 淮安市|洪泽区人民政府.
const PARENT = /^([\u4e00-\u9fff]{1,8}?(?:省|自治区|市|自治州|州(?![市区县])|地区|盟))(?=[\u4e00-\u9fff]{1,6}?(?:新区|区|县|自治县|市|旗|自治旗))/;
const NOT_PLACE = /^(?:城市|都市|超市|市场|市区|市级|市直|市属|市政|区域|县域|县级|区级)/;

/** The name without its parent places, and the parents (outermost first). */
export function splitParent(key: string): { core: string; parents: string } {
  let core = key;
  let parents = '';
  for (let i = 0; i < 3; i++) {
    const m = PARENT.exec(core);
    if (!m) break;
    const rest = core.slice(m[1]!.length);
    if (NOT_PLACE.test(rest)) break;
    // A place alone ("洪泽区") must still be followed by something or be the whole rest.
    parents += m[1];
    core = rest;
  }
  return { core, parents };
}

/** Two parent chains agree when one is a suffix of the other (江苏省淮安市 / 淮安市) or either is missing. */
function parentsAgree(a: string, b: string): boolean {
  return !a || !b || a.endsWith(b) || b.endsWith(a);
}

/**
 * Group agency names that name the same agency: auditor merges first (alias → name), then the same
 * name with or without its parent city, where that is unambiguous. Returns name → group key.
 */
export function agencyGroups(names: Iterable<string>, aliases: Record<string, string> = {}): Map<string, string> {
  const alias = new Map<string, string>();
  for (const [a, b] of Object.entries(aliases)) alias.set(normalizeAgency(a), normalizeAgency(b));
  const resolve = (k: string) => {
    const seen = new Set<string>();
    while (alias.has(k) && !seen.has(k)) {
      seen.add(k);
      k = alias.get(k)!;
    }
    return k;
  };
  const keys = new Map<string, string>();
  for (const n of names) keys.set(n, resolve(normalizeAgency(n)));
  const byCore = new Map<string, Set<string>>();
  for (const k of new Set(keys.values())) {
    const { core, parents } = splitParent(k);
    const set = byCore.get(core) ?? new Set<string>();
    set.add(parents);
    byCore.set(core, set);
  }
  const out = new Map<string, string>();
  for (const [n, k] of keys) {
    const { core, parents } = splitParent(k);
    const all = [...byCore.get(core)!];
    const named = all.filter(Boolean);
    // The longest parent chain that agrees with every other one names the group.
    const consistent = named.every((a) => named.every((b) => parentsAgree(a, b)));
    if (consistent && parentsAgree(parents, named[0] ?? '')) {
      const longest = named.sort((a, b) => b.length - a.length)[0] ?? '';
      out.set(n, `${longest}${core}`);
    } else out.set(n, k);
  }
  return out;
}

/** The same agency? (normalised, parent city optional, merges applied). */
export function sameAgency(a: string, b: string, aliases: Record<string, string> = {}): boolean {
  const g = agencyGroups([a, b], aliases);
  return g.get(a) === g.get(b);
}

// ---- government or department --------------------------------------------------------------------

const AREA_GOV = /(?:新区|综合实验区|实验区|综合试验区|特区)(?:党工委)?(?:管理委员会|管委会)?(?:办公室)?$/;
const ZONE = /(?:开发区|高新区|高新技术产业开发区|经济技术开发区|产业园区|工业园区|园区|保税区|自贸区|度假区|风景区|管理区)(?:党工委)?(?:管理委员会|管委会)?$/;
const TOWNSHIP = /(?:[乡镇](?:人民)?政府|街道办事处|街道办|街道|[乡镇])$/;
const GOVERNMENT = /(?:人民政府|[省市区县旗州盟]政府)$/;
const DEPARTMENT =
  /(?:办公室|办公厅|局|委员会|委|办|厅|中心|院|署|所|站|队|处|馆|公司|集团|部|会|科|室|庭|社|台|校|学|园|场|行|库|司|组)$/;
const PLACE = /(?:省|自治区|市|自治州|州|盟|地区|区|县|自治县|旗|自治旗)$/;

/** Whose deadline applies: from settings (per agency) or from the name. */
export function classifyAgency(name: string | null, overrides: Record<string, 'government' | 'department'> = {}): AgencyType {
  if (name) {
    const key = normalizeAgency(name);
    const { core, parents } = splitParent(key);
    for (const [k, v] of Object.entries(overrides)) {
      const o = splitParent(normalizeAgency(k));
      if (o.core === core && parentsAgree(o.parents, parents)) {
        return { kind: v, certain: true, why: v === 'government' ? '设置中指定为人民政府' : '设置中指定为政府部门' };
      }
    }
    const s = key;
    if (AREA_GOV.test(s)) return { kind: 'government', certain: true, why: '新区、综合实验区等管理机构按县级以上人民政府' };
    if (ZONE.test(s)) return { kind: 'department', certain: false, why: '开发区、园区管理机构按名称推断为政府部门' };
    if (TOWNSHIP.test(s)) return { kind: 'township', certain: true, why: '乡镇人民政府、街道办事处默认按政府部门期限' };
    if (GOVERNMENT.test(s)) return { kind: 'government', certain: true, why: '县级以上人民政府' };
    if (DEPARTMENT.test(s)) return { kind: 'department', certain: true, why: '政府部门' };
    if (PLACE.test(s)) return { kind: 'government', certain: false, why: '单位名称为地名，推断为该地人民政府' };
  }
  return { kind: 'department', certain: false, why: name ? '无法从单位名称判断类型' : '未识别出单位名称' };
}

export const AGENCY_KIND_LABELS: Record<AgencyKind, string> = { government: '人民政府', department: '政府部门', township: '乡镇、街道' };

/** The name an agency is shown and exported under: the name it was merged into, else its own. */
export function displayAgency(name: string, aliases: Record<string, string> = {}): string {
  const byKey = new Map(Object.entries(aliases).map(([a, b]) => [normalizeAgency(a), b]));
  let cur = name;
  const seen = new Set<string>();
  for (;;) {
    const k = normalizeAgency(cur);
    const next = byKey.get(k);
    if (!next || seen.has(k)) return cur;
    seen.add(k);
    cur = next;
  }
}
