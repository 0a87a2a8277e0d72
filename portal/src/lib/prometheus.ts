export type Sample = { labels: Record<string, string>; value: number };

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The samples of one metric in Prometheus text exposition format. */
export function samplesOf(text: string, name: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match || match[1] !== name) continue;
    const value = Number(match[3]);
    if (Number.isNaN(value)) continue;
    const labels: Record<string, string> = {};
    for (const [, key, raw] of (match[2] ?? '').matchAll(LABEL)) {
      if (key !== undefined && raw !== undefined) labels[key] = raw.replace(/\\(.)/g, '$1');
    }
    samples.push({ labels, value });
  }
  return samples;
}

/** Sums a metric per value of one label: `{ ok: 120, failed: 2 }`; unlabelled samples under ''. */
export function sumBy(text: string, name: string, label: string): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const sample of samplesOf(text, name)) {
    const key = sample.labels[label] ?? '';
    sums[key] = (sums[key] ?? 0) + sample.value;
  }
  return sums;
}

export function total(text: string, name: string): number | null {
  const samples = samplesOf(text, name);
  return samples.length === 0 ? null : samples.reduce((sum, sample) => sum + sample.value, 0);
}
