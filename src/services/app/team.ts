// The team round behind the contract: status, conflicts and their resolution, the server's line.
import type { Args, Result } from '../../ipc/contract.js';
import type { AppState } from './state.js';
import { describeUrl, parseTeamUrl } from '../team/db.js';
import { splitLine } from '../team/secrets.js';

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
    const old = this.s.store.data.settings.teamUrl;
    if (url) {
      parseTeamUrl(url);
      // The store keeps the line without its password; the password goes to the secrets file.
      const p = splitLine(url);
      if (p.password) this.s.secrets.set(p.key, p.password);
      this.s.store.setSetting('teamUrl', p.line);
    } else {
      if (old) this.s.secrets.set(describeUrl(old), null);
      this.s.store.setSetting('teamUrl', undefined);
    }
    this.s.team.connect(url);
    this.s.emit('workspaceChanged', { reason: 'team-status' });
    return this.s.team.status();
  }

  async syncTeam(): Promise<Result<'syncTeam'>> {
    await this.s.team.syncNow();
    return this.s.team.status();
  }
}
