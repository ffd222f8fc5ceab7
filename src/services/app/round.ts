// The round: overview statistics, the workbook export and the feedback letters (反馈意见书).
import { existsSync } from 'node:fs';
import type { Args, Result } from '../../ipc/contract.js';
import type { Report } from '../../core/model.js';
import { type CheckJson } from '../../core/output.js';
import { type SheetInput } from '../../core/sheets.js';
import { roundStats } from '../../core/stats.js';
import { buildLetters, DEFAULT_LETTER_SETTINGS, previewLetters, type LetterInput } from '../../core/letters.js';
import { writeLetters } from '../letters.js';
import { writeXlsx, ExportError } from '../export.js';
import { AppState } from './state.js';

export class RoundOutputs {
  constructor(private readonly s: AppState) {}

  /** Everything the workbook, the overview and the letters are made from. */
  private roundInput(): SheetInput {
    const reports = new Map<string, { report: Report; text: string }>();
    const docs: CheckJson['documents'] = [];
    for (const l of this.s.docs.values()) {
      docs.push(l.json);
      l.parse.reports.forEach((r, i) => reports.set(l.json.reports[i]!.key, { report: r, text: l.doc.text }));
    }
    const d = this.s.store.data;
    return {
      check: { version: 1, documents: docs, crossYear: this.s.cross },
      reports,
      review: { decisions: d.decisions, annotations: d.annotations, scores: d.scores, statuses: d.statuses },
      rubric: this.s.rubric(),
      settings: this.s.settings,
      exportedAt: new Date().toISOString(),
    };
  }

  getOverview(): Result<'getOverview'> {
    return roundStats({ ...this.roundInput(), team: this.s.team?.progressInput() });
  }

  getLetterSettings(): Result<'getLetterSettings'> {
    return { ...DEFAULT_LETTER_SETTINGS, ...(this.s.store.data.settings.letters ?? {}) };
  }

  setLetterSettings(a: Args<'setLetterSettings'>): Result<'setLetterSettings'> {
    this.s.store.setSetting('letters', a.settings);
    this.s.emit('workspaceChanged', { reason: 'settings' });
    return this.getLetterSettings();
  }

  /** What the letters are made from: only reports marked 已完成 unless the others are included. */
  private letterInput(a: { keys: string[] | null; includeUnreviewed?: boolean }): LetterInput {
    const input = this.roundInput();
    const texts = new Map([...(input.reports ?? new Map())].map(([k, v]) => [k, v.text] as const));
    return {
      check: input.check,
      review: input.review,
      rubric: input.rubric,
      texts,
      settings: this.s.store.data.settings.letters,
      date: input.exportedAt,
      aliases: this.s.settings.agencyAliases,
      includeUnreviewed: !!a.includeUnreviewed,
      ...(a.keys ? { keys: new Set(a.keys) } : {}),
    };
  }

  /** Each letter's words before writing, and how many reports are left out as not reviewed. */
  previewLetters(a: Args<'previewLetters'>): Result<'previewLetters'> {
    return previewLetters(this.letterInput(a));
  }

  /** 反馈意见书 into a folder the user chose: one DOCX per report; asks before replacing any. */
  // In-process: a folder path; through dispatch: a granted folder (saveLetters), and replace only after
  // the auditor confirmed replacing the letters already there.
  async exportLetters(a: { path?: string; keys: string[] | null; replace?: boolean; includeUnreviewed?: boolean }): Promise<Result<'exportLetters'>> {
    const dir = a.path ?? null;
    if (!dir) return { dir: null, written: 0, existing: [] };
    const letters = buildLetters(this.letterInput(a));
    const r = await writeLetters(dir, letters, { overwrite: !!a.replace, onProgress: (done, total, file) => this.s.emit('exportProgress', { what: 'letters', done, total, file }) });
    return { dir, written: r.written.length, existing: r.existing };
  }

  // In-process: paths; through dispatch: a granted path, and overwrite only if the user confirmed it.
  async exportWorkbook(a: { path?: string; overwrite?: boolean }): Promise<Result<'exportWorkbook'>> {
    const path = a.path ?? null;
    if (!path) return { path: null };
    if (existsSync(path) && !a.overwrite) return { path, exists: true };
    try {
      await writeXlsx(path, this.roundInput(), !!a.overwrite);
    } catch (e) {
      if (e instanceof ExportError && e.code === 'EXISTS') return { path, exists: true };
      throw e;
    }
    return { path };
  }
}
