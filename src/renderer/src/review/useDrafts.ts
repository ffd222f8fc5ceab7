// Explanations typed on findings not yet decided (by report|fingerprint): kept on this machine until
// the finding is decided, so that a reload or a restart of the app does not lose them.
import { useEffect, useState } from 'react';

export function useDrafts() {
  const [drafts, setDrafts] = useState<Record<string, string>>(readDrafts);
  useEffect(() => {
    const kept = Object.fromEntries(Object.entries(drafts).filter(([, v]) => v.trim()));
    if (Object.keys(kept).length) window.localStorage.setItem(DRAFTS_KEY, JSON.stringify(kept));
    else window.localStorage.removeItem(DRAFTS_KEY);
  }, [drafts]);
  return [drafts, setDrafts] as const;
}

const DRAFTS_KEY = 'nianbao.findingDrafts';

function readDrafts(): Record<string, string> {
  try {
    const v: unknown = JSON.parse(window.localStorage.getItem(DRAFTS_KEY) ?? '{}');
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}
