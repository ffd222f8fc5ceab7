// 团队: status chip, conflicts and their resolution, the team server's line, the first-start name prompt.
export { TeamChip } from './TeamChip';
export { TeamPanel } from './TeamPanel';
export { NamePrompt } from './NamePrompt';
export { useTeam } from './useTeam';
