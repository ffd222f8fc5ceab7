// Channel and event names only (no schemas): the preload and the renderer's HTTP bridge import this
// small module; src/ipc/contract.ts holds the schemas and types and is checked against it.
export const CHANNELS = [
  'getWorkspace',
  'choose',
  'browse',
  'grantChosen',
  'openGranted',
  'cancelImport',
  'getImportProgress',
  'getImportSummary',
  'getReport',
  'getPdfBytes',
  'setDecision',
  'decideRule',
  'upsertAnnotation',
  'deleteAnnotation',
  'setCorrection',
  'pointSection',
  'pointRow',
  'removeCorrection',
  'setScore',
  'setStatus',
  'undo',
  'redo',
  'getHistory',
  'getRules',
  'setAuditor',
  'exportWorkbook',
  'exportReview',
  'importReview',
  'getOverview',
  'getLetterSettings',
  'setLetterSettings',
  'previewLetters',
  'exportLetters',
  'getCheck',
  'saveRubric',
  'exportRubric',
  'importRubric',
  'relocateStore',
  'setAgencyType',
  'mergeAgency',
  'getTeam',
  'getConflicts',
  'resolveConflict',
  'setTeam',
  'syncTeam',
] as const;

/**
 * Channels that change the auditor's work. Electron's IPC delivers them in the order they were sent;
 * the browser desk's HTTP bridge sends each after the previous one was answered, so that two quick
 * changes (C then X, a score then its comment) are applied in that order too.
 */
export const ORDERED_CHANNELS: ReadonlySet<(typeof CHANNELS)[number]> = new Set([
  'setDecision',
  'decideRule',
  'upsertAnnotation',
  'deleteAnnotation',
  'setCorrection',
  'pointSection',
  'pointRow',
  'removeCorrection',
  'setScore',
  'setStatus',
  'undo',
  'redo',
  'setAuditor',
  'importReview',
  'setLetterSettings',
  'saveRubric',
  'importRubric',
  'relocateStore',
  'setAgencyType',
  'mergeAgency',
  'resolveConflict',
  'setTeam',
]);

export const EVENT_NAMES = ['importProgress', 'workspaceChanged', 'notice', 'exportProgress'] as const;

/** Electron only: the preload hands main the paths of dropped files (never the renderer). */
export const DROP_CHANNEL = 'nianbao-drop';

export const ipcChannel = (c: string) => `nianbao:${c}`;
export const ipcEvent = (e: string) => `nianbao-event:${e}`;
