// Corrections of the machine's reading: a cell as printed (or blank, or confirmed as read), a section
// heading pointed out in the original, a row placed under its label. Each is stored like a decision
// (one record, one history line, one undo step); the document is then re-read with its corrections
// and every rule runs again, so findings follow at once.
import type { Args, Result } from '../../ipc/contract.js';
import { newCellCorrection, newRowCorrection, newSectionCorrection, type Correction } from '../../core/corrections.js';
import { pageAt } from '../../core/output.js';
import type { AppState } from './state.js';

export class CorrectionActions {
  constructor(private readonly s: AppState) {}

  private stamp() {
    return { by: this.s.store.auditor, at: new Date().toISOString(), version: 0 };
  }

  /** Store it (with the automatic 审核中 as one undo step), re-check, tell the window. */
  private save(key: string, c: Correction): Correction {
    const { by: _b, at: _a, version: _v, ...rest } = c;
    void _b;
    void _a;
    void _v;
    const saved = this.s.store.grouped('更正读数', () => {
      if (!this.s.store.data.statuses[key]) this.s.store.setStatus(key, 'in_progress');
      return this.s.store.setCorrection(rest);
    });
    this.s.recheckCorrected();
    this.s.emit('workspaceChanged', { reason: 'correction' });
    return saved;
  }

  setCorrection(a: Args<'setCorrection'>): Result<'setCorrection'> {
    const { report } = this.s.loaded(a.key);
    return this.save(a.key, newCellCorrection(a.key, report, a, this.stamp()));
  }

  pointSection(a: Args<'pointSection'>): Result<'pointSection'> {
    const { l } = this.s.loaded(a.key);
    if (a.end > l.doc.text.length) throw new Error('选中的位置超出了原文，请重新选择标题');
    return this.save(a.key, newSectionCorrection(a.key, l.doc, a.section, a.start, a.end, this.stamp(), pageAt(l.doc.spans, a.start)));
  }

  pointRow(a: Args<'pointRow'>): Result<'pointRow'> {
    const { l, report } = this.s.loaded(a.key);
    if (a.end > l.doc.text.length) throw new Error('选中的位置超出了原文，请重新选择行标签');
    return this.save(a.key, newRowCorrection(a.key, l.doc, report, a.table, a.row, a.start, a.end, this.stamp()));
  }

  removeCorrection(a: Args<'removeCorrection'>): Result<'removeCorrection'> {
    const c = this.s.store.data.corrections[a.id];
    if (!c || c.deleted) throw new Error('这条更正已不存在（可能已撤回）');
    this.s.store.removeCorrection(a.id);
    this.s.recheckCorrected();
    this.s.emit('workspaceChanged', { reason: 'correction' });
    return { ok: true };
  }
}
