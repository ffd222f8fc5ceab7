// Report views: the queue (getWorkspace), one report with its findings, tables, notes and score
// (getReport), the original PDF or image, the rules and the cross-year check.
import { confidenceAt, isLowConfidence, ocrSuspectCells } from '../../core/ocr.js';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Args, FindingView, QueueItem, ReportView, Result, RuleInfo, TableView, CellView, CorrectionView } from '../../ipc/contract.js';
import type { TableKey } from '../../core/model.js';
import { SECTION_KEYS } from '../../core/model.js';
import { pageAt, type FindingJson } from '../../core/output.js';
import { RULE_BY_ID, RULES, normalizeAgency } from '../../core/rules/index.js';
import { classifyAgency } from '../../core/agency.js';
import { locationWords } from '../../core/sheets.js';
import { checkScore, reanchor, suggestScore } from '../../core/review.js';
import { AppState, isFileNote } from './state.js';
import { correctionPlace, correctionWords } from '../../core/corrections.js';

export class ReportViews {
  constructor(private readonly s: AppState) {}

  getWorkspace(): Result<'getWorkspace'> {
    const d = this.s.store.data;
    // Indexes built once per call: this runs after every change, on thousands of reports.
    const confirmedBy = new Map<string, number>();
    const verdicts = new Map<string, Map<string, string>>();
    for (const x of Object.values(d.decisions)) {
      if (x.verdict === 'confirmed') confirmedBy.set(x.reportKey, (confirmedBy.get(x.reportKey) ?? 0) + 1);
      let m = verdicts.get(x.reportKey);
      if (!m) verdicts.set(x.reportKey, (m = new Map()));
      m.set(x.fingerprint, x.verdict);
    }
    const crossBy = this.s.crossIndex();
    const rubric = this.s.rubric();
    const items: QueueItem[] = [];
    for (const l of this.s.docs.values()) {
      for (const r of l.json.reports) {
        const all = this.s.findingsOf(l, r, crossBy);
        const v = verdicts.get(r.key);
        const decided = v ? all.filter((f) => { const x = v.get(f.fingerprint); return x === 'confirmed' || x === 'dismissed'; }).length : 0;
        const score = d.scores[r.key];
        const sc = score ? checkScore(score, rubric) : null;
        items.push({
          key: r.key,
          file: l.file,
          fileName: basename(l.file),
          folder: dirname(l.file),
          sha256: l.doc.sha256,
          kind: l.json.kind,
          agency: r.agency ?? '（单位不详）',
          year: r.year,
          format: r.format,
          publishedOn: r.publishedOn,
          errors: all.filter((f) => f.severity === 'error').length,
          warnings: all.filter((f) => f.severity === 'warning').length,
          infos: all.filter((f) => f.severity === 'info').length,
          findings: all.length,
          decided,
          rules: [...new Set(all.map((f) => f.rule))],
          confirmed: confirmedBy.get(r.key) ?? 0,
          status: d.statuses[r.key]?.status ?? 'todo',
          score: sc ? sc.validTotal : null,
          scoreProblem: sc?.problem || (sc && sc.over.length === 0 && sc.missing.length ? '评分未完成' : '') || null,
          sameContent: this.s.sameContent.get(l.doc.sha256)?.filter((p) => p !== l.file) ?? [],
          ...(l.json.ocr ? { ocr: { lowConfidence: r.lowConfidence?.length ?? 0 } } : {}),
        });
      }
    }
    items.sort((a, b) => a.agency.localeCompare(b.agency, 'zh') || (b.year ?? 0) - (a.year ?? 0));
    return {
      items,
      errors: this.s.errors,
      storePath: this.s.opts.storePath,
      auditor: d.settings.auditor,
      sample: this.s.sample,
      notice: this.s.notice,
      undo: this.s.store.canUndo(),
      redo: this.s.store.canRedo(),
    };
  }

  getReport(a: Args<'getReport'>): Result<'getReport'> {
    const { l, report, json } = this.s.loaded(a.key);
    const d = this.s.store.data;
    const decisionOf = (fp: string) => d.decisions[`${a.key}|${fp}`] ?? null;
    const view = (f: FindingJson): FindingView => ({
      ...f,
      title: RULE_BY_ID[f.rule]?.title ?? f.rule,
      explanation: RULE_BY_ID[f.rule]?.explanation ?? '',
      location: locationWords(f),
      decision: decisionOf(f.fingerprint),
      ...(l.doc.ocr ? { ocr: f.needsReview || f.source.some((x) => isLowConfidence(l.doc, x)) ? ('low' as const) : ('ok' as const) } : {}),
    });
    // Document findings (a 信息公开指南 on the same page …) belong to the document: shown with its first report only.
    const docFindings = l.json.reports[0] === json ? l.json.findings : [];
    const fileNotes = docFindings.filter(isFileNote).map((f) => f.message);
    const findings: FindingView[] = [...docFindings.filter((f) => !isFileNote(f)).map(view), ...json.findings.map(view)];
    for (const c of this.s.crossFor(report.agency, report.year)) {
      const fp = c.fingerprint;
      const mine = c.source.filter((s) => s.file === l.file && s.year === report.year);
      findings.push({
        rule: c.rule,
        severity: c.severity,
        message: `${c.years[0]}→${c.years[1]}：${c.message}`,
        fingerprint: fp,
        section: c.section,
        table: c.table,
        row: c.row,
        col: c.col,
        expected: c.expected,
        actual: c.actual,
        blankInvolved: c.blankInvolved,
        source: mine.map((s) => ({ start: s.start, end: s.end, role: s.role })),
        title: RULE_BY_ID[c.rule]?.title ?? c.rule,
        explanation: RULE_BY_ID[c.rule]?.explanation ?? '',
        location: `${c.years[0]}→${c.years[1]} ${locationWords(c as unknown as FindingJson)}`,
        decision: decisionOf(fp),
        crossYear: { years: c.years, files: [...new Set(c.source.map((s) => s.file))] },
      });
    }
    // Errors first, then warnings, then notes; the engine's order within each.
    const rank = { error: 0, warning: 1, info: 2 } as Record<string, number>;
    findings.sort((x, y) => (rank[x.severity] ?? 3) - (rank[y.severity] ?? 3));
    const fps = new Set(findings.map((f) => f.fingerprint));
    const orphanDecisions = Object.values(d.decisions).filter((x) => x.reportKey === a.key && !fps.has(x.fingerprint));

    // Cell status from the findings: a failed total, the parts it was compared with.
    const roleAt = new Map<number, 'fail' | 'part'>();
    for (const f of json.findings) {
      if (!f.rule.startsWith('R-SUM') && f.rule !== 'R-TEXT-TABLE') continue;
      for (const s of f.source) {
        if (s.role === 'total') roleAt.set(s.start, 'fail');
        else if (s.role === 'part' && roleAt.get(s.start) !== 'fail') roleAt.set(s.start, 'part');
      }
    }
    const pageOf = (off: number) => pageAt(l.doc.spans, off);
    const tables = {} as Record<TableKey, TableView>;
    // Doubtful cells of the reading (and of the corrected one); those the auditor checked are settled.
    const doubtful = json.lowConfidence ?? ocrSuspectCells(l.doc, report);
    const suspect = new Map(doubtful.filter((c) => !('checked' in c && c.checked)).map((c) => [`${c.table}.${c.row}.${c.col}`, c.reason]));
    const settled = new Set(doubtful.filter((c) => 'checked' in c && c.checked).map((c) => `${c.table}.${c.row}.${c.col}`));
    for (const tk of ['proactive', 'requests', 'reviews'] as const) {
      const t = report.tables[tk];
      const rows: TableView['rows'] = {};
      for (const [rk, row] of Object.entries(t.rows)) {
        const cells: Record<string, CellView> = {};
        for (const [ck, c] of Object.entries(row.cells)) {
          const status: CellView['status'] =
            roleAt.get(c.range.start) ?? (c.kind === 'blank' ? 'blank' : c.kind === 'na' ? 'na' : c.kind === 'text' ? 'text' : 'ok');
          cells[ck] = { ...c, status, page: pageOf(c.range.start) };
          if (l.doc.ocr) {
            const conf = confidenceAt(l.doc, c.range);
            if (conf !== undefined) cells[ck]!.confidence = conf;
            const why = suspect.get(`${tk}.${rk}.${ck}`);
            if (why) Object.assign(cells[ck]!, { lowConfidence: true, ocrReason: why });
            if (settled.has(`${tk}.${rk}.${ck}`)) cells[ck]!.checked = true;
          }
        }
        rows[rk] = { label: row.label, cells, uncertain: !row.shape.certain, labelRange: row.labelRange, ...(row.pointed ? { pointed: true } : {}) };
      }
      tables[tk] = { key: tk, present: t.present, rowOrder: t.rowOrder, columns: t.columns, rows, unmatched: t.unmatched };
    }
    const annotations = Object.values(d.annotations)
      .filter((x) => x.reportKey === a.key && !x.deleted)
      .map((x) => {
        // A note on a table cell follows the cell (a blank cell has no quote to search for).
        const cell = x.cellRef ? cellAt(tables, x.cellRef) : undefined;
        if (cell) {
          const same = cell.range.start === x.anchor.start && cell.range.end === x.anchor.end;
          return { ...x, anchorState: same ? ('exact' as const) : ('moved' as const), start: cell.range.start, end: cell.range.end };
        }
        const m = reanchor(x.anchor, l.doc.text);
        return m.how === 'lost' ? { ...x, anchorState: 'lost' as const, start: 0, end: 0 } : { ...x, anchorState: m.how, start: m.start, end: m.end };
      });
    const rubric = this.s.rubric();
    const confirmedRules = Object.values(d.decisions)
      .filter((x) => x.reportKey === a.key && x.verdict === 'confirmed')
      .map((x) => x.rule);
    const sections = {} as ReportView['sections'];
    for (const k of SECTION_KEYS) {
      const s = report.sections[k];
      sections[k] = { present: s.present, empty: s.empty, title: s.title, heading: s.heading, range: s.range, subheads: s.subheads, numbering: s.numbering };
    }
    const agency = report.agency ? this.s.groupOf(report.agency) : null;
    const siblings: ReportView['siblings'] = [];
    if (agency) {
      for (const o of this.s.docs.values()) for (const r of o.json.reports) if (r.agency && this.s.groupOf(r.agency) === agency) siblings.push({ key: r.key, year: r.year, fileName: basename(o.file), file: o.file });
      siblings.sort((x, y) => (y.year ?? 0) - (x.year ?? 0));
    }
    let agencyInfo: ReportView['agencyInfo'] = null;
    if (report.agency) {
      const t = classifyAgency(report.agency, this.s.settings.agencyTypes);
      const st = this.s.store.data.settings;
      const own = normalizeAgency(report.agency);
      const override = Object.entries(st.agencyTypes ?? {}).find(([k]) => normalizeAgency(k) === own)?.[1] ?? null;
      const merged = Object.entries(st.agencyAliases ?? {}).find(([k]) => normalizeAgency(k) === own)?.[1] ?? null;
      const others = new Set<string>();
      for (const o of this.s.docs.values()) for (const r of o.json.reports) if (r.agency && normalizeAgency(r.agency) !== own) others.add(r.agency);
      agencyInfo = { name: report.agency, kind: t.kind, certain: t.certain, why: t.why, override, mergedInto: merged, others: [...others].sort((x, y) => x.localeCompare(y, 'zh')) };
    }
    const { findings: _f, tables: _t, ...rest } = json;
    void _f;
    void _t;
    return {
      key: a.key,
      file: l.file,
      kind: l.doc.kind,
      sha256: l.doc.sha256,
      text: l.doc.text,
      spans: l.doc.spans,
      ...(l.doc.layout ? { layout: l.doc.layout } : {}),
      report: rest,
      sections,
      tables,
      findings,
      orphanDecisions,
      fileNotes,
      corrections: correctionViews(this.s, a.key, l.json.corrections),
      annotations,
      score: d.scores[a.key] ?? null,
      scoreCheck: d.scores[a.key] ? checkScore(d.scores[a.key]!, rubric) : null,
      status: d.statuses[a.key] ?? null,
      rubric,
      suggested: suggestScore(rubric, confirmedRules),
      siblings,
      agencyInfo,
    };
  }

  async getPdfBytes(a: Args<'getPdfBytes'>): Promise<Result<'getPdfBytes'>> {
    const { l } = this.s.loaded(a.key);
    if (l.doc.kind === 'image') {
      // A photo or scan image: shown as a one-page PDF so the viewer and OCR boxes work alike.
      const { imageToPdf } = await import('../ocr/imagepdf.js');
      return new Uint8Array(await imageToPdf(new Uint8Array(await readFile(l.file))));
    }
    if (l.doc.kind !== 'pdf') throw new Error('不是 PDF 文件');
    return new Uint8Array(await readFile(l.file));
  }

  getRules(): RuleInfo[] {
    return RULES.map((r) => ({ id: r.id, title: r.title, explanation: r.explanation, severity: this.s.settings.rules[r.id]?.severity ?? r.severity, enabled: this.s.settings.rules[r.id]?.enabled !== false }));
  }

  getCheck(): Result<'getCheck'> {
    return { crossYear: this.s.cross };
  }
}

/** The cell a `table:row:col` reference names in a report view, if it is there. */
function cellAt(tables: Record<TableKey, TableView>, ref: string): CellView | undefined {
  const [t, r, c] = ref.split(':');
  return tables[t as TableKey]?.rows[r ?? '']?.cells[c ?? ''];
}

/** The corrections of one report as its view lists them, with whether each applied. */
function correctionViews(s: AppState, key: string, outcomes: { id: string; applied: boolean; reason?: CorrectionView['reason'] }[] | undefined): CorrectionView[] {
  const by = new Map((outcomes ?? []).map((o) => [o.id, o]));
  return s.store
    .correctionsOf(key)
    .map((c) => ({ ...c, applied: by.get(c.id)?.applied ?? false, ...(by.get(c.id)?.reason ? { reason: by.get(c.id)!.reason } : {}), place: correctionPlace(c), words: correctionWords(c) }))
    .sort((x, y) => (x.at < y.at ? 1 : -1));
}
