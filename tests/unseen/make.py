#!/usr/bin/env python3
"""Writes the unseen-report documents (tests/unseen/docs) and their expectation files.

Every number below was typed by hand for this corpus; totals are added up here (not by the code under
test). The documents imitate how offices publish: site chrome, merged table headers, tab-separated or
one-cell-per-line copies, run-on copies, 落款 dates in several spellings. Re-run after editing:
  python3 tests/unseen/make.py
"""
import json, os, html as H

OUT = os.path.join(os.path.dirname(__file__), 'docs')
os.makedirs(OUT, exist_ok=True)

COLS = ['natural', 'business', 'research', 'nonprofit', 'legal', 'other_org']
LEAF21 = ['granted', 'partial', 'denied.state_secret', 'denied.law_prohibited', 'denied.safety_stability', 'denied.third_party',
          'denied.internal_affairs', 'denied.process_info', 'denied.enforcement_file', 'denied.admin_query', 'unable.not_held',
          'unable.needs_creation', 'unable.unclear', 'not_processed.petition', 'not_processed.duplicate', 'not_processed.publication',
          'not_processed.excessive', 'not_processed.confirmation', 'other.no_correction', 'other.no_fee', 'other.misc']
LEAF19 = LEAF21[:18] + ['other']
LABEL = {
  'granted': ('（一）予以公开', None), 'partial': ('（二）部分公开（区分处理的，只计这一情形，不计其他情形）', None),
  'denied.state_secret': ('（三）不予公开', '1.属于国家秘密'), 'denied.law_prohibited': (None, '2.其他法律行政法规禁止公开'),
  'denied.safety_stability': (None, '3.危及“三安全一稳定”'), 'denied.third_party': (None, '4.保护第三方合法权益'),
  'denied.internal_affairs': (None, '5.属于三类内部事务信息'), 'denied.process_info': (None, '6.属于四类过程性信息'),
  'denied.enforcement_file': (None, '7.属于行政执法案卷'), 'denied.admin_query': (None, '8.属于行政查询事项'),
  'unable.not_held': ('（四）无法提供', '1.本机关不掌握相关政府信息'), 'unable.needs_creation': (None, '2.没有现成信息需要另行制作'),
  'unable.unclear': (None, '3.补正后申请内容仍不明确'),
  'not_processed.petition': ('（五）不予处理', '1.信访举报投诉类申请'), 'not_processed.duplicate': (None, '2.重复申请'),
  'not_processed.publication': (None, '3.要求提供公开出版物'), 'not_processed.excessive': (None, '4.无正当理由大量反复申请'),
  'not_processed.confirmation': (None, '5.要求行政机关确认或重新出具已获取信息'),
  'other.no_correction': ('（六）其他处理', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'),
  'other.no_fee': (None, '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'),
  'other.misc': (None, '3.其他'), 'other': ('（六）其他处理', None),
}
SPAN = {'denied.state_secret': 8, 'unable.not_held': 3, 'not_processed.petition': 5, 'other.no_correction': 3}


def requests(d):
  """d: received/carried_in/leaf rows as 6-column lists (None = blank); returns all rows with totals."""
  fmt = d['fmt']
  leaves = LEAF21 if fmt == '2021' else LEAF19
  rows = {}
  z = [0] * 6
  for k in ['received', 'carried_in'] + leaves:
    rows[k] = list(d['req'].get(k, z))
  tot = [sum((rows[k][i] or 0) for k in leaves) for i in range(6)]
  rows['total'] = tot
  rows['carried_out'] = list(d['req'].get('carried_out', z))
  for i in range(6):
    assert (rows['received'][i] or 0) + (rows['carried_in'][i] or 0) == tot[i] + (rows['carried_out'][i] or 0), (d['id'], i)
  out = {}
  for k, v in rows.items():
    out[k] = v + [None if all(x is None for x in v) else sum(x or 0 for x in v)]
  return out


def reviews(d):
  out = []
  for g in d['rev']:
    out += g + [sum(g)]
  return out


CUR = {}  # the document being rendered (cell spelling options)


def cell(v, blank):
  if v is None:
    return blank
  t = f'{v:,}' if CUR.get('thousands') and isinstance(v, int) else str(v)
  if CUR.get('fees_2dp') and isinstance(v, float):
    t = f'{v:.2f}'
  return fw(t) if CUR.get('fullwidth') else t


def fw(s):  # full-width digits
  return s.translate(str.maketrans('0123456789', '０１２３４５６７８９'))


# ---------- tables as rows of (text, colspan, rowspan) ----------

def t2_rows(d):
  p = d['pro']
  b = d.get('blank', '')
  R = []
  if d['fmt'] == '2021':
    R.append([('第二十条第（一）项', 4, 1)])
    R.append([('信息内容', 1, 1), ('本年制发件数', 1, 1), ('本年废止件数', 1, 1), ('现行有效件数', 1, 1)])
    R.append([('规章', 1, 1)] + [(cell(x, b), 1, 1) for x in p['regulations']])
    R.append([('行政规范性文件', 1, 1)] + [(cell(x, b), 1, 1) for x in p['normative_docs']])
    R.append([('第二十条第（五）项', 4, 1)])
    R.append([('信息内容', 1, 1), ('本年处理决定数量', 3, 1)])
    R.append([('行政许可', 1, 1), (cell(p['licensing'][0], b), 3, 1)])
    R.append([('第二十条第（六）项', 4, 1)])
    R.append([('信息内容', 1, 1), ('本年处理决定数量', 3, 1)])
    R.append([('行政处罚', 1, 1), (cell(p['penalty'][0], b), 3, 1)])
    R.append([('行政强制', 1, 1), (cell(p['enforcement'][0], b), 3, 1)])
    R.append([('第二十条第（八）项', 4, 1)])
    R.append([('信息内容', 1, 1), ('本年收费金额（单位：万元）', 3, 1)])
    R.append([('行政事业性收费', 1, 1), (p.get('fees_text') or cell(p['fees'][0], b), 3, 1)])
  else:
    R.append([('第二十条第（一）项', 4, 1)])
    R.append([('信息内容', 1, 1), ('本年新制作数量', 1, 1), ('本年新公开数量', 1, 1), ('对外公开总数量', 1, 1)])
    R.append([('规章', 1, 1)] + [(cell(x, b), 1, 1) for x in p['regulations']])
    R.append([('规范性文件', 1, 1)] + [(cell(x, b), 1, 1) for x in p['normative_docs']])
    R.append([('第二十条第（五）项', 4, 1)])
    R.append([('信息内容', 1, 1), ('上一年项目数量', 1, 1), ('本年增/减', 1, 1), ('处理决定数量', 1, 1)])
    R.append([('行政许可', 1, 1)] + [(cell(x, b), 1, 1) for x in p['licensing']])
    R.append([('其他对外管理服务事项', 1, 1)] + [(cell(x, b), 1, 1) for x in p['other_services']])
    R.append([('第二十条第（六）项', 4, 1)])
    R.append([('信息内容', 1, 1), ('上一年项目数量', 1, 1), ('本年增/减', 1, 1), ('处理决定数量', 1, 1)])
    R.append([('行政处罚', 1, 1)] + [(cell(x, b), 1, 1) for x in p['penalty']])
    R.append([('行政强制', 1, 1)] + [(cell(x, b), 1, 1) for x in p['enforcement']])
    R.append([('第二十条第（八）项', 4, 1)])
    R.append([('信息内容', 1, 1), ('上一年项目数量', 1, 1), ('本年增/减', 2, 1)])
    R.append([('行政事业性收费', 1, 1), (cell(p['fees'][0], b), 1, 1), (cell(p['fees'][1], b), 2, 1)])
    R.append([('第二十条第（九）项', 4, 1)])
    R.append([('信息内容', 1, 1), ('采购项目数量', 1, 1), ('采购总金额', 2, 1)])
    R.append([('政府集中采购', 1, 1), (cell(p['procurement'][0], b), 1, 1), (p['procurement_text'], 2, 1)])
  return R


def t3_rows(d, rows):
  b = d.get('blank', '')
  leaves = LEAF21 if d['fmt'] == '2021' else LEAF19
  R = []
  R.append([('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', 3, 3), ('申请人情况', 7, 1)])
  R.append([('自然人', 1, 2), ('法人或其他组织', 5, 1), ('总计', 1, 2)])
  R.append([('商业企业', 1, 1), ('科研机构', 1, 1), ('社会公益组织', 1, 1), ('法律服务机构', 1, 1), ('其他', 1, 1)])
  vals = lambda k: [(cell(x, b), 1, 1) for x in rows[k]]
  R.append([('一、本年新收政府信息公开申请数量', 3, 1)] + vals('received'))
  R.append([('二、上年结转政府信息公开申请数量', 3, 1)] + vals('carried_in'))
  first = True
  for k in leaves:
    head, sub = LABEL[k]
    r = []
    if first:
      r.append(('三、本年度办理结果', 1, len(leaves) + 1))
      first = False
    if sub is None:
      r.append((head, 2, 1))
    else:
      if head:
        r.append((head, 1, SPAN[k]))
      r.append((sub, 1, 1))
    R.append(r + vals(k))
  R.append([('（七）总计', 2, 1)] + vals('total'))
  R.append([('四、结转下年度继续办理', 3, 1)] + vals('carried_out'))
  return R


def t4_rows(d, rv):
  b = d.get('blank', '')
  R = []
  R.append([('行政复议', 5, 1), ('行政诉讼', 10, 1)])
  R.append([('结果维持', 1, 2), ('结果纠正', 1, 2), ('其他结果', 1, 2), ('尚未审结', 1, 2), ('总计', 1, 2),
            ('未经复议直接起诉', 5, 1), ('复议后起诉', 5, 1)])
  R.append([(x, 1, 1) for x in ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'] * 2])
  R.append([(cell(x, b), 1, 1) for x in rv])
  return R


def table_html(rows, blank_html='&nbsp;'):
  out = ['<table border="1" cellspacing="0" cellpadding="0" width="600" style="border-collapse:collapse">']
  for r in rows:
    tds = []
    for t, cs, rs in r:
      a = (f' colspan="{cs}"' if cs > 1 else '') + (f' rowspan="{rs}"' if rs > 1 else '')
      txt = H.escape(t) if t else blank_html
      tds.append(f'<td{a}><p style="text-align:center"><span style="font-size:14px;font-family:宋体">{txt}</span></p></td>')
    out.append('<tr>' + ''.join(tds) + '</tr>')
  out.append('</table>')
  return '\n'.join(out)


def table_text(rows, mode):
  if mode == 'tab':
    return '\n'.join('\t'.join(t for t, _, _ in r) for r in rows)
  if mode == 'cells':  # one cell per line (copied from a DOCX)
    return '\n'.join(t for r in rows for t, _, _ in r)
  if mode == 'space':
    return ' '.join(t for r in rows for t, _, _ in r if t)
  raise ValueError(mode)


# ---------- documents ----------

def render(d):
  CUR.clear()
  CUR.update(d)
  text = render_(d)
  for a, b in d.get('replace', []):
    assert a in text, (d['id'], a)
    text = text.replace(a, b)
  return text


def render_(d):
  rows = requests(d)
  rv = reviews(d)
  tabs = {'t2': t2_rows(d), 't3': t3_rows(d, rows), 't4': t4_rows(d, rv)}
  body = d['body'](rows, rv)  # list of ('p'|'h'|'t2'|'t3'|'t4'|'note'|'sign', text)
  kind = d['kind']
  if kind == 'html':
    parts = []
    for k, x in body:
      if k in tabs:
        parts.append(table_html(tabs[k], d.get('blank_html', '&nbsp;')))
      elif k == 'sign':
        parts.append(f'<p style="text-align:right">{x}</p>')
      elif k == 'h':
        parts.append(f'<p><strong>{x}</strong></p>')
      else:
        parts.append(f'<p style="text-indent:2em">{x}</p>')
    page = d['chrome'].replace('{BODY}', '\n'.join(parts))
    return page
  mode = d['table_mode']
  lines = []
  for k, x in body:
    if k in tabs:
      lines.append(table_text(tabs[k], mode))
    else:
      lines.append(x)
  if mode == 'space':
    return ''.join(lines) + '\n'
  return '\n'.join(lines) + '\n'


def expectation(d, rows, rv):
  leaves = LEAF21 if d['fmt'] == '2021' else LEAF19
  p = d['pro']
  if d['fmt'] == '2021':
    pro = {'regulations': p['regulations'], 'normative_docs': p['normative_docs'], 'licensing': p['licensing'],
           'penalty': p['penalty'], 'enforcement': p['enforcement'], 'fees': p['fees']}
  else:
    pro = {k: p[k] for k in ['regulations', 'normative_docs', 'licensing', 'other_services', 'penalty', 'enforcement', 'fees']}
    pro['procurement'] = [p['procurement'][0], p['procurement'][1]]
  return {
    'id': d['id'], 'file': d['file'], 'about': d['about'], 'variants': d.get('variants', []),
    'agency': d['agency'], 'year': d['year'], 'format': d['fmt'], 'publishedOn': d['date'], 'signedOn': d.get('signed', d['date']),
    'proactive': pro,
    'requests': {k: rows[k] for k in ['received', 'carried_in'] + leaves + ['total', 'carried_out']},
    'reviews': rv,
    'mustNot': d.get('mustNot', []),
    'must': d.get('must', []),
  }


CHROME = '''<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="SiteName" content="{site}"><meta name="ColumnName" content="政府信息公开年报">
<title>{title}_{site}</title></head>
<body>
<div class="top"><a href="/">首页</a> | <a href="#">无障碍</a> | <a href="#">长者模式</a> | 欢迎访问{site}！</div>
<div class="nav"><ul><li>首页</li><li>政务公开</li><li>政务服务</li><li>互动交流</li><li>走进{place}</li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="#">政务公开</a> &gt; <a href="#">政府信息公开</a> &gt; <a href="#">政府信息公开年报</a></div>
{infobox}
<div class="article">
<h1 class="title">{title}</h1>
<div class="info">{info}</div>
<div class="TRS_Editor">
{BODY}
</div>
<div class="share">分享到：<a>微信</a> <a>微博</a> <a>QQ空间</a></div>
<div class="tools">【<a>打印本页</a>】【<a>关闭窗口</a>】 扫一扫在手机打开当前页</div>
</div>
<div class="related"><h3>相关链接</h3><ul><li>{place}2020年政府信息公开工作年度报告</li><li>关于做好{year1}年度政务公开工作的通知</li></ul></div>
<div class="footer">主办单位：{site_owner}　承办：{place}大数据发展中心　网站标识码：{code}　{icp}<br>地址：{addr}　电话：{tel}</div>
</body></html>'''


def chrome(**kw):
  kw.setdefault('infobox', '')
  kw.setdefault('year1', '2022')
  s = CHROME
  for k, v in kw.items():
    s = s.replace('{' + k + '}', v)
  return s


# ---------- prose ----------

def S(rows, leaves_prefix):
  return sum(rows[k][6] or 0 for k in rows if k.startswith(leaves_prefix))


def std_body(d, h, rows, rv, *, intro, overview, proactive_text, req_text=None, rev_text=None, problems, other, sign,
             notes=None, units=False):
  """h: six headings; the usual order of a report."""
  b = [('p', intro)] if intro else []
  b.append(('h', h[0]))
  b += overview
  b.append(('h', h[1]))
  if proactive_text:
    b.append(('p', proactive_text))
  b.append(('t2', None))
  if notes and 't2' in notes:
    b.append(('note', notes['t2']))
  b.append(('h', h[2]))
  if req_text:
    b.append(('p', req_text))
  if units:
    b.append(('p', '单位：件'))
  b.append(('t3', None))
  if notes and 't3' in notes:
    b.append(('note', notes['t3']))
  b.append(('h', h[3]))
  if rev_text:
    b.append(('p', rev_text))
  b.append(('t4', None))
  if notes and 't4' in notes:
    b.append(('note', notes['t4']))
  b.append(('h', h[4]))
  b += [('p', x) for x in problems]
  b.append(('h', h[5]))
  b += [('p', x) for x in other]
  b += [('sign', x) for x in sign]
  return b


H21 = ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况',
       '五、存在的主要问题及改进情况', '六、其他需要报告的事项']


def row6(n, **kw):
  r = [0] * 6
  for k, v in kw.items():
    r[COLS.index(k)] = v
  if n is not None:
    r[0] = n
  return r


DOCS = []

# 1. 衢州市人民政府 2021, city government, archived HTML with chrome; 落款 by its office; page time.
def d1_body(rows, rv):
  r = rows
  return std_body(D1, H21, rows, rv,
    intro='本报告由衢州市人民政府办公室根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据的统计期限自2021年1月1日起至2021年12月31日止。本报告电子版可在“衢州市人民政府”门户网站（www.qz.gov.cn）查阅或下载。如对本报告有疑问，请与衢州市人民政府办公室联系（地址：衢州市柯城区荷花中路1号；邮编：324002；电话：0570-3026137）。',
    overview=[
      ('p', '2021年，衢州市深入贯彻落实《条例》和国家、省政务公开工作部署，以公开促落实、促规范、促服务，全市政务公开工作在全省考核中位列第一档。'),
      ('p', '（一）主动公开。全年通过市政府门户网站主动公开政府信息12836条，其中政策文件318件，政策解读217篇；召开新闻发布会46场。'),
      ('p', '（二）依申请公开。全年市政府本级共收到政府信息公开申请%d件，上年结转%d件，均在法定期限内答复。' % (r['received'][6], r['carried_in'][6])),
      ('p', '（三）政府信息管理。开展行政规范性文件清理，废止%d件，现行有效行政规范性文件%d件，均在门户网站统一公开。' % (D1['pro']['normative_docs'][1], D1['pro']['normative_docs'][2])),
      ('p', '（四）平台建设。2021年11月30日前完成政府网站集约化改造，整合市级部门网站27个，政务新媒体账号89个纳入统一监管。'),
      ('p', '（五）监督保障。将政务公开纳入年度综合考核，分值占比4%，组织业务培训3期，培训人员400余人次。'),
    ],
    proactive_text=None,
    problems=['2021年，我市政务公开工作取得一定成效，但仍存在一些不足：一是政策解读形式还不够丰富；二是基层政务公开标准化规范化水平仍有差距。',
              '下一步，我们将丰富图表、视频等解读形式，加强对县（市、区）及乡镇（街道）的业务指导，力争2022年实现基层政务公开标准目录全覆盖。'],
    other=['（一）信息处理费收取情况。本年度未收取信息处理费。',
           '（二）落实上级年度政务公开工作要点情况。按照《2021年浙江省政务公开工作要点》要求，逐项细化任务，均已按期完成。',
           '（三）《衢州市政府信息公开规定》已于2022年2月15日经市政府第3次常务会议审议通过，自2022年4月1日起施行。'],
    sign=['衢州市人民政府办公室', '2022年3月24日'])

D1 = dict(id='u01-quzhou-city-2021', file='u01-quzhou-city-2021.html', kind='html', fmt='2021', year=2021,
  agency='衢州市人民政府', date='2022-03-24',
  about='City government, 2021 format, archived page with site chrome, merged headers, 落款 by the 办公室 dated 2022年3月24日 (before 31 March), page time 2022-03-25.',
  variants=['html', 'docx', 'pdf-chromium'],
  pro=dict(regulations=[1, 0, 13], normative_docs=[12, 5, 186], licensing=[2361], penalty=[1894], enforcement=[37], fees=[1126.43]),
  req=dict(received=row6(41, business=3, legal=1), carried_in=row6(2),
           granted=row6(19, business=2), partial=row6(4, legal=1), **{'denied.third_party': row6(1), 'unable.not_held': row6(9, business=1),
           'unable.unclear': row6(2), 'not_processed.petition': row6(3), 'not_processed.duplicate': row6(1), 'other.misc': row6(2)},
           carried_out=row6(2)),
  rev=[[1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 0, 0]],
  mustNot=['R-DATE-LATE', 'R-DATE-MISSING', 'R-SEC-MISSING', 'R-TBL-MISSING', 'R-FMT-VERSION', 'R-TBL-BLANK', 'R-TEXT-TABLE', 'R-OTHER-FEES'],
  body=lambda rows, rv: d1_body(rows, rv),
  chrome=chrome(site='衢州市人民政府', place='衢州', title='衢州市人民政府2021年政府信息公开工作年度报告',
    info='发布时间：2022-03-25 09:12　　信息来源：市政府办公室　　浏览次数：2381　　字号：[ 大 中 小 ]',
    infobox='<table class="xxgk"><tr><td>索引号：</td><td>002551058/2022-00135</td><td>发布机构：</td><td>衢州市人民政府办公室</td></tr><tr><td>成文日期：</td><td>2022-03-24</td><td>公开方式：</td><td>主动公开</td></tr></table>',
    site_owner='衢州市人民政府办公室', code='3308000001', icp='浙ICP备05015382号', addr='衢州市荷花中路1号', tel='0570-3026137'))
DOCS.append(D1)

# 2. 宁波市江北区人民政府 2022 → DOCX (and PDF via LibreOffice); 落款 in Chinese numerals.
def d2_body(rows, rv):
  r = rows
  return std_body(D2, ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况（单位：件）',
                       '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项'], rows, rv,
    intro='根据《中华人民共和国政府信息公开条例》规定，特向社会公布2022年度宁波市江北区人民政府政府信息公开工作年度报告。本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。',
    overview=[
      ('p', '2022年，江北区坚持以公开为常态、不公开为例外，围绕区委区政府中心工作，扎实推进政务公开各项工作。'),
      ('p', '（一）主动公开情况'), ('p', '全年主动公开政府信息4215条，发布政策解读材料96篇，举办政府开放活动8次。'),
      ('p', '（二）依申请公开情况'), ('p', '全年共受理政府信息公开申请%d件，办结%d件，结转下年度%d件。' % (r['received'][6], r['total'][6], r['carried_out'][6])),
      ('p', '（三）政府信息管理情况'), ('p', '严格落实公开前保密审查制度，全年未发生泄密事件。'),
      ('p', '（四）政府信息公开平台建设情况'), ('p', '推进政务公开专区建设，在区行政服务中心设立政务公开专区1个，镇（街道）专区8个。'),
      ('p', '（五）监督保障情况'), ('p', '开展业务培训2次，对各单位政务公开工作进行季度通报。'),
    ],
    proactive_text=None,
    problems=['存在的问题：部分单位对政策解读的重视程度还不够，解读质量有待提升。改进措施：2023年将建立解读质量抽查机制，每季度通报一次。'],
    other=['本机关2022年度未收取信息处理费。人大代表建议和政协提案办理结果均已按要求公开。'],
    sign=['宁波市江北区人民政府', '二〇二三年三月二十日'])

D2 = dict(id='u02-jiangbei-district-2022', file='u02-jiangbei-district-2022.html', kind='html', fmt='2022' and '2021', year=2022,
  agency='宁波市江北区人民政府', date='2023-03-20',
  about='District government, 2022 report, 落款 二〇二三年三月二十日 (Chinese numerals), 三 heading with （单位：件）, sub-heads on their own lines; read as DOCX and PDF made by LibreOffice.',
  variants=['html', 'docx', 'pdf-soffice'],
  pro=dict(regulations=[0, 0, 0], normative_docs=[7, 2, 64], licensing=[15873], penalty=[2406], enforcement=[112], fees=[0]),
  req=dict(received=row6(118, business=14, research=1, legal=3, other_org=2), carried_in=row6(6, business=1),
           granted=row6(47, business=6), partial=row6(11, business=2, legal=1),
           **{'denied.state_secret': row6(1), 'denied.process_info': row6(3), 'denied.admin_query': row6(2, business=1),
              'unable.not_held': row6(31, business=4, research=1, legal=1), 'unable.needs_creation': row6(4),
              'not_processed.petition': row6(6), 'not_processed.duplicate': row6(5, other_org=1), 'not_processed.excessive': row6(2),
              'other.no_correction': row6(3), 'other.misc': row6(1, legal=1)},
           carried_out=row6(8, business=2, other_org=1)),
  rev=[[3, 1, 0, 1], [2, 0, 1, 1], [1, 0, 0, 0]],
  mustNot=['R-DATE-LATE', 'R-DATE-MISSING', 'R-SEC-MISSING', 'R-TBL-MISSING', 'R-FMT-VERSION', 'R-TBL-BLANK', 'R-TEXT-TABLE', 'R-OTHER-FEES', 'R-SEC-EMPTY'],
  body=lambda rows, rv: d2_body(rows, rv),
  chrome=chrome(site='宁波市江北区人民政府', place='江北', title='宁波市江北区人民政府2022年政府信息公开工作年度报告',
    info='来源：区政府办　发布日期：2023-03-21 15:40', site_owner='宁波市江北区人民政府办公室', code='3302050001',
    icp='浙ICP备10203405号', addr='宁波市江北区大闸路180号', tel='0574-87652035', year1='2023'))
DOCS.append(D2)

# 3. 杭州市上城区小营街道办事处 2021, text copied from the page with tab-separated tables; mostly zeros.
def d3_body(rows, rv):
  return [('p', '杭州市上城区小营街道办事处2021年政府信息公开工作年度报告'), ('p', '发布时间：2022-01-21　来源：小营街道'),
          ('p', '本报告根据《中华人民共和国政府信息公开条例》编制，所列数据统计期限为2021年1月1日至2021年12月31日。')] + std_body(D3,
    ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况',
     '五、存在的主要问题及改进情况', '六、其他需要报告的事项'], rows, rv, intro=None,
    overview=[('p', '2021年，小营街道认真贯彻落实《条例》，依托区政府门户网站街道专栏主动公开信息326条。（一）主动公开：重点公开财政预决算、民生实事项目等信息。（二）依申请公开：本年度收到政府信息公开申请2件，均已按时答复。（三）政府信息管理：建立公开属性源头认定机制。（四）平台建设：更新街道公开栏12期。（五）监督保障：明确1名分管领导、2名工作人员负责。')],
    proactive_text='本年度街道未制发规范性文件。',
    problems=['一是公开内容的时效性有待提高；二是工作人员业务水平有待提升。下一步，街道将加强培训，规范发布流程。'],
    other=['本年度未收取信息处理费。无其他需要报告的事项。'],
    sign=['杭州市上城区小营街道办事处', '2022年1月20日'])

D3 = dict(id='u03-xiaoying-street-2021', file='u03-xiaoying-street-2021.txt', kind='txt', table_mode='tab', fmt='2021', year=2021,
  agency='杭州市上城区小营街道办事处', date='2022-01-20',
  about='街道办事处 (31 January), 2021, text copied from a page with tab-separated tables and merged header cells flattened; 2 requests, both granted; 落款 2022年1月20日.',
  variants=['txt'],
  pro=dict(regulations=[0, 0, 0], normative_docs=[0, 0, 0], licensing=[0], penalty=[0], enforcement=[0], fees=[0]),
  req=dict(received=row6(2), granted=row6(2)),
  rev=[[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]],
  mustNot=['R-DATE-LATE', 'R-DATE-MISSING', 'R-SEC-MISSING', 'R-TBL-MISSING', 'R-FMT-VERSION', 'R-TBL-BLANK', 'R-TEXT-TABLE', 'R-OTHER-FEES'],
  body=lambda rows, rv: d3_body(rows, rv))
DOCS.append(D3)

# 4. 余姚市泗门镇人民政府 2022: printed to PDF by Chromium; full-width digits in the 落款; blank (not 0) in 表二 unused cells.
def d4_body(rows, rv):
  return std_body(D4, ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况',
                       '五、存在的主要问题及改进情况', '六、其他需要报告的事项'], rows, rv,
    intro='根据《中华人民共和国政府信息公开条例》规定，现公布泗门镇2022年度政府信息公开工作年度报告。统计期限为2022年1月1日至2022年12月31日。',
    overview=[('p', '2022年，泗门镇以提升政务公开标准化规范化水平为抓手，全年在镇政府信息公开专栏主动公开各类信息518条。'),
              ('p', '（一）主动公开。重点公开乡村振兴、惠农补贴、财政资金等信息。（二）依申请公开。全年收到申请5件。（三）政府信息管理。落实信息发布审核制度。（四）平台建设。维护好镇政务公开专区。（五）监督保障。纳入村（社区）年度考核。')],
    proactive_text=None,
    problems=['主要问题是基层公开力量薄弱、专业人员不足。改进情况：通过以会代训等方式开展培训，提升工作人员业务能力。'],
    other=['本年度未收取信息处理费，无其他需要报告的事项。'],
    sign=['余姚市泗门镇人民政府', fw('2023年1月18日')])

D4 = dict(id='u04-simen-town-2022', file='u04-simen-town-2022.html', kind='html', fmt='2021', year=2022,
  agency='余姚市泗门镇人民政府', date='2023-01-18',
  about='镇人民政府 2022, printed to PDF by Chromium; 落款 in full-width digits ２０２３年１月１８日; 表二 行政许可/处罚 blank (the town has none); 5 requests.',
  variants=['html', 'pdf-chromium'],
  pro=dict(regulations=[None, None, None], normative_docs=[0, 0, 3], licensing=[None], penalty=[26], enforcement=[None], fees=[None]),
  req=dict(received=row6(5), granted=row6(3), **{'unable.not_held': row6(1), 'not_processed.petition': row6(1)}),
  rev=[[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]],
  mustNot=['R-DATE-LATE', 'R-DATE-MISSING', 'R-SEC-MISSING', 'R-TBL-MISSING', 'R-FMT-VERSION', 'R-TEXT-TABLE', 'R-OTHER-FEES',
           'R-SUM-ROW', 'R-SUM-RESULTS', 'R-SUM-BALANCE', 'R-SUM-REVIEW'],
  must=[{'rule': 'R-TBL-BLANK', 'severity': 'warning', 'table': 'proactive'}],
  body=lambda rows, rv: d4_body(rows, rv),
  chrome=chrome(site='余姚市人民政府', place='余姚', title='余姚市泗门镇人民政府2022年政府信息公开工作年度报告',
    info='发布日期：2023-01-19　　来源：泗门镇', site_owner='余姚市人民政府办公室', code='3302810001', icp='浙ICP备05001163号',
    addr='余姚市阳明西路', tel='0574-62702110', year1='2023'))
DOCS.append(D4)

H19 = ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况',
       '五、存在的主要问题及改进情况', '六、其他需要报告的事项']

# 5. 绍兴市教育局 2020, 2019 format, archived HTML; 表二 procurement in 万元; 发布日期 line and 落款.
def d5_body(rows, rv):
  r = rows
  return std_body(D5, H19, rows, rv,
    intro='本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由绍兴市教育局编制。报告所列数据统计期限自2020年1月1日起至2020年12月31日止。',
    overview=[('p', '2020年，市教育局围绕疫情防控、开学复课、招生考试等社会关注事项，主动公开信息1562条，发布疫情防控相关通告23期。全年共收到政府信息公开申请%d件，均依法按时答复。' % r['received'][6])]
      + [('p', '按照“谁制定、谁解读”原则，对出台的%d件规范性文件全部进行解读。' % D5['pro']['normative_docs'][0])],
    proactive_text=None,
    req_text='2020年，本机关收到政府信息公开申请%d件，其中予以公开%d件，无法提供%d件，不予处理%d件。' % (
      r['received'][6], r['granted'][6], S(r, 'unable.'), S(r, 'not_processed.')),
    rev_text='2020年，本机关未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。',
    problems=['政策解读的针对性和可读性还需加强，下一步将更多采用图解、短视频等形式。'],
    other=['无其他需要报告的事项。'],
    sign=['绍兴市教育局', '2021年1月25日'])

D5 = dict(id='u05-shaoxing-education-2020', file='u05-shaoxing-education-2020.html', kind='html', fmt='2019', year=2020,
  agency='绍兴市教育局', date='2021-01-25',
  about='Department, 2020 report in the 2019 format (correct for 2020), 表二 with 政府集中采购 12 项 / 1856.3万元 and 本年增/减 of -2 and +3; 落款 2021年1月25日; no reviews.',
  variants=['html', 'docx', 'pdf-soffice'],
  pro=dict(regulations=[0, 0, 0], normative_docs=[4, 4, 37], licensing=[9, -2, 1208], other_services=[6, 3, 413],
           penalty=[3, 0, 0], enforcement=[0, 0, 0], fees=[1, 0], procurement=[12, 1856.3], procurement_text='1856.3万元'),
  req=dict(received=row6(17, business=1), granted=row6(11, business=1), **{'unable.not_held': row6(4), 'not_processed.petition': row6(2)}),
  rev=[[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]],
  mustNot=['R-DATE-LATE', 'R-DATE-MISSING', 'R-SEC-MISSING', 'R-TBL-MISSING', 'R-FMT-VERSION', 'R-TBL-BLANK', 'R-TEXT-TABLE', 'R-TBL-VALUE',
           'R-SUM-ROW', 'R-SUM-RESULTS', 'R-SUM-BALANCE', 'R-SUM-REVIEW'],
  replace=[('>3</span></p></td><td><p style="text-align:center"><span style="font-size:14px;font-family:宋体">413<', '>+3</span></p></td><td><p style="text-align:center"><span style="font-size:14px;font-family:宋体">413<')],
  body=lambda rows, rv: d5_body(rows, rv),
  chrome=chrome(site='绍兴市教育局', place='绍兴教育', title='绍兴市教育局2020年政府信息公开工作年度报告',
    info='发布日期：2021-01-26　　来源：办公室　　访问量：987', site_owner='绍兴市教育局', code='3306000012', icp='浙ICP备11017698号',
    addr='绍兴市越城区解放北路', tel='0575-85135800', year1='2021'))
DOCS.append(D5)

# 6. 建德市财政局 2019, copied from the page without any line breaks (cells separated by spaces).
def d6_body(rows, rv):
  r = rows
  return [('p', '建德市财政局2019年政府信息公开工作年度报告'), ('p', '发布时间：2020-01-21 浏览次数：311')] + std_body(D6, H19, rows, rv,
    intro='本报告依据《中华人民共和国政府信息公开条例》编制，数据统计期限为2019年1月1日至2019年12月31日。',
    overview=[('p', '2019年，我局认真贯彻新修订的《条例》，全年主动公开财政预决算、政府采购、财政资金分配等信息684条。共受理政府信息公开申请%d件。' % r['received'][6])],
    proactive_text=None,
    problems=['存在问题：信息公开的及时性有待提高。改进措施：建立信息发布台账，实行限时公开。'],
    other=['无。'],
    sign=['建德市财政局', '2020年1月20日'])

D6 = dict(id='u06-jiande-finance-2019', file='u06-jiande-finance-2019.txt', kind='txt', table_mode='space', fmt='2019', year=2019,
  agency='建德市财政局', date='2020-01-20',
  about='Department, 2019 report, 2019 format, the whole page copied as one line (no line breaks, cells separated by spaces); 落款 2020年1月20日.',
  variants=['txt'],
  pro=dict(regulations=[0, 0, 0], normative_docs=[2, 2, 15], licensing=[0, 0, 0], other_services=[0, 0, 0], penalty=[0, 0, 4],
           enforcement=[0, 0, 0], fees=[0, 0], procurement=[36, 5723.46], procurement_text='5723.46万元'),
  req=dict(received=row6(3, business=1), carried_in=row6(0), granted=row6(2, business=1), **{'unable.not_held': row6(1)}),
  rev=[[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]],
  mustNot=['R-DATE-LATE', 'R-DATE-MISSING', 'R-SEC-MISSING', 'R-TBL-MISSING', 'R-FMT-VERSION', 'R-TBL-BLANK', 'R-TEXT-TABLE',
           'R-SUM-ROW', 'R-SUM-RESULTS', 'R-SUM-BALANCE', 'R-SUM-REVIEW', 'R-OTHER-FEES'],
  body=lambda rows, rv: d6_body(rows, rv))
DOCS.append(D6)

# 7. 贵安新区管理委员会 2021 (area governed like a county: 31 March); 落款 2022年2月25日; HTML with notes under tables.
def d7_body(rows, rv):
  r = rows
  return std_body(D7, ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况',
                       '四、因政府信息公开工作被申请行政复议、提起行政诉讼情况', '五、政府信息公开工作存在的主要问题及改进情况', '六、其他需要报告的事项'], rows, rv,
    intro='根据《中华人民共和国政府信息公开条例》第四十九条、第五十条规定，编制本报告。本报告中所列数据统计期限自2021年1月1日起至2021年12月31日止。',
    overview=[('p', '2021年，贵安新区坚持把政务公开作为建设法治政府、服务型政府的重要抓手，全年主动公开政府信息3308条。'),
              ('p', '依申请公开方面，全年共受理申请%d件，办结%d件。' % (r['received'][6], r['total'][6])),
              ('p', '政府信息管理、平台建设和监督保障方面，修订政府信息公开指南和目录，组织培训4次，开展季度检查4次。')],
    proactive_text=None,
    problems=['主要问题：重点领域信息公开的深度不够。改进情况：2022年将聚焦重大建设项目、公共资源配置等领域，细化公开标准。'],
    other=['新区2021年度未收取政府信息公开信息处理费。'],
    sign=['贵安新区管理委员会', '2022年2月25日'],
    notes={'t3': '注：本表数据为新区管委会本级数据。', 't2': '注：行政事业性收费金额单位为万元。'})

D7 = dict(id='u07-guian-newarea-2021', file='u07-guian-newarea-2021.html', kind='html', fmt='2021', year=2021,
  agency='贵安新区管理委员会', date='2022-02-25',
  about='新区管委会 (governs an area: 31 March), 2021, signed 2022年2月25日 (late for a department, on time here); notes under tables; 四 heading in the long wording.',
  variants=['html', 'docx'],
  pro=dict(regulations=[0, 0, 2], normative_docs=[9, 0, 58], licensing=[3570], penalty=[161], enforcement=[0], fees=[85.3]),
  req=dict(received=row6(24, business=5), carried_in=row6(1), granted=row6(14, business=3), partial=row6(2, business=1),
           **{'unable.not_held': row6(5, business=1), 'not_processed.duplicate': row6(2), 'other.no_correction': row6(1)},
           carried_out=row6(1)),
  rev=[[1, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]],
  mustNot=['R-DATE-LATE', 'R-DATE-MISSING', 'R-SEC-MISSING', 'R-TBL-MISSING', 'R-FMT-VERSION', 'R-TBL-BLANK', 'R-TEXT-TABLE', 'R-OTHER-FEES'],
  body=lambda rows, rv: d7_body(rows, rv),
  chrome=chrome(site='贵安新区', place='贵安', title='贵安新区2021年政府信息公开工作年度报告',
    info='发布时间：2022-02-28 10:05　来源：党政办公室', site_owner='贵安新区管理委员会', code='5200000051', icp='黔ICP备15001234号',
    addr='贵安新区百马大道', tel='0851-88906000'))
DOCS.append(D7)
D7['agency'] = ['贵安新区管理委员会', '贵安新区']

# 8. 桐庐县人民政府 2022: 表四 with cases in every group; prose numbers incl. 行政复议/行政诉讼; Chinese numerals in prose.
def d8_body(rows, rv):
  r = rows
  rev_n, lit_n = rv[4], rv[9] + rv[14]
  return std_body(D8, H21, rows, rv,
    intro='根据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求，桐庐县人民政府编制了2022年政府信息公开工作年度报告。报告统计期限为2022年1月1日至2022年12月31日。',
    overview=[('p', '（一）主动公开。2022年县政府门户网站共发布信息7023条，较上年增长12.6%，其中县政府文件26件、政策解读43篇。'),
              ('p', '（二）依申请公开。全年新收政府信息公开申请%d件，上年结转%d件；予以公开%d件，部分公开%d件，不予公开%d件，无法提供%d件，不予处理%d件，其他处理%d件，结转下年度办理%d件。' % (
                r['received'][6], r['carried_in'][6], r['granted'][6], r['partial'][6], S(r, 'denied.'), S(r, 'unable.'), S(r, 'not_processed.'), S(r, 'other.'), r['carried_out'][6])),
              ('p', '（三）政府信息管理。开展规章和行政规范性文件清理，现行有效县政府行政规范性文件%d件。' % D8['pro']['normative_docs'][2]),
              ('p', '（四）平台建设。推进政务新媒体规范化管理，关停整合账号十一个。'),
              ('p', '（五）监督保障。将政务公开工作纳入全县综合考评，组织培训班两期。')],
    proactive_text=None,
    rev_text='2022年，因政府信息公开被申请行政复议%d件，被提起行政诉讼%d件。' % (rev_n, lit_n),
    problems=['一是部分乡镇政务公开专区利用率不高；二是依申请公开答复规范性有待提高。下一步将开展答复文书评查，每半年通报一次。'],
    other=['1.信息处理费：本机关2022年度未收取信息处理费。', '2.人大代表建议和政协提案办理：全年承办人大代表建议126件、政协提案148件，办结率100%。'],
    sign=['桐庐县人民政府', '2023年3月28日'])

D8 = dict(id='u08-tonglu-county-2022', file='u08-tonglu-county-2022.html', kind='html', fmt='2021', year=2022,
  agency='桐庐县人民政府', date='2023-03-28',
  about='County government, 2022; every number of 三 restated in the prose; 表四 with cases in all three groups (复议 5, 诉讼 2 + 1); 较上年增长12.6%; signed 2023年3月28日.',
  variants=['html', 'docx', 'pdf-soffice'],
  pro=dict(regulations=[0, 0, 0], normative_docs=[6, 3, 71], licensing=[9214], penalty=[3357], enforcement=[208], fees=[2543.7781]),
  req=dict(received=row6(63, business=8, legal=2, other_org=1), carried_in=row6(3, business=1),
           granted=row6(28, business=4), partial=row6(6, legal=1), **{'denied.third_party': row6(2), 'denied.process_info': row6(1, business=1),
           'unable.not_held': row6(17, business=2, legal=1), 'unable.unclear': row6(1), 'not_processed.petition': row6(4),
           'not_processed.duplicate': row6(2, other_org=1), 'other.no_correction': row6(2), 'other.misc': row6(1)},
           carried_out=row6(2, business=2)),
  rev=[[3, 1, 0, 1], [1, 0, 1, 0], [1, 0, 0, 0]],
  mustNot=['R-DATE-LATE', 'R-DATE-MISSING', 'R-SEC-MISSING', 'R-TBL-MISSING', 'R-FMT-VERSION', 'R-TBL-BLANK', 'R-TEXT-TABLE', 'R-OTHER-FEES',
           'R-SUM-ROW', 'R-SUM-RESULTS', 'R-SUM-BALANCE', 'R-SUM-REVIEW'],
  body=lambda rows, rv: d8_body(rows, rv),
  chrome=chrome(site='桐庐县人民政府', place='桐庐', title='桐庐县人民政府2022年政府信息公开工作年度报告',
    info='发布时间：2023-03-29　信息来源：县府办', site_owner='桐庐县人民政府办公室', code='3301220001', icp='浙ICP备05001234号',
    addr='桐庐县迎春南路', tel='0571-64212345', year1='2023'))
DOCS.append(D8)

# 9. 温州市市场监督管理局 2023, PDF from LibreOffice; big numbers written with thousands separators in prose; page date only as 2024-01-26.
def d9_body(rows, rv):
  r = rows
  return std_body(D9, ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况',
                       '五、存在的主要问题及改进情况', '六、其他需要报告的事项'], rows, rv,
    intro='本报告依据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限自2023年1月1日起至2023年12月31日止。',
    overview=[('p', '2023年，市市场监管局全年主动公开行政许可信息48,216条、行政处罚信息5,163条，“双随机、一公开”抽查结果1,902批次。'),
              ('p', '全年共收到政府信息公开申请%d件，较上年减少9件。其中自然人申请%d件，法人或其他组织申请%d件。' % (
                r['received'][6], r['received'][0], r['received'][6] - r['received'][0])),
              ('p', '加强政府信息管理和平台建设，完成公开目录动态调整；强化监督保障，全年组织培训3次。')],
    proactive_text=None,
    problems=['存在问题：投诉举报类申请占比较高，申请人对政府信息公开的理解存在偏差。改进：加强申请指引，完善答复模板。'],
    other=['根据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。',
           '2023年12月28日，召开全市市场监管系统政务公开工作推进会，部署2024年重点任务。'],
    sign=['温州市市场监督管理局', '2024年1月26日', '相关附件：温州市市场监督管理局2023年政府信息公开工作年度报告.docx'])

D9 = dict(id='u09-wenzhou-amr-2023', file='u09-wenzhou-amr-2023.html', kind='html', fmt='2021', year=2023,
  agency='温州市市场监督管理局', date='2024-01-26',
  about='Department, 2023; large counts (行政许可 48216) and 1,902 style prose numbers; many 不予处理 (投诉举报); PDF made by LibreOffice.',
  variants=['html', 'pdf-soffice'],
  pro=dict(regulations=[0, 0, 0], normative_docs=[3, 1, 22], licensing=[48216], penalty=[5163], enforcement=[391], fees=[0]),
  req=dict(received=row6(212, business=26, research=1, nonprofit=1, legal=9, other_org=4), carried_in=row6(11, business=2),
           granted=row6(58, business=9, legal=2), partial=row6(19, business=5, legal=1),
           **{'denied.third_party': row6(6, business=1), 'denied.enforcement_file': row6(4, legal=2), 'denied.admin_query': row6(9),
              'unable.not_held': row6(37, business=4, research=1, legal=2), 'unable.needs_creation': row6(5),
              'not_processed.petition': row6(43, business=3, other_org=2), 'not_processed.duplicate': row6(12, nonprofit=1),
              'not_processed.confirmation': row6(3), 'other.no_correction': row6(8, business=2, legal=1), 'other.no_fee': row6(0),
              'other.misc': row6(4, other_org=1)},
           carried_out=row6(15, business=4, legal=1, other_org=1)),
  rev=[[4, 1, 2, 1], [2, 0, 1, 2], [1, 0, 0, 1]],
  mustNot=['R-DATE-LATE', 'R-DATE-MISSING', 'R-SEC-MISSING', 'R-TBL-MISSING', 'R-FMT-VERSION', 'R-TBL-BLANK', 'R-TEXT-TABLE', 'R-OTHER-FEES',
           'R-SUM-ROW', 'R-SUM-RESULTS', 'R-SUM-BALANCE', 'R-SUM-REVIEW'],
  body=lambda rows, rv: d9_body(rows, rv),
  chrome=chrome(site='温州市市场监督管理局', place='温州市场监管', title='温州市市场监督管理局2023年政府信息公开工作年度报告',
    info='发布时间：2024-01-26 16:20　来源：办公室', site_owner='温州市市场监督管理局', code='3303000023', icp='浙ICP备12045678号',
    addr='温州市鹿城区', tel='0577-88966315', year1='2024'))
DOCS.append(D9)

# 10. 湖州市人力资源和社会保障局 2021, text converted from DOCX: one cell per line; headings numbered 1、 (drift).
def d10_body(rows, rv):
  r = rows
  return [('p', '湖州市人力资源和社会保障局'), ('p', '2021年政府信息公开工作年度报告')] + std_body(D10,
    ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况',
     '五、存在的主要问题及改进情况', '六、其他需要报告的事项'], rows, rv,
    intro='本年度报告根据《中华人民共和国政府信息公开条例》要求编制，统计期限为2021年1月1日至2021年12月31日。',
    overview=[('p', '（一）主动公开情况。全年主动公开信息2107条，其中就业创业、社会保险、人事人才等重点领域信息1384条。'),
              ('p', '（二）依申请公开情况。全年收到政府信息公开申请%d件，全部按期答复。' % r['received'][6]),
              ('p', '（三）政府信息管理情况。规范公开属性认定，全年新增行政规范性文件%d件。' % D10['pro']['normative_docs'][0]),
              ('p', '（四）平台建设情况。优化门户网站政府信息公开专栏。'),
              ('p', '（五）监督保障情况。落实政务公开工作责任制。')],
    proactive_text=None,
    problems=['政务公开的精准度有待进一步提升。2022年将围绕群众关切，加强政策解读和回应。'],
    other=['本单位2021年度未收取政府信息公开信息处理费。'],
    sign=['湖州市人力资源和社会保障局', '2022年1月28日'])

D10 = dict(id='u10-huzhou-hrss-2021', file='u10-huzhou-hrss-2021.txt', kind='txt', table_mode='cells', fmt='2021', year=2021,
  agency='湖州市人力资源和社会保障局', date='2022-01-28',
  about='Department, 2021, text converted from DOCX (one cell per line), title split over two lines, signed 2022年1月28日.',
  variants=['txt'],
  pro=dict(regulations=[0, 0, 0], normative_docs=[5, 8, 43], licensing=[612], penalty=[17], enforcement=[0], fees=[0]),
  req=dict(received=row6(29, business=4), granted=row6(16, business=2), partial=row6(3),
           **{'denied.internal_affairs': row6(1), 'unable.not_held': row6(6, business=2), 'not_processed.petition': row6(2),
              'other.misc': row6(1)}),
  rev=[[1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]],
  mustNot=['R-DATE-LATE', 'R-DATE-MISSING', 'R-SEC-MISSING', 'R-TBL-MISSING', 'R-FMT-VERSION', 'R-TBL-BLANK', 'R-TEXT-TABLE', 'R-OTHER-FEES',
           'R-SUM-ROW', 'R-SUM-RESULTS', 'R-SUM-BALANCE', 'R-SUM-REVIEW', 'R-TBL-SHAPE'],
  body=lambda rows, rv: d10_body(rows, rv))
DOCS.append(D10)

# 11. 嘉兴市南湖区人民政府 2023, page with 单位：件 lines and dash placeholders for unused cells; page date 2024-03-29 and 落款.
def d11_body(rows, rv):
  r = rows
  return std_body(D11, ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况',
                        '五、存在的主要问题及改进情况', '六、其他需要报告的事项'], rows, rv,
    intro='根据《中华人民共和国政府信息公开条例》规定，现公布南湖区人民政府2023年政府信息公开工作年度报告。本报告统计期限为2023年1月1日至2023年12月31日。',
    req_text='本年度共办理政府信息公开申请%d件（含上年结转%d件），办结率100%%。' % (r['received'][6] + r['carried_in'][6], r['carried_in'][6]),
    overview=[('p', '2023年，南湖区全面落实政务公开各项要求。主动公开方面，全年公开信息5190条；依申请公开方面，收到申请%d件；政府信息管理方面，新制发行政规范性文件%d件；平台建设方面，完成网站适老化改造；监督保障方面，开展第三方评估1次。' % (
      r['received'][6], D11['pro']['normative_docs'][0]))],
    proactive_text=None, units=True,
    problems=['一是部分部门主动公开栏目更新不及时；二是基层公开事项标准目录运用不够。下一步将建立栏目巡查机制，每月通报。'],
    other=['本年度本机关未收取信息处理费。'],
    sign=['嘉兴市南湖区人民政府', '2024年3月29日'])

D11 = dict(id='u11-nanhu-district-2023', file='u11-nanhu-district-2023.html', kind='html', fmt='2021', year=2023, blank='0',
  agency='嘉兴市南湖区人民政府', date='2024-03-29',
  about='District government 2023, signed 2024年3月29日 (on time); a 单位：件 line above 表三; all five topics of 一 in one paragraph; 0 printed in every unused cell.',
  variants=['html', 'docx'],
  pro=dict(regulations=[0, 0, 0], normative_docs=[11, 4, 97], licensing=[7735], penalty=[2019], enforcement=[46], fees=[312.05]),
  req=dict(received=row6(86, business=9, legal=1), carried_in=row6(4), granted=row6(39, business=3), partial=row6(8, business=2),
           **{'denied.process_info': row6(2), 'unable.not_held': row6(24, business=3, legal=1), 'not_processed.petition': row6(5),
              'not_processed.duplicate': row6(3), 'other.no_correction': row6(3, business=1), 'other.misc': row6(1)},
           carried_out=row6(5)),
  rev=[[2, 0, 1, 0], [1, 0, 0, 1], [0, 0, 0, 0]],
  mustNot=['R-DATE-LATE', 'R-DATE-MISSING', 'R-SEC-MISSING', 'R-TBL-MISSING', 'R-FMT-VERSION', 'R-TBL-BLANK', 'R-TEXT-TABLE', 'R-OTHER-FEES',
           'R-SUM-ROW', 'R-SUM-RESULTS', 'R-SUM-BALANCE', 'R-SUM-REVIEW'],
  body=lambda rows, rv: d11_body(rows, rv),
  chrome=chrome(site='嘉兴市南湖区人民政府', place='南湖', title='嘉兴市南湖区人民政府2023年政府信息公开工作年度报告',
    info='发布时间：2024-03-29 17:30　来源：区府办　【字体：大 中 小】', site_owner='嘉兴市南湖区人民政府办公室', code='3304020001',
    icp='浙ICP备05012345号', addr='嘉兴市南湖区', tel='0573-82521234', year1='2024'))
DOCS.append(D11)

# 12. 安吉县孝丰镇人民政府 2020 (2019 format) → DOCX; 落款 二〇二一年一月二十日.
def d12_body(rows, rv):
  return std_body(D12, H19, rows, rv,
    intro='根据《中华人民共和国政府信息公开条例》要求，现将孝丰镇2020年政府信息公开工作情况报告如下。统计期限为2020年1月1日至2020年12月31日。',
    overview=[('p', '2020年，孝丰镇主动公开政府信息403条，重点做好疫情防控、复工复产、惠民资金发放等信息公开。全年未收到政府信息公开申请。')],
    proactive_text=None,
    problems=['问题：信息公开工作人员变动较频繁。改进：建立工作交接和培训制度。'],
    other=['无其他需要报告的事项。'],
    sign=['安吉县孝丰镇人民政府', '二〇二一年一月二十日'])

D12 = dict(id='u12-xiaofeng-town-2020', file='u12-xiaofeng-town-2020.html', kind='html', fmt='2019', year=2020,
  agency='安吉县孝丰镇人民政府', date='2021-01-20',
  about='镇人民政府 2020 (2019 format), no requests (all 0), 落款 二〇二一年一月二十日; procurement 0 / 0万元.',
  variants=['html', 'docx', 'pdf-chromium'],
  pro=dict(regulations=[0, 0, 0], normative_docs=[0, 0, 0], licensing=[0, 0, 0], other_services=[0, 0, 0], penalty=[0, 0, 0],
           enforcement=[0, 0, 0], fees=[0, 0], procurement=[0, 0], procurement_text='0万元'),
  req=dict(),
  rev=[[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]],
  mustNot=['R-DATE-LATE', 'R-DATE-MISSING', 'R-SEC-MISSING', 'R-TBL-MISSING', 'R-FMT-VERSION', 'R-TBL-BLANK', 'R-TEXT-TABLE',
           'R-SUM-ROW', 'R-SUM-RESULTS', 'R-SUM-BALANCE', 'R-SUM-REVIEW'],
  body=lambda rows, rv: d12_body(rows, rv),
  chrome=chrome(site='安吉县人民政府', place='安吉', title='安吉县孝丰镇人民政府2020年政府信息公开工作年度报告',
    info='发布日期：2021-01-21', site_owner='安吉县人民政府办公室', code='3305230001', icp='浙ICP备05009876号',
    addr='安吉县递铺街道', tel='0572-5122345', year1='2021'))
DOCS.append(D12)

# 13. 杭州市拱墅区卫生健康局 2024, printed to PDF by Chromium; 发布时间 and 落款 in the 2025-01-22 form only.
def d13_body(rows, rv):
  r = rows
  return std_body(D13, ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况',
                        '五、存在的主要问题及改进情况', '六、其他需要报告的事项'], rows, rv,
    intro='本报告根据《中华人民共和国政府信息公开条例》编制，统计期限为2024年1月1日至2024年12月31日。',
    overview=[('p', '2024年，区卫生健康局持续深化卫生健康领域政务公开，主动公开医疗机构执业登记、公共卫生、健康促进等信息856条；'
                     '收到政府信息公开申请%d件，予以公开%d件；加强信息管理和平台建设，监督保障有力。' % (r['received'][6], r['granted'][6]))],
    proactive_text=None,
    problems=['存在的问题：公开内容的可读性还不够强。改进情况：2025年将推出“健康政策一图读懂”专栏。'],
    other=['本年度未收取信息处理费。'],
    sign=['杭州市拱墅区卫生健康局', '2025-01-22'])

D13 = dict(id='u13-gongshu-health-2024', file='u13-gongshu-health-2024.html', kind='html', fmt='2021', year=2024,
  agency='杭州市拱墅区卫生健康局', date='2025-01-22',
  about='District department 2024, title with the year first (2024年杭州市拱墅区卫生健康局…), 规章 row "/" (not applicable: a 局 makes no 规章), 落款 date written 2025-01-22; fees 0.35 万元; printed to PDF by Chromium.',
  variants=['html', 'docx', 'pdf-chromium'],
  pro=dict(regulations=[None, None, None], normative_docs=[1, 0, 6], licensing=[1342], penalty=[288], enforcement=[3], fees=[0.35]),
  replace=[('<td><p style="text-align:center"><span style="font-size:14px;font-family:宋体">规章</span></p></td>' + '<td><p style="text-align:center"><span style="font-size:14px;font-family:宋体">&nbsp;</span></p></td>' * 3,
            '<td><p style="text-align:center"><span style="font-size:14px;font-family:宋体">规章</span></p></td>' + '<td><p style="text-align:center"><span style="font-size:14px;font-family:宋体">/</span></p></td>' * 3)],
  req=dict(received=row6(9, business=2), granted=row6(5, business=1), partial=row6(1), **{'unable.not_held': row6(2, business=1),
           'not_processed.petition': row6(1)}),
  rev=[[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]],
  mustNot=['R-DATE-LATE', 'R-DATE-MISSING', 'R-SEC-MISSING', 'R-TBL-MISSING', 'R-FMT-VERSION', 'R-TBL-BLANK', 'R-TEXT-TABLE', 'R-OTHER-FEES',
           'R-SUM-ROW', 'R-SUM-RESULTS', 'R-SUM-BALANCE', 'R-SUM-REVIEW'],
  body=lambda rows, rv: d13_body(rows, rv),
  chrome=chrome(site='杭州市拱墅区人民政府', place='拱墅', title='2024年杭州市拱墅区卫生健康局政府信息公开工作年度报告',
    info='发布时间：2025-01-22　　来源：区卫生健康局', site_owner='杭州市拱墅区人民政府办公室', code='3301050001',
    icp='浙ICP备05012346号', addr='杭州市拱墅区', tel='0571-88251234', year1='2025'))
DOCS.append(D13)

# 14. 德清县自然资源和规划局 2022, GBK-encoded text file, tab tables, 落款 2023年1月16日.
def d14_body(rows, rv):
  r = rows
  return [('p', '德清县自然资源和规划局2022年政府信息公开工作年度报告')] + std_body(D14,
    ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况',
     '五、存在的主要问题及改进情况', '六、其他需要报告的事项'], rows, rv,
    intro='根据《中华人民共和国政府信息公开条例》规定，编制本报告。统计期限为2022年1月1日至2022年12月31日。',
    overview=[('p', '2022年，我局主动公开国土空间规划、土地征收、不动产登记等信息1277条。全年收到政府信息公开申请%d件，上年结转%d件，结转下年度%d件。加强政府信息管理，推进平台建设，强化监督保障。' % (
      r['received'][6], r['carried_in'][6], r['carried_out'][6]))],
    proactive_text=None,
    rev_text='全年因政府信息公开被申请行政复议%d件，结果均为维持。' % rv[4],
    problems=['征地信息公开的规范性需进一步加强。下一步将按照标准目录逐项公开。'],
    other=['本年度未收取信息处理费。'],
    sign=['德清县自然资源和规划局', '2023年1月16日'])

D14 = dict(id='u14-deqing-nrp-2022', file='u14-deqing-nrp-2022.txt', kind='txt', table_mode='tab', encoding='gb18030', fmt='2021', year=2022,
  agency='德清县自然资源和规划局', date='2023-01-16',
  about='County department 2022, GBK-encoded text with tab tables; 行政复议 2 件 均为维持; carry-over in and out.',
  variants=['txt'],
  pro=dict(regulations=[0, 0, 0], normative_docs=[2, 1, 19], licensing=[2875], penalty=[64], enforcement=[5], fees=[1780.6]),
  req=dict(received=row6(47, business=6, legal=2), carried_in=row6(3), granted=row6(18, business=2), partial=row6(5, business=1),
           **{'denied.third_party': row6(1), 'unable.not_held': row6(14, business=2, legal=1), 'not_processed.petition': row6(3),
              'other.no_correction': row6(2, legal=1), 'other.misc': row6(1)}, carried_out=row6(6, business=1)),
  rev=[[2, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]],
  mustNot=['R-DATE-LATE', 'R-DATE-MISSING', 'R-SEC-MISSING', 'R-TBL-MISSING', 'R-FMT-VERSION', 'R-TBL-BLANK', 'R-TEXT-TABLE', 'R-OTHER-FEES',
           'R-SUM-ROW', 'R-SUM-RESULTS', 'R-SUM-BALANCE', 'R-SUM-REVIEW'],
  body=lambda rows, rv: d14_body(rows, rv))
DOCS.append(D14)


# 15. 宁海县人民政府办公室 2021 (a department): Word-pasted page — full-width digits and thousands separators
# in cells, labels broken by <br>, headings with 一． and spaces, 落款 agency and date on one line with a
# leading-zero month, prose numbers in Chinese numerals.
def d15_body(rows, rv):
  r = rows
  return std_body(D15, ['一． 总体情况', '二． 主动公开政府信息情况', '三． 收到和处理政府信息公开申请情况', '四． 政府信息公开行政复议、行政诉讼情况',
                        '五． 存在的主要问题及改进情况', '六． 其他需要报告的事项'], rows, rv,
    intro='本报告根据《中华人民共和国政府信息公开条例》第五十条规定编制，统计期限自2021年1月1日至2021年12月31日止。',
    overview=[('p', '2021年，县府办牵头推进全县政务公开工作。（一）主动公开：县政府门户网站发布信息一万二千余条。（二）依申请公开：县府办共收到政府信息公开申请十二件，其中予以公开七件。'
                    '（三）政府信息管理：开展文件公开属性审查。（四）平台建设：推进县政府门户网站改版。（五）监督保障：开展年度考核。')],
    proactive_text=None,
    problems=['主要问题是政策解读形式单一。下一步将增加图解、音视频解读。'],
    other=['本单位2021年度未收取信息处理费。'],
    sign=['宁海县人民政府办公室　2022年01月27日'])

D15 = dict(id='u15-ninghai-office-2021', file='u15-ninghai-office-2021.html', kind='html', fmt='2021', year=2021,
  agency='宁海县人民政府办公室', date='2022-01-27', fullwidth=True, thousands=True, fees_2dp=True,
  about='县人民政府办公室 (a department: 31 January), 2021; full-width digits and 1,234 in cells; labels split by <br>; headings 一． with a space; 落款 agency and 2022年01月27日 on one line; 十二件 in the prose.',
  variants=['html', 'docx', 'pdf-chromium'],
  pro=dict(regulations=[0, 0, 0], normative_docs=[14, 6, 152], licensing=[0], penalty=[0], enforcement=[0], fees=[0.0]),
  req=dict(received=row6(11, business=1), granted=row6(6, business=1), partial=row6(1), **{'unable.not_held': row6(3), 'other.misc': row6(1)}),
  rev=[[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]],
  mustNot=['R-DATE-LATE', 'R-DATE-MISSING', 'R-SEC-MISSING', 'R-TBL-MISSING', 'R-FMT-VERSION', 'R-TBL-BLANK', 'R-TEXT-TABLE', 'R-OTHER-FEES',
           'R-SUM-ROW', 'R-SUM-RESULTS', 'R-SUM-BALANCE', 'R-SUM-REVIEW', 'R-TBL-VALUE'],
  replace=[('>商业企业<', '>商业<br>企业<'), ('>社会公益组织<', '>社会公<br>益组织<'), ('>法律服务机构<', '>法律服<br>务机构<'),
           ('>一、本年新收政府信息公开申请数量<', '>一、本年新收政府信息<br>公开申请数量<'), ('>四、结转下年度继续办理<', '>四、结转下年度<br>继续办理<')],
  body=lambda rows, rv: d15_body(rows, rv),
  chrome=chrome(site='宁海县人民政府', place='宁海', title='宁海县人民政府办公室2021年政府信息公开工作年度报告',
    info='发布日期：2022-01-28　　来源：县府办　　字体：【大】【中】【小】', site_owner='宁海县人民政府办公室', code='3302260001',
    icp='浙ICP备05011111号', addr='宁海县桃源街道', tel='0574-65512345'))
D15['requests_note'] = 'received natural 11 + business 1 = 12 (十二件), granted 6 + 1 = 7 (七件)'
DOCS.append(D15)

# 16. 舟山市定海区盐仓街道办事处 2022: tab-separated copy with empty tab fields for blank cells (表二 of a
# street office), page time 2023/01/17 10:20:33, 落款 2023年1月17日, a note under 表三, 三 heading with （单位：件）.
def d16_body(rows, rv):
  return [('p', '舟山市定海区盐仓街道办事处2022年政府信息公开工作年度报告'), ('p', '发布时间：2023/01/17 10:20:33　　发布机构：盐仓街道')] + std_body(D16,
    ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况（单位：件）', '四、政府信息公开行政复议、行政诉讼情况',
     '五、存在的主要问题及改进情况', '六、其他需要报告的事项'], rows, rv,
    intro='本报告依据《中华人民共和国政府信息公开条例》编制，统计期限为2022年1月1日至2022年12月31日。',
    overview=[('p', '2022年，盐仓街道主动公开信息241条。全年收到政府信息公开申请1件，已按期答复。信息管理、平台建设、监督保障工作有序开展。')],
    proactive_text=None,
    problems=['公开内容不够丰富。下一步将加强与社区的联动，及时公开惠民政策落实情况。'],
    other=['本年度未收取信息处理费。'],
    sign=['舟山市定海区盐仓街道办事处', '2023年1月17日'],
    notes={'t3': '注：表中数据为街道本级数据，不含社区。'})

D16 = dict(id='u16-yancang-street-2022', file='u16-yancang-street-2022.txt', kind='txt', table_mode='tab', fmt='2021', year=2022,
  agency='舟山市定海区盐仓街道办事处', date='2023-01-17',
  about='街道办事处 2022, tab-separated copy; 表二 cells blank (empty tab fields) for items a street does not have; page time 2023/01/17; note under 表三.',
  variants=['txt'],
  pro=dict(regulations=[None, None, None], normative_docs=[0, 0, 0], licensing=[None], penalty=[12], enforcement=[None], fees=[None]),
  req=dict(received=row6(1), granted=row6(1)),
  rev=[[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]],
  mustNot=['R-DATE-LATE', 'R-DATE-MISSING', 'R-SEC-MISSING', 'R-TBL-MISSING', 'R-FMT-VERSION', 'R-TEXT-TABLE', 'R-OTHER-FEES',
           'R-SUM-ROW', 'R-SUM-RESULTS', 'R-SUM-BALANCE', 'R-SUM-REVIEW', 'R-TBL-SHAPE'],
  must=[{'rule': 'R-TBL-BLANK', 'severity': 'warning', 'table': 'proactive'}],
  body=lambda rows, rv: d16_body(rows, rv))
DOCS.append(D16)


def main():
  index = []
  for d in DOCS:
    rows = requests(d)
    rv = reviews(d)
    text = render(d)
    enc = d.get('encoding', 'utf-8')
    with open(os.path.join(OUT, d['file']), 'wb') as f:
      f.write(text.encode(enc))
    e = expectation(d, rows, rv)
    with open(os.path.join(OUT, d['id'] + '.expect.json'), 'w') as f:
      json.dump(e, f, ensure_ascii=False, indent=1)
    index.append(d['id'])
  print('\n'.join(index))


if __name__ == '__main__':
  main()
