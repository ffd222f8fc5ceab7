// Report files of the team round that this desk lacks: fetched from the server, kept in the
// workspace's data folder (services/team/files.ts), then imported like any file the auditor opens,
// so the queue shows them as any other report.
import { dirname } from 'node:path';
import { keptTeamFile, saveTeamFile, teamFilesDir } from '../team/files.js';
import { TeamError } from '../team/db.js';
import type { RoundInfo } from '../team/sync.js';
import type { AppState } from './state.js';

export class TeamFiles {
  /** Files fetched (or refused for good) in this session: not asked for again. */
  private readonly done = new Set<string>();
  private running: Promise<void> | null = null;
  private again: { files: RoundInfo['files']; limit: number } | null = null;

  constructor(
    private readonly s: AppState,
    /** Import these paths once no other import runs. */
    private readonly importPaths: (paths: string[]) => Promise<void>,
  ) {}

  /** The round's files as the server lists them: fetch those this desk has not loaded. */
  onRound(files: RoundInfo['files'], limit: number): void {
    if (this.running) {
      this.again = { files, limit };
      return;
    }
    this.running = this.fetchMissing(files, limit)
      .catch((e) => this.s.emit('notice', { message: `获取团队服务器上的年报文件失败：${(e as Error).message}`, level: 'warning' }))
      .finally(() => {
        this.running = null;
        const next = this.again;
        this.again = null;
        if (next) this.onRound(next.files, next.limit);
      });
  }

  /** Resolves when the fetching under way (if any) has ended (tests, close). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async fetchMissing(files: RoundInfo['files'], limit: number): Promise<void> {
    await this.s.ready;
    const dir = teamFilesDir(dirname(this.s.opts.storePath));
    const paths: string[] = [];
    for (const f of files) {
      if (this.done.has(f.sha256) || this.s.docs.has(f.sha256)) continue;
      let path = keptTeamFile(dir, f);
      if (!path) {
        let got: { name: string; bytes: Buffer } | null;
        try {
          got = await this.s.team.fetchFile(f.sha256);
        } catch {
          return; // offline: the next reading of the round tries again
        }
        if (!got) continue;
        try {
          path = await saveTeamFile(dir, f, got.bytes, limit);
        } catch (e) {
          this.done.add(f.sha256);
          const why = e instanceof TeamError ? e.message : `团队服务器上的文件 ${f.name} 无法保存到 ${dir}（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）：请检查磁盘空间和权限`;
          this.s.emit('notice', { message: why, level: 'warning' });
          continue;
        }
      }
      this.done.add(f.sha256);
      paths.push(path);
    }
    if (paths.length) await this.importPaths(paths);
  }
}
