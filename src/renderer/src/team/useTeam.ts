// The desk's team state: refreshed on every change the app announces, and every few seconds.
import { useCallback, useEffect, useState } from 'react';
import type { TeamConflict, TeamInfo } from '../../../ipc/contract';
import { api } from '../shared/api';

export function useTeam() {
  const [team, setTeam] = useState<TeamInfo | null>(null);
  const [conflicts, setConflicts] = useState<TeamConflict[]>([]);
  const reload = useCallback(async () => {
    const t = await api.getTeam({});
    setTeam(t);
    setConflicts(t.conflicts ? await api.getConflicts({}) : []);
  }, []);
  useEffect(() => {
    void reload();
    const off = api.on('workspaceChanged', () => void reload());
    const t = window.setInterval(() => void reload(), 3000);
    return () => {
      off();
      window.clearInterval(t);
    };
  }, [reload]);
  return { team, conflicts, reload };
}
