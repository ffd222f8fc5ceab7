// The state the app's services share: the options, the review store, the loaded documents and their
// reports, the cross-year findings, agency groups and settings, and the events sent to the window.
// Each concern (workspace.ts, chooser.ts, views.ts, review.ts, round.ts) works on one AppState.
import { isFileNote } from '../../core/stats.js';
import type { Purpose, FileError, Events, EventName } from '../../ipc/contract.js';
import type { DocumentParse, DocumentText, Report } from '../../core/model.js';
import { documentJson, type CheckJson } from '../../core/output.js';
import { checkDocument, normalizeAgency, resolveSettings, type Settings } from '../../core/rules/index.js';
import { agencyGroups } from '../../core/agency.js';
import type { Rubric } from '../../core/review.js';
import { checkText, correctionsOf, crossYear, type CheckedDocument } from '../check.js';
import { GrantRegistry } from '../grants.js';
import { defaultRubric } from '../resources.js';
import { BACKUPS, ReviewStore, type StoreFault } from '../store/index.js';
import { TeamDesk } from '../team/desk.js';
import type { RoundInfo } from '../team/sync.js';
import { splitLine, TeamSecrets } from '../team/secrets.js';
import { appDataDir } from '../location.js';
import { join } from 'node:path';

export const VERDICT_WORDS = { confirmed: '确认问题', dismissed: '不是问题', pending: '待定' } as const;

export interface Loaded {
  file: string;
  doc: DocumentText;
  parse: DocumentParse;
  json: CheckJson['documents'][number];
  /** The corrections the parse and findings were made with (ids and versions; '' for none). */
  applied?: string;
}

/** What identifies a set of corrections (a new version of one changes it). */
export const correctionSignature = (cs: { id: string; version: number }[]): string =>
  cs
    .map((c) => `${c.id}@${c.version}`)
    .sort()
    .join('\n');

export interface AppServiceOptions {
  storePath: string;
  auditor?: string;
  /** Open these instead of the stored workspace (test host, command line). */
  files?: string[];
  /**
   * Native dialogs (Electron): ask the user for paths for a purpose (save dialogs confirm replacing
   * a file). Without them (the browser desk) the renderer shows the host's own chooser (browse).
   */
  dialogs?: { choose(purpose: Purpose, defaultName: string, extensions: string[]): Promise<string[]> };
  /** Where dropped files uploaded to the browser desk are kept (default: beside the store). */
  uploadsDir?: string;
  /** Why the store cannot be moved from the app (it is fixed by NIANBAO_STORE), if so. */
  storeFixed?: string;
  /** Remember where the store now is (Electron keeps it in the app's data folder). */
  onStoreMoved?: (path: string) => void;
  /** The team server to sync with (test host --team, NIANBAO_TEAM_URL); else the store's setting. */
  teamUrl?: string;
  /**
   * Where the team line's password is kept (never in the store). Electron gives one sealed with
   * safeStorage; default: team-secrets.json (mode 0600) in the user's data folder.
   */
  teamSecrets?: TeamSecrets;
}

export class AppState {
  /** Paths the user chose, by opaque id (src/services/grants.ts). */
  readonly grants = new GrantRegistry();
  store!: ReviewStore;
  /** Shared work: the change journal beside the store, and the team server when connected. */
  team!: TeamDesk;
  notice: string | null = null;
  readonly docs = new Map<string, Loaded>(); // by sha256
  readonly reportIndex = new Map<string, { sha: string; i: number }>();
  cross: CheckJson['crossYear'] = [];
  errors: FileError[] = [];
  sample = false;
  /** Paths seen with the same content (sha256), so identical files can be told apart. */
  readonly sameContent = new Map<string, string[]>();
  settings: Settings = resolveSettings();
  groups = new Map<string, string>();
  /** Resolves once the files the desk opens with are loaded (the workspace's first import). */
  ready: Promise<void> = Promise.resolve();
  /** The round's files on the team server, told to whoever fetches missing ones (team-files.ts). */
  onRoundFiles: ((files: RoundInfo['files'], limit: number) => void) | null = null;
  /** Resolves once those files are fetched and imported (closing waits for it). */
  teamFilesIdle: (() => Promise<void>) | null = null;
  private readonly listeners = new Set<<E extends EventName>(e: E, payload: Events[E]) => void>();

  /** The team line's password, out of the store (services/team/secrets.ts). */
  readonly secrets: TeamSecrets;

  constructor(readonly opts: AppServiceOptions) {
    this.secrets = opts.teamSecrets ?? new TeamSecrets(join(appDataDir(), 'team-secrets.json'));
  }

  /**
   * A store written before the password was kept apart holds the whole line: the password moves to
   * the secrets file, and the store is written out until no snapshot, backup or journal record
   * still holds it.
   */
  async moveTeamSecret(): Promise<void> {
    const stored = this.store.data.settings.teamUrl;
    if (!stored || this.store.readOnly) return;
    let parts: ReturnType<typeof splitLine>;
    try {
      parts = splitLine(stored);
    } catch {
      return;
    }
    if (!parts.password) return;
    this.secrets.set(parts.key, parts.password);
    this.store.setSetting('teamUrl', parts.line);
    for (let i = 0; i <= BACKUPS; i++) await this.store.snapshot();
  }

  on(cb: <E extends EventName>(e: E, payload: Events[E]) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  emit<E extends EventName>(e: E, payload: Events[E]): void {
    for (const l of this.listeners) l(e, payload);
  }

  /** Store faults after opening (failed snapshot or write, lock taken by another program) reach the window. */
  readonly onStoreFault = (f: StoreFault): void => this.emit('notice', { message: f.message, level: f.level });

  private roundPrefixes: { n: number; set: Set<string> } = { n: -1, set: new Set() };

  /** A report belongs to the round when its file is in the workspace or on the team server. */
  inRound(reportKey: string): boolean {
    const files = Object.keys(this.store.data.workspace.files);
    const server = this.team?.roundFiles() ?? [];
    const n = files.length + this.docs.size * 1e6 + server.length * 1e12;
    if (n !== this.roundPrefixes.n) {
      const set = new Set<string>();
      for (const sha of [...files, ...this.docs.keys(), ...server]) set.add(sha.slice(0, 16));
      this.roundPrefixes = { n, set };
    }
    return this.roundPrefixes.set.has(reportKey.slice(0, 16));
  }

  /** Bind the change journal (and the team server) to the store just opened. */
  attachTeam(): void {
    const team = new TeamDesk(this.store, `${this.opts.storePath}.changes.jsonl`, (rk) => this.inRound(rk));
    team.onChanged = (why, notice) => {
      if (notice) this.emit('notice', { message: notice, level: 'warning' });
      // Corrections from colleagues re-read the documents they are about.
      if (why === 'merge') this.recheckCorrected();
      this.emit('workspaceChanged', { reason: why === 'merge' ? 'team-merge' : 'team-status' });
    };
    team.onRoundFiles = (files, limit) => this.onRoundFiles?.(files, limit);
    this.team = team;
    const stored = this.store.data.settings.teamUrl;
    const url = this.opts.teamUrl ?? (stored ? this.secrets.lineFor(stored) : undefined);
    if (url) team.connect(url);
  }

  /** Rule settings plus the auditor's agency types and merges, all from the review store. */
  settingsFromStore(): Settings {
    const st = this.store.data.settings;
    return resolveSettings({ ...(st.rules ?? {}), agencyTypes: st.agencyTypes ?? {}, agencyAliases: st.agencyAliases ?? {} });
  }

  /** Group key of an agency name (with or without its parent city, merges applied). */
  groupOf(agency: string): string {
    return this.groups.get(agency) ?? normalizeAgency(agency);
  }

  recomputeCrossYear(): void {
    const list: CheckedDocument[] = [...this.docs.values()].map((l) => ({ file: l.file, doc: l.doc, parse: l.parse, json: l.json }));
    this.cross = crossYear(list, this.settings);
    const names = new Set<string>();
    for (const l of this.docs.values()) for (const r of l.json.reports) if (r.agency) names.add(r.agency);
    this.groups = agencyGroups(names, this.settings.agencyAliases);
  }

  /** Re-run the rules on every loaded report after a setting changed (the parse stays, unless the
   * document has corrections: then it is re-read with them). */
  recheckAll(): void {
    this.settings = this.settingsFromStore();
    for (const l of this.docs.values()) this.recheckDoc(l);
    this.recomputeCrossYear();
  }

  /** Check one loaded document with the auditor's corrections as they are now. */
  private recheckDoc(l: Loaded): void {
    const cs = correctionsOf(l.doc, this.store.correctionsOf());
    const sig = correctionSignature(cs);
    if (cs.length || l.applied) {
      // Re-read with the corrections (or without them again): the text is in memory, read once.
      const c = checkText(l.file, l.doc, this.settings, cs);
      l.parse = c.parse!;
      l.json = c.json;
    } else l.json = documentJson(l.file, l.parse, checkDocument(l.parse, this.settings));
    l.applied = sig;
  }

  /** After a correction, an undo/redo or a merged review file: re-check the documents whose corrections changed. */
  recheckCorrected(): boolean {
    const all = this.store.correctionsOf();
    let changed = false;
    for (const l of this.docs.values()) {
      if (correctionSignature(correctionsOf(l.doc, all)) === (l.applied ?? '')) continue;
      this.recheckDoc(l);
      changed = true;
    }
    if (changed) this.recomputeCrossYear();
    return changed;
  }

  dropDoc(sha: string): void {
    const l = this.docs.get(sha);
    if (!l) return;
    for (const r of l.json.reports) this.reportIndex.delete(r.key);
    this.docs.delete(sha);
    this.store.removeFile(sha);
  }

  loaded(key: string): { l: Loaded; report: Report; json: CheckJson['documents'][number]['reports'][number] } {
    const at = this.reportIndex.get(key);
    const l = at && this.docs.get(at.sha);
    if (!at || !l) throw new Error(`找不到这份年报（${key}），请重新导入文件`);
    return { l, report: l.parse.reports[at.i]!, json: l.json.reports[at.i]! };
  }

  crossFor(agency: string | null, year: number | null): CheckJson['crossYear'] {
    if (!agency || year === null) return [];
    const a = this.groupOf(agency);
    return this.cross.filter((f) => this.groupOf(f.agency) === a && (f.years[0] === year || f.years[1] === year));
  }

  /** Cross-year findings by agency and year (both years of a pair show them). */
  crossIndex(): Map<string, CheckJson['crossYear']> {
    const by = new Map<string, CheckJson['crossYear']>();
    for (const f of this.cross) {
      for (const y of new Set(f.years)) {
        const k = `${this.groupOf(f.agency)}|${y}`;
        const list = by.get(k);
        if (list) list.push(f);
        else by.set(k, [f]);
      }
    }
    return by;
  }

  /** Every finding the auditor decides on for a report (document-level, report, cross-year). */
  findingsOf(l: Loaded, r: CheckJson['documents'][number]['reports'][number], crossBy = this.crossIndex()): { rule: string; fingerprint: string; severity: string }[] {
    const cross = r.agency && r.year !== null ? (crossBy.get(`${this.groupOf(r.agency)}|${r.year}`) ?? []) : [];
    // A document's own findings (a guide on the page, …) belong to its first report only, as the report
    // view shows them: counted and decided once, not once per report on the page.
    // A skipped guide or other content (R-NOT-REPORT) is a note on the file, not a finding to decide.
    const docFindings = l.json.reports[0] === r ? l.json.findings.filter((f) => !isFileNote(f)) : [];
    return [...docFindings, ...r.findings, ...cross];
  }

  rubric(): Rubric {
    return this.store.data.rubrics[this.store.data.settings.rubricId] ?? defaultRubric();
  }
}

export { isFileNote };
