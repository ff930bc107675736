/**
 * The Prometheus text format read as a scraper reads it (parse-prometheus-text-format,
 * which follows prom2json), with lookups by family and labels for the tests.
 *
 * That parser (1.1.1) flattens a histogram's series into one, dropping their
 * labels and the labelled _sum and _count. So histograms are read a second
 * time with their TYPE line removed: the parser then returns _bucket, _sum and
 * _count as plain families whose samples keep every label (le included).
 */
import parse from 'parse-prometheus-text-format';

export interface Sample {
  labels?: Record<string, string>;
  value?: string;
  buckets?: Record<string, string>;
  count?: string;
  sum?: string;
}

export interface Family {
  name: string;
  help: string;
  type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
  metrics: Sample[];
}

export interface HistogramSeries {
  labels: Record<string, string>;
  /** Cumulative counts by upper bound ("0.01", …, "+Inf"). */
  buckets: Record<string, number>;
  count: number;
  sum: number;
}

export class Scrape {
  readonly families: Map<string, Family>;
  private readonly untyped: Map<string, Family>;

  constructor(text: string) {
    this.families = new Map((parse(text) as Family[]).map((f) => [f.name, f]));
    const histograms = new Set([...this.families.values()].filter((f) => f.type === 'HISTOGRAM').map((f) => f.name));
    const plain = text
      .split('\n')
      .filter((l) => !/^# (TYPE|HELP) /.test(l) || !histograms.has(l.split(' ')[2]!))
      .join('\n');
    this.untyped = new Map((parse(plain) as Family[]).map((f) => [f.name, f]));
  }

  /** One series of a histogram family: the one whose labels (besides le) include `labels`. */
  histogram(name: string, labels: Record<string, string> = {}): HistogramSeries {
    if (this.family(name).type !== 'HISTOGRAM') throw new Error(`${name} is a ${this.family(name).type}, not a histogram`);
    const match = (m: Sample) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v);
    const one = (suffix: string): Sample => {
      const found = (this.untyped.get(`${name}_${suffix}`)?.metrics ?? []).filter(match);
      if (found.length !== 1) throw new Error(`${found.length} ${name}_${suffix} samples match ${JSON.stringify(labels)}`);
      return found[0]!;
    };
    const count = one('count');
    const buckets = Object.fromEntries((this.untyped.get(`${name}_bucket`)?.metrics ?? []).filter(match).map((m) => [m.labels!.le!, Number(m.value)]));
    return { labels: count.labels ?? {}, buckets, count: Number(count.value), sum: Number(one('sum').value) };
  }

  family(name: string): Family {
    const f = this.families.get(name);
    if (!f) throw new Error(`no metric family ${name}; the scrape has ${[...this.families.keys()].join(', ')}`);
    return f;
  }

  /** The sample of `name` whose labels include `labels`; it must be exactly one. */
  sample(name: string, labels: Record<string, string> = {}): Sample {
    const found = this.family(name).metrics.filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
    if (found.length !== 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
    return found[0]!;
  }

  /** The value of a counter or gauge sample, 0 when a labelled family has no such series yet. */
  value(name: string, labels: Record<string, string> = {}): number {
    if (!this.families.has(name)) return 0;
    const found = this.family(name).metrics.filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
    if (found.length === 0) return 0;
    if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
    return Number(found[0]!.value);
  }

  /** Label sets of a family, each as sorted "k=v" joined by commas (for comparing whole sets). */
  labelSets(name: string): string[] {
    return this.family(name)
      .metrics.map((m) =>
        Object.entries(m.labels ?? {})
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => `${k}=${v}`)
          .join(','),
      )
      .sort();
  }
}
