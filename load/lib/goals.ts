// The "issue 16 goals" summary `npm run bench` prints after its table: one line per goal of the
// issue, drawn from the rows of the scenario that measures it (picked by scenario name, then by
// the row label's prefix). A goal whose scenario did not run (--only) says so.
import type { Row } from './report.js';

export interface Goal {
  figure: string;
  /** The scenario's `name` (as in --only). */
  scenario: string;
  /** The row: the first of that scenario's rows whose label starts with this (leading spaces included). */
  row: string;
  /** What the figure is: kubesim / bare, or kubesim's own value. */
  value: 'ratio' | 'kubesim';
  unit?: string;
  goal: string;
  /** Whether `v` meets the goal; without it, the row's own `met` (e.g. a target only a full run has). */
  ok?: (v: number) => boolean;
}

export const GOALS: Goal[] = [
  { figure: 'GET one EndpointSlice / bare', scenario: 'get-slice', row: 'GET slice', value: 'ratio', goal: '≥ 0.90×', ok: (v) => v >= 0.9 },
  { figure: 'LIST 1,000 Running pods / bare', scenario: 'list-pods', row: 'LIST', value: 'ratio', goal: '≥ 0.80×', ok: (v) => v >= 0.8 },
  { figure: 'pipeline, pods/s end to end', scenario: 'pipeline', row: 'pipeline: pods/s', value: 'kubesim', unit: 'pods/s', goal: '≥ 2,500 pods/s', ok: (v) => v >= 2500 },
  { figure: 'slices converged after the load stops', scenario: 'pipeline', row: '  slices converged', value: 'kubesim', unit: 'ms', goal: '< 200 ms', ok: (v) => v < 200 },
  { figure: 'start-up to /readyz / bare fastify', scenario: 'startup', row: 'start-up', value: 'ratio', goal: '≤ 1.3×', ok: (v) => v <= 1.3 },
  // harness-b's scenarios (load/scenarios/scale.ts, watch-procs.ts): rows as they label them.
  { figure: '150k pods + 10k Services via API, converge', scenario: 'scale', row: '  converged after last POST', value: 'kubesim', unit: 'ms', goal: 'reported' },
  { figure: '150k pods + 10k Services via API, RSS', scenario: 'scale', row: '  server RSS', value: 'kubesim', unit: 'MiB', goal: '< 1.5 GiB' },
  { figure: 'watch fan-out, real pods, clients in processes', scenario: 'watch-procs', row: 'watch fan-out', value: 'kubesim', unit: 'deliveries/s', goal: 'reported' },
];

function fmt(v: number, unit?: string): string {
  const n = Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toFixed(v < 10 ? 2 : 0);
  return unit ? `${n} ${unit}` : n;
}

/** Markdown table: figure, now, goal, met (✓/✗, – when the figure has no pass/fail or did not run). */
export function formatGoals(byScenario: ReadonlyMap<string, Row[]>, goals: Goal[] = GOALS): string {
  const cells = goals.map((g) => {
    const rows = byScenario.get(g.scenario);
    if (!rows) return [g.figure, `not run (scenario ${g.scenario})`, g.goal, '–'];
    const r = rows.find((x) => x.scenario.startsWith(g.row));
    const v = !r ? undefined : g.value === 'ratio' ? (r.bare ? (r.kubesim ?? NaN) / r.bare : undefined) : r.kubesim;
    if (v === undefined || Number.isNaN(v)) return [g.figure, r?.note?.startsWith('FAILED') ? r.note : 'no figure (scenario failed?)', g.goal, '✗'];
    const now = g.value === 'ratio' ? `${v.toFixed(2)}× (${fmt(r!.kubesim!)} vs ${fmt(r!.bare!)} ${r!.unit})` : fmt(v, g.unit);
    const met = g.ok ? g.ok(v) : g.goal === 'reported' ? undefined : r!.met;
    return [g.figure, now, g.goal, met === undefined ? '–' : met ? '✓' : '✗'];
  });
  const head = ['issue 16 goal', 'now', 'goal', 'met'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}
