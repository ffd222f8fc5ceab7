// Corpus "meta": dates, agency types, agency names and prose numbers as real published reports write
// them, generated at test time in TXT, HTML, DOCX and PDF. Each variant has a hand-written
// expectation file beside this module: tests/corpus/meta-<id>.expect.json.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumPdf, CORPUS, soffice } from '../helpers/docs.js';
import { buildReport, zeroRequests, type ReportSpec, type ReqValues } from '../helpers/reportgen.js';

export type MetaFormat = 'txt' | 'html' | 'docx' | 'pdf';

export interface MetaFile {
  /** The report as HTML (for html/docx/pdf) or text (txt). */
  spec: ReportSpec;
  format: MetaFormat;
  /** Lines put right under the title (page chrome: "时间：…", "发布机构：…"). */
  headLines?: string[];
  /** Tags put into <head> (html only). */
  headTags?: string;
  /** Replace the title line with these lines (a title split over lines, labels glued to it). */
  titleLines?: string[];
  /** Replace text in the generated body (a sentence in the overview …). */
  replace?: [string, string][];
  /** Several reports on one page: the file is these parts joined (each built like a file of its own). */
  parts?: (Omit<MetaFile, 'format' | 'parts'> | string)[];
}

export interface MetaVariant {
  id: string;
  files: MetaFile[];
}

const DIR = join(CORPUS, 'meta');
mkdirSync(DIR, { recursive: true });

/** Table 三 with the main figures set (others 0): received/carried_in/total/carried_out in the natural-person column. */
export function requests(v: { received: number; carriedIn?: number; granted?: number; carriedOut?: number }): ReqValues {
  const t = zeroRequests();
  const carriedIn = v.carriedIn ?? 0;
  const carriedOut = v.carriedOut ?? 0;
  const total = v.received + carriedIn - carriedOut;
  const granted = v.granted ?? total;
  const row = (n: number) => [n, 0, 0, 0, 0, 0, n];
  t.received = row(v.received);
  t.carried_in = row(carriedIn);
  t.granted = row(granted);
  t['other.misc'] = row(total - granted);
  t.total = row(total);
  t.carried_out = row(carriedOut);
  return t;
}

function source(f: MetaFile): string {
  if (f.parts) return f.parts.map((p) => (typeof p === 'string' ? p : source({ ...p, format: f.format }))).join('\n');
  const html = f.format !== 'txt';
  const spec: ReportSpec = { ...f.spec, layout: html ? 'html' : (f.spec.layout ?? 'tab') };
  let s = buildReport(spec);
  const para = (x: string) => (html ? `<p>${x}</p>` : x);
  const agency = spec.agency ?? '测试市统计局';
  const year = spec.year ?? 2023;
  const title = spec.title === undefined ? `${agency}${year}年政府信息公开工作年度报告` : spec.title;
  if (title && (f.titleLines || f.headLines)) {
    const lines = f.titleLines ?? [title];
    const repl = [...lines, ...(f.headLines ?? [])].map(para).join('\n');
    const at = s.indexOf(para(title), html ? s.indexOf('<body>') : 0);
    s = s.slice(0, at) + repl + s.slice(at + para(title).length);
  } else if (!title && f.headLines) {
    s = html ? s.replace('<body>', `<body>${f.headLines.map(para).join('\n')}`) : `${f.headLines.join('\n')}\n${s}`;
  }
  for (const [a, b] of f.replace ?? []) {
    if (!s.includes(a)) throw new Error(`meta corpus: "${a}" not in the generated report`);
    s = s.replace(a, b);
  }
  if (html && f.headTags) s = s.replace('</title>', `</title>${f.headTags}`);
  return s;
}

/** Write (or convert) one file of a variant; returns its path. */
export function materialise(id: string, f: MetaFile, n: number): string {
  const src = source(f);
  const stem = `meta-${id}${n ? `-${n}` : ''}`;
  switch (f.format) {
    case 'txt': {
      const p = join(DIR, `${stem}.txt`);
      writeFileSync(p, src);
      return p;
    }
    case 'html': {
      const p = join(DIR, `${stem}.html`);
      writeFileSync(p, src);
      return p;
    }
    case 'docx':
      return soffice({ name: `${stem}.html`, content: src }, 'docx');
    case 'pdf':
      return chromiumPdf(stem, src);
  }
}

export const META_VARIANTS: MetaVariant[] = [
  // ---- dates ----------------------------------------------------------------------------------
  { id: 'date-page-time-txt', files: [{ format: 'txt', spec: { agency: '测试市统计局', date: null }, headLines: ['来源：测试市统计局    时间：2024-01-20 15:22'] }] },
  { id: 'date-fabu-riqi-late-html', files: [{ format: 'html', spec: { agency: '测试市交通运输局', date: null }, headLines: ['发布日期：2024年2月10日　　浏览次数：35'] }] },
  { id: 'date-meta-pubdate-html', files: [{ format: 'html', spec: { agency: '测试市民政局', date: null }, headTags: '<meta name="PubDate" content="2024-01-15 09:00">' }] },
  { id: 'date-meta-articlepublishdate-html', files: [{ format: 'html', spec: { agency: '测试县人民政府', date: null }, headTags: '<meta name="ArticlePublishDate" content="2024/03/05">' }] },
  { id: 'date-fawen-riqi-and-signature-docx', files: [{ format: 'docx', spec: { agency: '测试市水利局', date: '2024年1月20日' }, headLines: ['发文日期：2024-01-25'] }] },
  { id: 'date-signature-beats-page-pdf', files: [{ format: 'pdf', spec: { agency: '测试市审计局', date: '2024年1月30日' }, headLines: ['发布时间：2024-02-06 10:00:00'] }] },
  { id: 'date-none-pdf', files: [{ format: 'pdf', spec: { agency: '测试市档案局', date: null } }] },
  {
    id: 'date-period-is-not-a-date-txt',
    files: [{ format: 'txt', spec: { agency: '测试市气象局', date: null, intro: '本报告统计时间：2023年1月1日至2023年12月31日。' } }],
  },
  { id: 'date-chinese-signature-docx', files: [{ format: 'docx', spec: { agency: '测试市商务局', date: '二〇二四年一月二十日' } }] },
  { id: 'date-bracket-header-html', files: [{ format: 'html', spec: { agency: '测试市林业局', date: null }, headLines: ['[ 2024-01-26 ]　【打印】【关闭】'] }] },
  { id: 'date-under-title-pdf', files: [{ format: 'pdf', spec: { agency: '测试县人民政府', date: null }, headLines: ['（2024年3月25日）'] }] },
  {
    id: 'date-two-years-one-page-txt',
    files: [
      {
        format: 'txt',
        spec: {},
        parts: [
          '首页 > 政务公开 > 年度报告    发布时间：2024-03-15',
          { spec: { agency: '测试市统计局', year: 2022, date: null } },
          '来源：测试市统计局    发布时间：2024-01-12 09:30',
          { spec: { agency: '测试市统计局', year: 2023, date: null } },
        ],
      },
    ],
  },
  // ---- who is a government ----------------------------------------------------------------------
  { id: 'gov-county-march-txt', files: [{ format: 'txt', spec: { agency: '测试县人民政府', date: '2024年3月20日' } }] },
  { id: 'gov-new-district-html', files: [{ format: 'html', spec: { agency: '测试新区管理委员会', date: '2024年3月10日' } }] },
  { id: 'gov-township-february-txt', files: [{ format: 'txt', spec: { agency: '测试县城关镇人民政府', date: '2024年2月20日' } }] },
  { id: 'gov-street-april-pdf', files: [{ format: 'pdf', spec: { agency: '测试区东湖街道办事处', date: '2024年4月5日' } }] },
  { id: 'gov-zone-guess-february-html', files: [{ format: 'html', spec: { agency: '测试经济技术开发区管委会', date: '2024年2月15日' } }] },
  { id: 'gov-office-is-department-docx', files: [{ format: 'docx', spec: { agency: '测试市人民政府办公室', date: '2024年2月20日' } }] },
  { id: 'gov-override-in-settings-txt', files: [{ format: 'txt', spec: { agency: '测试高新技术产业开发区管委会', date: '2024年2月15日' } }] },
  // ---- agency names -----------------------------------------------------------------------------
  { id: 'name-label-glued-html', files: [{ format: 'html', spec: { agency: '测试市统计局', title: '2023年政府信息公开工作年度报告', date: '2024年1月20日' }, titleLines: ['发布机构：测试市统计局', '2023年政府信息公开工作年度报告'] }] },
  {
    id: 'name-title-split-txt',
    files: [{ format: 'txt', spec: { agency: '淮安市洪泽区人民政府', date: '2024年3月1日' }, titleLines: ['淮安市洪泽区人民政府2023年度政府信息公开', '工作年度报告'] }],
  },
  { id: 'name-mingcheng-glued-docx', files: [{ format: 'docx', spec: { agency: '测试县财政局', date: '2024年1月22日' }, titleLines: ['名称测试县财政局2023年政府信息公开工作年度报告'] }] },
  {
    id: 'name-parent-city-crossyear',
    files: [
      { format: 'txt', spec: { agency: '淮安市洪泽区人民政府', year: 2022, date: '2023年3月1日', requests: requests({ received: 10, carriedOut: 3 }) } },
      { format: 'pdf', spec: { agency: '洪泽区人民政府', year: 2023, date: '2024年3月1日', requests: requests({ received: 10, carriedIn: 2 }) } },
    ],
  },
  // ---- prose numbers ----------------------------------------------------------------------------
  {
    id: 'prose-subcount-parentheses-txt',
    files: [
      {
        format: 'txt',
        spec: { agency: '测试市公安局', requests: requests({ received: 3016, carriedIn: 34 }) },
        replace: [['全年办理依申请公开工作，严格按时答复。', '全年共答复3050件（含上年度结转申请34件），均按时答复。']],
      },
    ],
  },
  {
    id: 'prose-subcount-qizhong-mismatch-html',
    files: [
      {
        format: 'html',
        spec: { agency: '测试市教育局', requests: requests({ received: 90, carriedIn: 5 }) },
        replace: [['全年办理依申请公开工作，严格按时答复。', '全年受理政府信息公开申请100件（其中上年结转5件），均按时答复。']],
      },
    ],
  },
  {
    id: 'prose-whole-county-government-docx',
    files: [
      {
        format: 'docx',
        spec: { agency: '测试县人民政府', date: '2024年3月1日', requests: requests({ received: 38 }) },
        replace: [['全年办理依申请公开工作，严格按时答复。', '全县共收到政府信息公开申请40件，均按时答复。']],
      },
    ],
  },
  {
    id: 'prose-whole-county-department-txt',
    files: [
      {
        format: 'txt',
        spec: { agency: '测试县财政局', requests: requests({ received: 38 }) },
        replace: [['全年办理依申请公开工作，严格按时答复。', '全县共收到政府信息公开申请40件，均按时答复。']],
      },
    ],
  },
  {
    id: 'prose-district-office-only-pdf',
    files: [
      {
        format: 'pdf',
        spec: { agency: '淮安市洪泽区人民政府', year: 2024, date: null, requests: requests({ received: 95, granted: 50 }) },
        replace: [['全年办理依申请公开工作，严格按时答复。', '全年受理政府信息公开申请17件，均在法定期限内答复。']],
      },
    ],
  },
  {
    id: 'prose-matching-main-figure-html',
    files: [
      {
        format: 'html',
        spec: { agency: '测试市卫生健康委员会', requests: requests({ received: 120, carriedIn: 4, carriedOut: 2 }) },
        replace: [['全年办理依申请公开工作，严格按时答复。', '全年共收到政府信息公开申请120件（另有上年结转4件），办结122件（含上年结转4件），结转下年度办理2件。']],
      },
    ],
  },
];
