// The status chip: 已同步 / 离线（N 条待上传）/ N 个冲突 / 未连接团队.
import type { TeamInfo } from '../../../ipc/contract';
import { M } from '../shared/messages';

export function TeamChip({ team, onClick }: { team: TeamInfo | null; onClick: () => void }) {
  if (!team) return null;
  const tone = team.conflicts ? 'conflict' : team.state === 'synced' ? 'ok' : team.state === 'off' ? 'off' : 'wait';
  return (
    <button className={`team-chip ${tone}`} data-testid="team-chip" data-state={team.state} title={team.error ?? M.team.chipTitle} onClick={onClick}>
      {team.label}
    </button>
  );
}
