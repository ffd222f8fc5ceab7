// Review actions: decisions (one or by rule over many reports), annotations, scores, statuses,
// undo/redo, history, the auditor's name, rubrics, and review files exchanged between auditors.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Args, Result } from '../../ipc/contract.js';
import { AGENCY_KIND_LABELS } from '../../core/agency.js';
import { makeAnchor, totalOf, type Rubric } from '../../core/review.js';
import { atomicWrite, ExportError } from '../export.js';
import { ReviewStore, StoreError, validateReviewFile, type ReviewFile } from '../store/index.js';
import { AppState, VERDICT_WORDS } from './state.js';
import { correctionWords, type Correction } from '../../core/corrections.js';

export class ReviewActions {
  constructor(private readonly s: AppState) {}

  private touch(key: string): void {
    if (!this.s.store.data.statuses[key]) this.s.store.setStatus(key, 'in_progress');
  }

  setDecision(a: Args<'setDecision'>): Result<'setDecision'> {
    this.s.loaded(a.key);
    // The automatic status and the decision are one undo step.
    const d = this.s.store.grouped(`判定：${VERDICT_WORDS[a.verdict]}`, () => {
      this.touch(a.key);
      return this.s.store.setDecision({ reportKey: a.key, fingerprint: a.fingerprint, rule: a.rule, verdict: a.verdict, comment: a.comment });
    });
    this.s.emit('workspaceChanged', { reason: 'decision' });
    return d;
  }

  decideRule(a: Args<'decideRule'>): Result<'decideRule'> {
    const crossBy = this.s.crossIndex();
    const todo: { key: string; fingerprint: string }[] = [];
    for (const key of new Set(a.keys)) {
      const at = this.s.reportIndex.get(key);
      const l = at && this.s.docs.get(at.sha);
      if (!at || !l) throw new Error(`找不到这份年报（${key}），请重新导入文件；没有做任何判定`);
      const seen = new Set<string>();
      for (const f of this.s.findingsOf(l, l.json.reports[at.i]!, crossBy)) {
        if (f.rule !== a.rule || seen.has(f.fingerprint)) continue;
        seen.add(f.fingerprint);
        const prev = this.s.store.data.decisions[`${key}|${f.fingerprint}`];
        if (a.onlyUndecided && prev && prev.verdict !== 'pending') continue;
        if (prev && prev.verdict === a.verdict && (a.comment === undefined || prev.comment === a.comment)) continue;
        todo.push({ key, fingerprint: f.fingerprint });
      }
    }
    if (!todo.length) return { decided: 0, reports: 0 };
    const reports = new Set(todo.map((t) => t.key));
    // One undo step; each decision is still its own record and history line.
    this.s.store.grouped(`批量判定 ${a.rule}：${VERDICT_WORDS[a.verdict]}（${todo.length} 个）`, () => {
      for (const k of reports) this.touch(k);
      for (const t of todo) this.s.store.setDecision({ reportKey: t.key, fingerprint: t.fingerprint, rule: a.rule, verdict: a.verdict, comment: a.comment });
    });
    this.s.emit('workspaceChanged', { reason: 'decision' });
    return { decided: todo.length, reports: reports.size };
  }

  upsertAnnotation(a: Args<'upsertAnnotation'>): Result<'upsertAnnotation'> {
    const { l } = this.s.loaded(a.key);
    if (a.end < a.start || a.end > l.doc.text.length) throw new Error('批注位置超出了原文范围');
    const page = l.doc.spans.find((s) => s.start <= a.start && s.end > a.start)?.page;
    const id = a.id ?? `n${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
    const prev = this.s.store.data.annotations[id];
    const anchor = prev && prev.anchor.start === a.start && prev.anchor.end === a.end ? prev.anchor : makeAnchor(l.doc.text, a.start, a.end, l.doc.sha256, page);
    const r = this.s.store.grouped(prev ? '修改批注' : '添加批注', () => {
      this.touch(a.key);
      return this.s.store.upsertAnnotation({ id, reportKey: a.key, anchor, cellRef: a.cellRef, category: a.category, severity: a.severity, note: a.note });
    });
    this.s.emit('workspaceChanged', { reason: 'annotation' });
    return r;
  }

  deleteAnnotation(a: Args<'deleteAnnotation'>): Result<'deleteAnnotation'> {
    this.s.store.deleteAnnotation(a.id);
    this.s.emit('workspaceChanged', { reason: 'annotation' });
    return { ok: true };
  }

  setScore(a: Args<'setScore'>): Result<'setScore'> {
    this.s.loaded(a.key);
    const rubric = this.s.rubric();
    // Points above a criterion's maximum are refused, not clamped: the auditor sees what was kept.
    for (const c of a.criteria) {
      const rc = rubric.criteria.find((x) => x.id === c.id);
      if (!rc) throw new Error(`评分项 ${c.id} 不在当前评分表（第 ${rubric.version} 版）中，请重新打开评分页`);
      if (c.points !== null && c.points > rc.points) throw new Error(`“${rc.title}”最多 ${rc.points} 分，填写的是 ${c.points} 分`);
    }
    // Everything cleared (no points, no words): no score — no empty record, and the status stays as it was.
    if (a.criteria.every((c) => c.points === null && !c.comment.trim()) && !a.comment?.trim()) {
      this.s.store.clearScore(a.key);
      this.s.emit('workspaceChanged', { reason: 'score' });
      return null;
    }
    const s = this.s.store.grouped('评分', () => {
      this.touch(a.key);
      return this.s.store.setScore({ reportKey: a.key, rubricId: rubric.id, rubricVersion: rubric.version, criteria: a.criteria, total: totalOf(a.criteria), ...(a.comment !== undefined ? { comment: a.comment } : {}) });
    });
    this.s.emit('workspaceChanged', { reason: 'score' });
    return s;
  }

  setStatus(a: Args<'setStatus'>): Result<'setStatus'> {
    this.s.loaded(a.key);
    const r = this.s.store.setStatus(a.key, a.status);
    this.s.emit('workspaceChanged', { reason: 'status' });
    return r;
  }

  undo(): Result<'undo'> {
    const label = this.s.store.undo();
    // Undoing a correction restores the reading: the rules run again on it.
    this.s.recheckCorrected();
    this.s.emit('workspaceChanged', { reason: 'undo' });
    return { label };
  }

  redo(): Result<'redo'> {
    const label = this.s.store.redo();
    this.s.recheckCorrected();
    this.s.emit('workspaceChanged', { reason: 'redo' });
    return { label };
  }

  getHistory(a: Args<'getHistory'>): Result<'getHistory'> {
    return this.s.store.historyOf(a.key);
  }

  setAuditor(a: Args<'setAuditor'>): Result<'setAuditor'> {
    this.s.store.setSetting('auditor', a.name);
    this.s.emit('workspaceChanged', { reason: 'settings' });
    return { ok: true };
  }

  async exportReview(a: { path?: string; overwrite?: boolean }): Promise<Result<'exportReview'>> {
    if (!a.path) return { path: null };
    return this.writeOut(a.path, JSON.stringify(this.s.store.exportReview(), null, 1), !!a.overwrite);
  }

  async importReview(a: { path?: string }): Promise<Result<'importReview'>> {
    const path = a.path ?? null;
    if (!path) return null;
    // Validated in full (zod) before anything is merged; the merge is one undo step.
    const raw = await this.readJson(path, '审核交换文件');
    let file: ReviewFile;
    let own: ReturnType<ReviewStore['importReview']>;
    try {
      file = validateReviewFile(raw);
      // Agency types and merges, and cell corrections: the store's own merge (ours kept on a disagreement).
      own = this.s.store.importReview({ ...file, decisions: {}, annotations: {}, scores: {}, statuses: {} });
    } catch (e) {
      if (e instanceof StoreError && e.code === 'BAD_REVIEW_FILE') throw new StoreError(e.code, `${basename(path)}：${e.message}`);
      throw e;
    }
    // The records go through the change model (core/changes.ts), as the team server's changes do:
    // a record that differs from this desk's is a conflict, never a silent replacement.
    const m = this.s.team.importFile(basename(path), file);
    // Agency types and merges taken from the other file change groups and type-dependent rules.
    const agencies = own.agencies;
    if (agencies.taken) this.s.recheckAll();
    else if (own.taken) this.s.recheckCorrected();
    this.s.emit('workspaceChanged', { reason: 'merge' });
    const correctionSide = (x: Correction) => `${x.by} ${x.at.replace('T', ' ').slice(0, 16)}：更正：${correctionWords(x)}`;
    const correctionConflicts = own.conflicts.map((c) => ({ id: c.id, kept: correctionSide(c.kept as Correction), other: correctionSide(c.other as Correction) }));
    const setting = (what: 'type' | 'alias', v: string) => (what === 'type' ? AGENCY_KIND_LABELS[v as 'government'] ?? v : `与“${v}”为同一单位`);
    const agencyConflicts = agencies.conflicts.map((c) => ({
      id: `agency|${c.what === 'type' ? '单位类型' : '单位合并'}：${c.name}（保留本机的设置）`,
      kept: `本机：${c.reverse ? `“${c.kept}”与本单位为同一单位（合并到本单位）` : setting(c.what, c.kept)}`,
      other: `导入的文件：${setting(c.what, c.other)}`,
    }));
    const views = this.s.team.conflicts();
    const side = (s: { by: string; at: string; what: string }) => `${s.by} ${s.at.replace('T', ' ').slice(0, 16)}：${s.what}`;
    const recordConflicts = m.newConflicts.map((record) => {
      const v = views.find((x) => x.record === record);
      const mine = v?.sides.filter((x) => x.from !== 'file') ?? [];
      const theirs = v?.sides.filter((x) => x.from === 'file') ?? [];
      return { id: record.slice(record.indexOf(':') + 1), kept: mine.map(side).join('；'), other: theirs.map(side).join('；') };
    });
    const taken = m.added.filter((c) => c.origin === 'file').length - m.newConflicts.length;
    return {
      taken: Math.max(0, taken) + agencies.taken + own.taken,
      conflicts: [...recordConflicts, ...correctionConflicts, ...agencyConflicts],
      ...(m.aside.length ? { aside: m.aside.map((c) => c.record.slice(c.record.indexOf(':') + 1)) } : {}),
      ...(m.refused.length ? { refused: m.refused.map((x) => `${x.record}：${x.why}`) } : {}),
    };
  }

  saveRubric(a: Args<'saveRubric'>): Result<'saveRubric'> {
    const total = a.rubric.criteria.reduce((x, c) => x + c.points, 0);
    // Scores record the rubric version they were given under: a changed rubric is a new version.
    const current = this.s.store.data.rubrics[a.rubric.id] ?? (this.s.rubric().id === a.rubric.id ? this.s.rubric() : null);
    const version = current ? Math.max(current.version, a.rubric.version) + 1 : a.rubric.version;
    const rubric: Rubric = { ...a.rubric, total, version };
    this.s.store.saveRubric(rubric);
    this.s.store.setSetting('rubricId', rubric.id);
    this.s.emit('workspaceChanged', { reason: 'rubric' });
    return rubric;
  }

  async exportRubric(a: { path?: string; overwrite?: boolean }): Promise<Result<'exportRubric'>> {
    if (!a.path) return { path: null };
    return this.writeOut(a.path, JSON.stringify(this.s.rubric(), null, 2), !!a.overwrite);
  }

  async importRubric(a: { path?: string }): Promise<Result<'importRubric'>> {
    const path = a.path ?? null;
    if (!path) return null;
    const { rubricSchema } = await import('../../ipc/contract.js');
    const parsed = rubricSchema.safeParse(await this.readJson(path, '评分表文件'));
    if (!parsed.success) throw new Error(`评分表文件格式不对：${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
    return this.saveRubric({ rubric: parsed.data });
  }

  private async writeOut(path: string, text: string, overwrite: boolean): Promise<{ path: string; exists?: boolean }> {
    try {
      await atomicWrite(path, text, overwrite);
    } catch (e) {
      if (e instanceof ExportError && e.code === 'EXISTS') return { path, exists: true };
      throw e;
    }
    return { path };
  }

  /** A JSON file the user chose, without echoing its content in errors. */
  private async readJson(path: string, what: string): Promise<unknown> {
    const s = await stat(path).catch(() => null);
    if (!s?.isFile()) throw new Error(`找不到${what}：${path}`);
    if (s.size > 200 * 1024 * 1024) throw new Error(`${basename(path)} 太大（${Math.round(s.size / 1048576)} MB），不是${what}`);
    try {
      return JSON.parse(await readFile(path, 'utf8'));
    } catch {
      throw new Error(`${basename(path)} 不是${what}（不是有效的 JSON），请选择从年报审阅台导出的文件`);
    }
  }
}
