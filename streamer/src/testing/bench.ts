/**
 * Every benchmark prints its figures for people and, per figure, one machine-readable line:
 *   BENCH {"suite":"...","name":"...","value":1,"unit":"...","baseline":2,"baselineName":"...","ratio":0.5,"goal":"...","met":true}
 * `streamer/scripts/bench.sh` collects those lines into docs/benchmarks.md and docs/benchmarks.json.
 */
export type BenchFigure = {
  suite: string;
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  baselineName?: string;
  ratio?: number;
  goal?: string;
  met?: boolean;
  note?: string;
  /** What holds the figure back, written into docs/benchmarks.md when the goal is not met. */
  whyNotMet?: string;
};

export function report(figure: BenchFigure): void {
  process.stdout.write(`BENCH ${JSON.stringify(figure)}\n`);
}

export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
