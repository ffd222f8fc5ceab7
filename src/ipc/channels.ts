// Channel and event names only (no schemas): the preload and the renderer's HTTP bridge import this
// small module; src/ipc/contract.ts holds the schemas and types and is checked against it.
export const CHANNELS = [
  'getWorkspace',
  'pickAndImport',
  'importPaths',
  'cancelImport',
  'getImportProgress',
  'getReport',
  'getPdfBytes',
  'setDecision',
  'upsertAnnotation',
  'deleteAnnotation',
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
  'openExternal',
  'getCheck',
  'saveRubric',
  'exportRubric',
  'importRubric',
  'relocateStore',
] as const;

export const EVENT_NAMES = ['importProgress', 'workspaceChanged', 'notice'] as const;

export const ipcChannel = (c: string) => `nianbao:${c}`;
export const ipcEvent = (e: string) => `nianbao-event:${e}`;
