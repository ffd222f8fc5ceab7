// The team round behind the contract: status, conflicts and their resolution, the server's line.
import type { Args, Result } from '../../ipc/contract.js';
import type { AppState } from './state.js';

export class TeamActions {
  constructor(private readonly s: AppState) {}

  getTeam(): Result<'getTeam'> {
    return this.s.team.status();
  }

  getConflicts(): Result<'getConflicts'> {
    return this.s.team.conflicts();
  }

  resolveConflict(a: Args<'resolveConflict'>): Result<'resolveConflict'> {
    this.s.team.resolve(a.record, a.pick);
    return { ok: true };
  }

  async setTeam(a: Args<'setTeam'>): Promise<Result<'setTeam'>> {
    const url = a.line?.trim() || null;
    if (url) {
      const { parseTeamUrl } = await import('../team/db.js');
      parseTeamUrl(url);
    }
    this.s.store.setSetting('teamUrl', url ?? undefined);
    this.s.team.connect(url);
    this.s.emit('workspaceChanged', { reason: 'team-status' });
    return this.s.team.status();
  }

  async syncTeam(): Promise<Result<'syncTeam'>> {
    await this.s.team.syncNow();
    return this.s.team.status();
  }
}
