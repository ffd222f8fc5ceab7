import type { Cell, Evidence, Finding, Range, Severity } from '../model.js';
import { RULE_BY_ID, type Settings } from './registry.js';

export type FindingInput = Omit<Finding, 'fingerprint' | 'severity'> & {
  severity?: Severity;
  /** Location part of the fingerprint beyond rule/table/row/col/section. */
  key?: string;
};

/** Collects findings, honouring on/off and severity overrides; fingerprints are rule + location. */
export class Sink {
  readonly findings: Finding[] = [];
  /** Fingerprints taken, and the next suffix to try per base fingerprint (keeps add() constant time). */
  private readonly taken = new Set<string>();
  private readonly nextSuffix = new Map<string, number>();
  constructor(private readonly settings: Settings) {}

  enabled(rule: string): boolean {
    return this.settings.rules[rule]?.enabled !== false;
  }

  add(f: FindingInput): void {
    const def = RULE_BY_ID[f.rule];
    if (!def) throw new Error(`unknown rule ${f.rule}`);
    if (!this.enabled(f.rule)) return;
    const override = this.settings.rules[f.rule]?.severity;
    // A per-finding severity (e.g. blank-cell downgrade) wins over the default, an override wins over both
    // unless the finding was downgraded for blank cells.
    let severity: Severity = f.severity ?? def.severity;
    if (override && !(f.blankInvolved && severity === 'warning')) severity = override;
    const loc = [f.section, f.table, f.row, f.col, f.key].filter((x) => x !== undefined && x !== '').join(':');
    const { key: _k, ...rest } = f;
    void _k;
    const finding: Finding = { ...rest, severity, fingerprint: loc ? `${f.rule}:${loc}` : f.rule };
    // Keep fingerprints unique within one report.
    let fp = finding.fingerprint;
    let n = this.nextSuffix.get(fp) ?? 2;
    while (this.taken.has(fp)) fp = `${finding.fingerprint}#${n++}`;
    this.nextSuffix.set(finding.fingerprint, n);
    this.taken.add(fp);
    finding.fingerprint = fp;
    this.findings.push(finding);
  }
}

export function cellEvidence(c: Cell | undefined, role: Evidence['role']): Evidence[] {
  return c ? [{ role, range: c.range }] : [];
}

export function rangeEvidence(r: Range | null | undefined, role: Evidence['role']): Evidence[] {
  return r ? [{ role, range: r }] : [];
}

/** Numeric value of a cell for arithmetic: blank and n/a count as 0, text as NaN. */
export function arith(c: Cell | undefined): number {
  if (!c) return 0;
  if (c.kind === 'text') return NaN;
  return c.value ?? 0;
}

export const isBlank = (c: Cell | undefined) => !c || c.kind === 'blank';

export const fmtNum = (n: number | null | undefined) =>
  n === null || n === undefined ? '空白' : Number.isInteger(n) ? String(n) : String(Math.round(n * 10000) / 10000);
