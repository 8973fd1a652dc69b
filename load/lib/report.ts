// One row per measurement and the single table `npm run bench` prints (markdown, so the same
// text goes into load/README.md unchanged).

export interface Row {
  scenario: string;
  /** kubesim's figure: requests/s for HTTP rows, or whatever `unit` says. */
  kubesim?: number;
  /** The same measurement against bare fastify sending pre-built bytes (HTTP rows, fan-out). */
  bare?: number;
  unit: string;
  p50?: number;
  p99?: number;
  /** Latencies in whole milliseconds (autocannon's histogram): 0 prints as "<1". */
  wholeMs?: boolean;
  errors?: number;
  /** The target from issue 7, e.g. "≥ 0.85× bare", and whether this run met it. */
  target?: string;
  met?: boolean;
  note?: string;
}

export interface Context {
  quick: boolean;
  /** Seconds for one measured autocannon run. */
  seconds(full: number): number;
  /** Logs progress to stderr, keeping stdout for the table. */
  log(msg: string): void;
}

export interface Scenario {
  name: string;
  run(ctx: Context): Promise<Row[]>;
}

function num(v: number | undefined, digits = 0): string {
  if (v === undefined || Number.isNaN(v)) return '–';
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return v.toFixed(digits);
}

function ms(v: number | undefined, whole?: boolean): string {
  if (whole && v !== undefined) return v < 1 ? '<1' : String(Math.round(v));
  return num(v, 2);
}

function ratio(r: Row): string {
  if (r.kubesim === undefined || r.bare === undefined || r.bare === 0) return '–';
  return `${(r.kubesim / r.bare).toFixed(2)}×`;
}

function targetCell(r: Row): string {
  if (!r.target) return '';
  return `${r.target} ${r.met === undefined ? '' : r.met ? '✓' : '✗'}`.trim();
}

const HEAD = ['scenario', 'kubesim', 'bare fastify', 'ratio', 'unit', 'p50 ms', 'p99 ms', 'errors', 'target', 'notes'];

export function formatTable(rows: Row[]): string {
  const cells = rows.map((r) => [
    r.scenario, num(r.kubesim, r.kubesim !== undefined && r.kubesim < 10 ? 2 : 0), num(r.bare), ratio(r), r.unit,
    ms(r.p50, r.wholeMs), ms(r.p99, r.wholeMs), r.errors === undefined ? '–' : String(r.errors), targetCell(r), r.note ?? '',
  ]);
  const widths = HEAD.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  return [line(HEAD), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

/** Percentile of an unsorted sample (nearest rank). */
export function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const s = Float64Array.from(values).sort();
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
