// A small Prometheus registry: counters, gauges and histograms with labels, exposed in the text
// format (0.0.4) on /metrics. Stability levels prefix the help text like component-base does.
export type Stability = 'ALPHA' | 'BETA' | 'STABLE' | '';

interface Series {
  labels: Record<string, string>;
  value: number;
  buckets?: number[];
  sum?: number;
  count?: number;
}

abstract class Metric {
  protected series = new Map<string, Series>();
  /** Bumped by reset(): series handed out before it no longer count. */
  epoch = 0;
  constructor(readonly name: string, readonly help: string, readonly stability: Stability, readonly type: string) {}

  protected get(labels: Record<string, string>): Series {
    // Callers pass a metric's labels in one fixed order, so the values alone make the key.
    let key = '';
    for (const k in labels) key += `${k}\u0000${labels[k]}\u0001`;
    let s = this.series.get(key);
    if (!s) {
      s = { labels, value: 0 };
      this.series.set(key, s);
    }
    return s;
  }

  render(): string {
    const help = this.stability ? `[${this.stability}] ${this.help}` : this.help;
    const lines = [`# HELP ${this.name} ${help}`, `# TYPE ${this.name} ${this.type}`];
    for (const s of this.series.values()) lines.push(...this.lines(s));
    return lines.join('\n');
  }

  protected abstract lines(s: Series): string[];

  reset(): void {
    this.series.clear();
    this.epoch++;
  }
}

function labelText(labels: Record<string, string>, extra?: [string, string]): string {
  const all = Object.entries(labels);
  if (extra) all.push(extra);
  if (!all.length) return '';
  return `{${all.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',')}}`;
}

export class Counter extends Metric {
  constructor(name: string, help: string, stability: Stability = 'ALPHA') {
    super(name, help, stability, 'counter');
  }
  inc(labels: Record<string, string> = {}, by = 1): void {
    this.get(labels).value += by;
  }
  /**
   * One labelled series to count into directly (`.value++`), for hot paths that look a series up
   * once and keep it instead of building its key on every increment. The series is created (and
   * rendered, at 0) from this call on; a reset() (see `epoch`) ends the handle's use.
   */
  handle(labels: Record<string, string>): { value: number } {
    return this.get(labels);
  }
  value(labels: Record<string, string> = {}): number {
    return this.get(labels).value;
  }
  protected lines(s: Series): string[] {
    return [`${this.name}${labelText(s.labels)} ${s.value}`];
  }
}

export class Gauge extends Metric {
  constructor(name: string, help: string, stability: Stability = 'ALPHA') {
    super(name, help, stability, 'gauge');
  }
  set(v: number, labels: Record<string, string> = {}): void {
    this.get(labels).value = v;
  }
  add(v: number, labels: Record<string, string> = {}): void {
    this.get(labels).value += v;
  }
  value(labels: Record<string, string> = {}): number {
    return this.get(labels).value;
  }
  protected lines(s: Series): string[] {
    return [`${this.name}${labelText(s.labels)} ${s.value}`];
  }
}

export const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function exponentialBuckets(start: number, factor: number, count: number): number[] {
  const out: number[] = [];
  for (let i = 0, v = start; i < count; i++, v *= factor) out.push(v);
  return out;
}

export class Histogram extends Metric {
  constructor(name: string, help: string, readonly bounds: number[] = DEFAULT_BUCKETS, stability: Stability = 'ALPHA') {
    super(name, help, stability, 'histogram');
  }
  observe(v: number, labels: Record<string, string> = {}): void {
    const s = this.get(labels);
    s.buckets ??= this.bounds.map(() => 0);
    for (let i = 0; i < this.bounds.length; i++) if (v <= this.bounds[i]) s.buckets[i]++;
    s.sum = (s.sum ?? 0) + v;
    s.count = (s.count ?? 0) + 1;
  }
  count(labels: Record<string, string> = {}): number {
    return this.get(labels).count ?? 0;
  }
  sum(labels: Record<string, string> = {}): number {
    return this.get(labels).sum ?? 0;
  }
  protected lines(s: Series): string[] {
    const out: string[] = [];
    const b = s.buckets ?? this.bounds.map(() => 0);
    this.bounds.forEach((le, i) => out.push(`${this.name}_bucket${labelText(s.labels, ['le', String(le)])} ${b[i]}`));
    out.push(`${this.name}_bucket${labelText(s.labels, ['le', '+Inf'])} ${s.count ?? 0}`);
    out.push(`${this.name}_sum${labelText(s.labels)} ${s.sum ?? 0}`);
    out.push(`${this.name}_count${labelText(s.labels)} ${s.count ?? 0}`);
    return out;
  }
}

export class MetricsRegistry {
  private metrics: Metric[] = [];
  register<M extends Metric>(m: M): M {
    this.metrics.push(m);
    return m;
  }
  render(): string {
    return `${this.metrics.map((m) => m.render()).join('\n')}\n`;
  }
}
