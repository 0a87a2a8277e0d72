import type { Metadata } from 'next';
import Link from 'next/link';
import { AutoRefresh } from '@/components/auto-refresh';
import {
  Badge,
  Card,
  PageHeader,
  ProblemBox,
  Stat,
  Th,
  inputClass,
  secondaryButtonClass,
} from '@/components/ui';
import { formatCount, formatDateTime } from '@/lib/format';
import type { ClusterSnapshot, DecodedRecord } from '@/lib/kafka-view';
import { clusterSnapshot, latestMessages, MAX_BROWSED } from '@/server/kafka';

export const metadata: Metadata = { title: 'Streamer' };
export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

const n = (value: string) => formatCount(BigInt(value));

export default async function StreamerPage({ searchParams }: Props) {
  const params = await searchParams;
  const showAll = one(params.all) === '1';
  const outcome = await clusterSnapshot({ showAll });

  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <PageHeader title="Streamer">
          The Kafka cluster as the admin API sees it: brokers, topics and their partitions, consumer
          groups and their lag, and the latest messages of any partition.
        </PageHeader>
        {outcome.ok ? <AutoRefresh takenAt={outcome.data.takenAt} /> : null}
      </div>
      {!outcome.ok ? (
        <ProblemBox problem={outcome.problem} />
      ) : (
        <div className="flex flex-col gap-6">
          <Cluster snapshot={outcome.data} />
          <Topics snapshot={outcome.data} showAll={showAll} />
          <Groups snapshot={outcome.data} />
          <MessageBrowser snapshot={outcome.data} params={params} />
        </div>
      )}
    </>
  );
}

function Cluster({ snapshot }: { snapshot: ClusterSnapshot }) {
  return (
    <Card title="Cluster" labelledBy="cluster-title">
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat label="Brokers" value={snapshot.brokers.length} />
        <Stat
          label="Controller"
          value={snapshot.controller === null ? '—' : `node ${snapshot.controller}`}
        />
        <Stat label="Topics shown" value={snapshot.topics.length} />
        <Stat label="Consumer groups" value={snapshot.groups.length} />
      </dl>
      <ul className="mt-4 flex flex-wrap gap-2 text-sm" aria-label="Brokers">
        {snapshot.brokers.map((broker) => (
          <li key={broker.nodeId}>
            <Badge tone={broker.nodeId === snapshot.controller ? 'accent' : 'neutral'}>
              node {broker.nodeId} · {broker.host}:{broker.port}
              {broker.nodeId === snapshot.controller ? ' · controller' : ''}
            </Badge>
          </li>
        ))}
      </ul>
      <p className="mt-3 font-mono text-xs text-muted">cluster {snapshot.clusterId}</p>
    </Card>
  );
}

function Topics({ snapshot, showAll }: { snapshot: ClusterSnapshot; showAll: boolean }) {
  return (
    <Card
      title="Topics"
      labelledBy="topics-title"
      action={
        snapshot.otherTopicCount > 0 || showAll ? (
          <Link href={showAll ? '/streamer' : '/streamer?all=1'} className={secondaryButtonClass}>
            {showAll
              ? 'Only the catalogue'
              : `Show ${snapshot.otherTopicCount} other topics on the cluster`}
          </Link>
        ) : null
      }
    >
      <p className="mb-3 text-sm text-muted">
        Sizes are record counts (high watermark − low watermark): the admin API kafkloud uses cannot
        read log sizes in bytes.
      </p>
      <div className="overflow-x-auto">
        <table className="w-full min-w-[48rem] text-left text-sm">
          <caption className="sr-only">Topics and their partitions</caption>
          <thead className="border-b border-line text-xs tracking-wide text-muted uppercase">
            <tr>
              <Th>Topic / partition</Th>
              <Th>Leader</Th>
              <Th>Replicas</Th>
              <Th>In sync</Th>
              <Th isNumeric>Low</Th>
              <Th isNumeric>High</Th>
              <Th isNumeric isLast>
                Records
              </Th>
            </tr>
          </thead>
          {snapshot.topics.map((topic) => (
            <tbody key={topic.name} data-testid="topic" data-topic={topic.name}>
              <tr className="border-t border-line bg-subtle/50">
                <th scope="rowgroup" colSpan={6} className="py-2 pr-3 text-left font-normal">
                  <span className="font-mono text-sm font-semibold break-all">{topic.name}</span>{' '}
                  <span className="text-xs text-muted">
                    {topic.partitions.length} partition{topic.partitions.length === 1 ? '' : 's'}
                    {topic.description ? ` · ${topic.description}` : ''}
                  </span>{' '}
                  {topic.isUnderReplicated ? <Badge tone="danger">under-replicated</Badge> : null}
                </th>
                <td className="tabular py-2 text-right font-semibold">{n(topic.records)}</td>
              </tr>
              {topic.partitions.map((partition) => (
                <tr key={partition.partition} className="border-t border-line/60">
                  <td className="py-1.5 pr-3 pl-4">
                    <Link
                      href={`/streamer?topic=${encodeURIComponent(topic.name)}&partition=${partition.partition}#messages`}
                      className="text-accent underline-offset-2 hover:underline"
                      aria-label={`Browse ${topic.name} partition ${partition.partition}`}
                    >
                      #{partition.partition}
                    </Link>
                  </td>
                  <td className="tabular py-1.5 pr-3 font-mono">{partition.leader}</td>
                  <td className="tabular py-1.5 pr-3 font-mono">{partition.replicas.join(', ')}</td>
                  <td className="tabular py-1.5 pr-3 font-mono">
                    {partition.isr.join(', ')}
                    {partition.isr.length < partition.replicas.length ? (
                      <span className="text-danger"> (behind)</span>
                    ) : null}
                  </td>
                  <td className="tabular py-1.5 pr-3 text-right font-mono">{n(partition.low)}</td>
                  <td className="tabular py-1.5 pr-3 text-right font-mono">{n(partition.high)}</td>
                  <td className="tabular py-1.5 text-right font-mono">{n(partition.records)}</td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </div>
    </Card>
  );
}

function Groups({ snapshot }: { snapshot: ClusterSnapshot }) {
  return (
    <Card title="Consumer groups" labelledBy="groups-title">
      {snapshot.groups.length === 0 ? (
        <p className="text-sm text-muted">No group has committed offsets on these topics yet.</p>
      ) : (
        <div className="grid gap-4 xl:grid-cols-2">
          {snapshot.groups.map((group) => (
            <section
              key={group.groupId}
              data-testid="group"
              data-group={group.groupId}
              aria-label={`Group ${group.groupId}`}
              className="rounded-lg border border-line p-4"
            >
              <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
                <h3 className="font-mono text-sm font-semibold break-all">{group.groupId}</h3>
                <span className="flex gap-2">
                  <Badge tone={group.state === 'Stable' ? 'ok' : 'warn'}>{group.state}</Badge>
                  <Badge>
                    {group.members} member{group.members === 1 ? '' : 's'}
                  </Badge>
                  <Badge tone={group.lag === '0' ? 'ok' : 'warn'}>lag {n(group.lag)}</Badge>
                </span>
              </div>
              <table className="w-full text-left text-sm">
                <caption className="sr-only">Lag of {group.groupId} per partition</caption>
                <thead className="text-xs tracking-wide text-muted uppercase">
                  <tr>
                    <Th dense>Topic · partition</Th>
                    <Th dense isNumeric>
                      Committed
                    </Th>
                    <Th dense isNumeric>
                      High
                    </Th>
                    <Th dense isNumeric isLast>
                      Lag
                    </Th>
                  </tr>
                </thead>
                <tbody>
                  {group.partitions.map((partition) => (
                    <tr
                      key={`${partition.topic}-${partition.partition}`}
                      className="border-t border-line/60"
                      data-testid="group-partition"
                    >
                      <td className="py-1 pr-2 font-mono text-xs break-all">
                        {partition.topic} #{partition.partition}
                      </td>
                      <td className="tabular py-1 pr-2 text-right font-mono">
                        {partition.committed === null ? '—' : n(partition.committed)}
                      </td>
                      <td className="tabular py-1 pr-2 text-right font-mono">
                        {n(partition.high)}
                      </td>
                      <td
                        className={`tabular py-1 text-right font-mono ${partition.lag === '0' ? '' : 'text-warn'}`}
                      >
                        {n(partition.lag)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </div>
      )}
    </Card>
  );
}

async function MessageBrowser({
  snapshot,
  params,
}: {
  snapshot: ClusterSnapshot;
  params: Record<string, string | string[] | undefined>;
}) {
  const topicName = one(params.topic);
  const topic = snapshot.topics.find((t) => t.name === topicName) ?? snapshot.topics[0];
  const partitionNumber = Number(one(params.partition) ?? 0);
  const partition =
    topic?.partitions.find((p) => p.partition === partitionNumber)?.partition ??
    topic?.partitions[0]?.partition ??
    0;
  const isRequested = topicName !== undefined;
  const records = topic && isRequested ? await latestMessages(topic.name, partition, 20) : null;

  return (
    <Card title="Message browser" labelledBy="messages-title">
      <form
        id="messages"
        method="get"
        action="/streamer#messages"
        className="mb-4 flex flex-wrap items-end gap-3"
      >
        <div className="flex min-w-64 flex-1 flex-col gap-1">
          <label htmlFor="browse-topic" className="text-sm font-medium">
            Topic
          </label>
          <select
            id="browse-topic"
            name="topic"
            defaultValue={topic?.name}
            className={`${inputClass} font-mono`}
          >
            {snapshot.topics.map((t) => (
              <option key={t.name} value={t.name}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <div className="flex w-28 flex-col gap-1">
          <label htmlFor="browse-partition" className="text-sm font-medium">
            Partition
          </label>
          <input
            id="browse-partition"
            name="partition"
            type="number"
            min={0}
            defaultValue={partition}
            className={inputClass}
          />
        </div>
        <button type="submit" className={secondaryButtonClass}>
          Show latest messages
        </button>
      </form>
      {records === null ? (
        <p className="text-sm text-muted">
          Pick a topic and partition to read its latest messages (at most {MAX_BROWSED}, decoded as
          UTF-8, JSON pretty-printed).
        </p>
      ) : !records.ok ? (
        <ProblemBox problem={records.problem} />
      ) : records.data.length === 0 ? (
        <p className="text-sm text-muted">
          <span className="font-mono">{topic?.name}</span> #{partition} holds no messages.
        </p>
      ) : (
        <>
          <p className="mb-2 text-sm text-muted">
            Latest {records.data.length} of <span className="font-mono">{topic?.name}</span> #
            {partition}, newest first.
          </p>
          <ol className="flex flex-col gap-2">
            {records.data.map((record) => (
              <Message key={record.offset} record={record} />
            ))}
          </ol>
        </>
      )}
    </Card>
  );
}

function Message({ record }: { record: DecodedRecord }) {
  const headers = Object.entries(record.headers);
  return (
    <li data-testid="message" className="rounded-lg border border-line">
      <p className="flex flex-wrap gap-x-4 gap-y-1 border-b border-line bg-subtle/50 px-3 py-1.5 text-xs">
        <span className="tabular font-mono">offset {record.offset}</span>
        <span className="tabular font-mono">{formatDateTime(record.timestamp)}</span>
        <span className="font-mono break-all">key {record.key ?? '∅'}</span>
        {headers.map(([name, value]) => (
          <span key={name} className="font-mono break-all text-muted">
            {name}={value}
          </span>
        ))}
      </p>
      <pre className="max-h-64 overflow-auto px-3 py-2 font-mono text-xs whitespace-pre-wrap break-words">
        {record.value ?? '∅ (tombstone)'}
      </pre>
    </li>
  );
}
