/**
 * Reads the BENCH lines a `make bench` run printed (file given as the first argument) and writes
 * docs/benchmarks.md and docs/benchmarks.json with the same figures.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem, type } from 'node:os';
import { fileURLToPath } from 'node:url';
import { round, type BenchFigure } from '../src/testing/bench.js';

const [input] = process.argv.slice(2);
if (!input) throw new Error('usage: write-report <bench output file>');
const docs = fileURLToPath(new URL('../../docs/', import.meta.url));

const figures: BenchFigure[] = (await readFile(input, 'utf8'))
  .split('\n')
  .filter((line) => line.startsWith('BENCH '))
  .map((line) => JSON.parse(line.slice(6)) as BenchFigure);

const machine = {
  cpu: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  os: type(),
  node: process.version,
  date: new Date().toISOString(),
};

const format = (value: number | undefined) =>
  value === undefined
    ? ''
    : Number.isInteger(value)
      ? value.toLocaleString('en-US')
      : String(value);

const suites = [...new Set(figures.map((f) => f.suite))];
const sections = suites.map((suite) => {
  const rows = figures
    .filter((f) => f.suite === suite)
    .map(
      (f) =>
        `| ${f.name} | ${format(f.value)} ${f.unit} | ${f.baseline === undefined ? '' : `${format(f.baseline)} (${f.baselineName ?? ''})`} | ${format(f.ratio)} | ${f.goal ?? ''} | ${f.met === undefined ? '' : f.met ? 'met' : '**not met**'} | ${f.note ?? ''} |`,
    );
  return [
    `## ${suite}`,
    '',
    '| figure | value | baseline (same run) | ratio | goal | status | note |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
});

/**
 * Whether moving kafkloud's client from kafkajs to @platformatic/kafka would pay, read off this
 * run's figures. A faster client pays only on a path the client limits: the HTTP producer pays
 * if it runs close to what the producer's own path achieves over kafkajs without HTTP, the
 * consumer if its database transactions are not most of its time.
 */
function clientVerdict(): string[] {
  const value = (name: string) => figures.find((f) => f.name === name)?.value;
  const produce = value('@platformatic/kafka / kafkajs (produce)');
  const consume = value('@platformatic/kafka / kafkajs (consume)');
  const path = value('@platformatic/kafka / kafkajs (producer path)');
  const pathKafkajs = value('producer path over kafkajs');
  const http = value('POST /produce throughput');
  const dbShare = value('share of persist time in database write transactions');
  if (produce === undefined || consume === undefined) return [];
  const lines = [
    '## Would switching to @platformatic/kafka pay?',
    '',
    `Raw clients: @platformatic/kafka moved x${produce} the records kafkajs did when producing and x${consume} when consuming (same topic layout, acks=all, idempotent).`,
  ];
  let isProducerBound: boolean | undefined;
  if (path !== undefined && pathKafkajs !== undefined && http !== undefined) {
    isProducerBound = http >= 0.5 * pathKafkajs;
    lines.push(
      '',
      `Producer path: through the producer's batcher, without HTTP, it acknowledged x${path} the events kafkajs did (${format(pathKafkajs)}/s over kafkajs). POST /produce reached ${format(http)} req/s, ${isProducerBound ? 'close to' : 'far below'} that kafkajs figure, so ${isProducerBound ? 'the Kafka client bounds the producer and a faster one would raise it' : 'the HTTP layer, not the Kafka client, bounds the producer; a faster client would not raise it'}.`,
    );
  }
  let isConsumerBound: boolean | undefined;
  if (dbShare !== undefined) {
    isConsumerBound = dbShare < 50;
    lines.push(
      '',
      `Consumer path: ${dbShare}% of the persist run was spent in database write transactions, so ${isConsumerBound ? 'fetching and decoding bound the consumer and a faster client would help' : `a client that fetched x${consume} faster could shorten at most the other ${round(100 - dbShare, 1)}%`}.`,
    );
  }
  const pays = isProducerBound === true || isConsumerBound === true;
  lines.push(
    '',
    pays
      ? "Verdict: switching pays on the path named above. The services reach Kafka only through the streamer's own client interface (`streamer/src/kafka/types.ts`), so it is one adapter beside `kafkajs.ts`, to be run through the same integration and chaos suites before it becomes the default."
      : "Verdict: switching does not pay now: neither service is limited by its Kafka client. kafkajs stays; the comparison reruns with every `make bench`, and the services reach Kafka only through the streamer's own client interface (`streamer/src/kafka/types.ts`), so a later switch stays one adapter.",
    '',
  );
  return lines;
}

function unmetGoals(): string[] {
  const unmet = figures.filter((f) => f.met === false);
  if (unmet.length === 0) return ['## Goals', '', 'Every goal was met in this run.', ''];
  return [
    '## Goals not met',
    '',
    ...unmet.flatMap((f) => [
      `- **${f.suite}: ${f.name}** — ${format(f.value)} ${f.unit}${f.baseline === undefined ? '' : ` against ${format(f.baseline)} (${f.baselineName ?? 'baseline'}), ratio ${format(f.ratio)}`}; goal ${f.goal ?? ''}.${f.whyNotMet ? ` ${f.whyNotMet}` : ''}`,
    ]),
    '',
  ];
}

const markdown = [
  '# Benchmarks',
  '',
  'Written by `make bench`; every figure below is the one that run printed. Each figure stands',
  'beside its baseline measured in the same run on the same machine.',
  '',
  `Machine: ${machine.cpu}, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}; run ${machine.date}.`,
  '',
  ...unmetGoals(),
  ...sections,
  ...clientVerdict(),
].join('\n');

await writeFile(`${docs}benchmarks.md`, `${markdown}\n`);
await writeFile(`${docs}benchmarks.json`, `${JSON.stringify({ machine, figures }, null, 2)}\n`);
console.log(`wrote docs/benchmarks.md and docs/benchmarks.json (${figures.length} figures)`);
