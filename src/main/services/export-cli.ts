import type { Settings } from '../../core/rules/index.js';

export interface ExportArgs {
  paths: string[];
  xlsx?: string;
  csv?: string;
  json?: string;
  store?: string;
  force: boolean;
  settings: Settings;
}

export async function runExport(_args: ExportArgs): Promise<number> {
  process.stderr.write('nianbao export: 尚未实现\n');
  return 2;
}
