// The app's state and every action behind the IPC contract, as a plain Node service: the Electron
// main process and the test host both call it (through dispatch, by method name). No Electron here.
// AppService only composes the concerns, each in its own file over one shared AppState:
// workspace.ts (store, import, agencies), chooser.ts (files the user chooses → grants), views.ts
// (queue and report views), review.ts (review actions, rubrics, review files), round.ts (overview,
// workbook, letters).
import type { Args, EventName, Events, GrantInfo, Result, RuleInfo } from '../../ipc/contract.js';
import type { GrantRegistry } from '../grants.js';
import { FileChooser } from './chooser.js';
import { CorrectionActions } from './corrections.js';
import { ReviewActions } from './review.js';
import { RoundOutputs } from './round.js';
import { AppState, type AppServiceOptions } from './state.js';
import { ReportViews } from './views.js';
import { TeamActions } from './team.js';
import { TeamFiles } from './team-files.js';
import { WorkspaceImport } from './workspace.js';

export class AppService {
  private readonly s: AppState;
  private readonly workspace: WorkspaceImport;
  private readonly chooser: FileChooser;
  private readonly views: ReportViews;
  private readonly review: ReviewActions;
  private readonly round: RoundOutputs;
  private readonly team: TeamActions;
  private readonly corrections: CorrectionActions;

  constructor(opts: AppServiceOptions) {
    this.s = new AppState(opts);
    this.workspace = new WorkspaceImport(this.s);
    this.chooser = new FileChooser(this.s);
    this.views = new ReportViews(this.s);
    this.review = new ReviewActions(this.s);
    this.round = new RoundOutputs(this.s);
    this.team = new TeamActions(this.s);
    this.corrections = new CorrectionActions(this.s);
    const files = new TeamFiles(this.s, (paths) => this.workspace.importWhenFree(paths));
    this.s.onRoundFiles = (list, limit) => files.onRound(list, limit);
    this.s.teamFilesIdle = () => files.idle();
  }

  /** Paths the user chose, by opaque id (src/services/grants.ts). */
  get grants(): GrantRegistry {
    return this.s.grants;
  }

  on(cb: <E extends EventName>(e: E, payload: Events[E]) => void): () => void {
    return this.s.on(cb);
  }

  async init(): Promise<void> {
    return this.workspace.init();
  }

  async close(): Promise<void> {
    return this.workspace.close();
  }

  setAgencyType(a: Args<'setAgencyType'>): Result<'setAgencyType'> {
    return this.workspace.setAgencyType(a);
  }

  mergeAgency(a: Args<'mergeAgency'>): Result<'mergeAgency'> {
    return this.workspace.mergeAgency(a);
  }

  /** In-process only (dispatch reaches it through granted paths: openGranted). */
  async importPaths(a: { paths: string[] }): Promise<Result<'openGranted'>> {
    return this.workspace.importPaths(a);
  }

  /** Stop the import under way: its workers are terminated; resolves once it has ended, so the next import can start. */
  async cancelImport(): Promise<Result<'cancelImport'>> {
    return this.workspace.cancelImport();
  }

  getImportProgress(): Result<'getImportProgress'> {
    return this.workspace.getImportProgress();
  }

  getImportSummary(): Result<'getImportSummary'> {
    return this.workspace.getImportSummary();
  }

  /** Move the auditor's store to another folder (a shared drive, a larger disk). */
  async relocateStore(a: { path?: string }): Promise<Result<'relocateStore'>> {
    return this.workspace.relocateStore(a);
  }

  async choose(a: Args<'choose'>): Promise<Result<'choose'>> {
    return this.chooser.choose(a);
  }

  /** The browser desk's chooser: one folder's subfolders and the files that fit the purpose. */
  async browse(a: Args<'browse'>): Promise<Result<'browse'>> {
    return this.chooser.browse(a);
  }

  /** The browser desk's chooser: the user chose these paths; grant them for the purpose. */
  async grantChosen(a: Args<'grantChosen'>): Promise<Result<'grantChosen'>> {
    return this.chooser.grantChosen(a);
  }

  /** A file dropped on the browser desk: written to the uploads folder (atomically) and granted. */
  async acceptUpload(name: string, data: AsyncIterable<Buffer>): Promise<GrantInfo> {
    return this.chooser.acceptUpload(name, data);
  }

  getWorkspace(): Result<'getWorkspace'> {
    return this.views.getWorkspace();
  }

  getReport(a: Args<'getReport'>): Result<'getReport'> {
    return this.views.getReport(a);
  }

  async getPdfBytes(a: Args<'getPdfBytes'>): Promise<Result<'getPdfBytes'>> {
    return this.views.getPdfBytes(a);
  }

  getRules(): RuleInfo[] {
    return this.views.getRules();
  }

  getCheck(): Result<'getCheck'> {
    return this.views.getCheck();
  }

  setDecision(a: Args<'setDecision'>): Result<'setDecision'> {
    return this.review.setDecision(a);
  }

  decideRule(a: Args<'decideRule'>): Result<'decideRule'> {
    return this.review.decideRule(a);
  }

  upsertAnnotation(a: Args<'upsertAnnotation'>): Result<'upsertAnnotation'> {
    return this.review.upsertAnnotation(a);
  }

  deleteAnnotation(a: Args<'deleteAnnotation'>): Result<'deleteAnnotation'> {
    return this.review.deleteAnnotation(a);
  }

  setCorrection(a: Args<'setCorrection'>): Result<'setCorrection'> {
    return this.corrections.setCorrection(a);
  }

  pointSection(a: Args<'pointSection'>): Result<'pointSection'> {
    return this.corrections.pointSection(a);
  }

  pointRow(a: Args<'pointRow'>): Result<'pointRow'> {
    return this.corrections.pointRow(a);
  }

  removeCorrection(a: Args<'removeCorrection'>): Result<'removeCorrection'> {
    return this.corrections.removeCorrection(a);
  }

  setScore(a: Args<'setScore'>): Result<'setScore'> {
    return this.review.setScore(a);
  }

  setStatus(a: Args<'setStatus'>): Result<'setStatus'> {
    return this.review.setStatus(a);
  }

  undo(): Result<'undo'> {
    return this.review.undo();
  }

  redo(): Result<'redo'> {
    return this.review.redo();
  }

  getHistory(a: Args<'getHistory'>): Result<'getHistory'> {
    return this.review.getHistory(a);
  }

  setAuditor(a: Args<'setAuditor'>): Result<'setAuditor'> {
    return this.review.setAuditor(a);
  }

  async exportReview(a: { path?: string; overwrite?: boolean }): Promise<Result<'exportReview'>> {
    return this.review.exportReview(a);
  }

  async importReview(a: { path?: string }): Promise<Result<'importReview'>> {
    return this.review.importReview(a);
  }

  saveRubric(a: Args<'saveRubric'>): Result<'saveRubric'> {
    return this.review.saveRubric(a);
  }

  async exportRubric(a: { path?: string; overwrite?: boolean }): Promise<Result<'exportRubric'>> {
    return this.review.exportRubric(a);
  }

  async importRubric(a: { path?: string }): Promise<Result<'importRubric'>> {
    return this.review.importRubric(a);
  }

  getOverview(): Result<'getOverview'> {
    return this.round.getOverview();
  }

  getLetterSettings(): Result<'getLetterSettings'> {
    return this.round.getLetterSettings();
  }

  setLetterSettings(a: Args<'setLetterSettings'>): Result<'setLetterSettings'> {
    return this.round.setLetterSettings(a);
  }

  /** 反馈意见书 into a folder the user chose: one DOCX per report; asks before replacing any. */
  // In-process: a folder path; through dispatch: a granted folder (saveLetters), and replace only after
  // the auditor confirmed replacing the letters already there.
  async exportLetters(a: { path?: string; keys: string[] | null; replace?: boolean; includeUnreviewed?: boolean }): Promise<Result<'exportLetters'>> {
    return this.round.exportLetters(a);
  }

  previewLetters(a: Args<'previewLetters'>): Result<'previewLetters'> {
    return this.round.previewLetters(a);
  }

  // In-process: paths; through dispatch: a granted path, and overwrite only if the user confirmed it.
  async exportWorkbook(a: { path?: string; overwrite?: boolean }): Promise<Result<'exportWorkbook'>> {
    return this.round.exportWorkbook(a);
  }

  getTeam(_a: Args<'getTeam'>): Result<'getTeam'> {
    return this.team.getTeam();
  }

  getConflicts(_a: Args<'getConflicts'>): Result<'getConflicts'> {
    return this.team.getConflicts();
  }

  resolveConflict(a: Args<'resolveConflict'>): Result<'resolveConflict'> {
    const r = this.team.resolveConflict(a);
    return r;
  }

  async setTeam(a: Args<'setTeam'>): Promise<Result<'setTeam'>> {
    return this.team.setTeam(a);
  }

  async syncTeam(_a: Args<'syncTeam'>): Promise<Result<'syncTeam'>> {
    return this.team.syncTeam();
  }
}
