import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { eventIdSchema } from '@kafkloud/streamer';
import { Badge, Card, PageHeader, ProblemBox } from '@/components/ui';
import { formatClock, formatDateTime, formatLatency, shortType } from '@/lib/format';
import { isDone } from '@/lib/timeline';
import { eventStatus } from '@/server/services';
import { env } from '@/server/env';
import { TOPICS } from '@kafkloud/streamer';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Event ${decodeURIComponent((await params).id)}` };
}

export default async function EventPage({ params }: Props) {
  const id = eventIdSchema.safeParse(decodeURIComponent((await params).id));
  if (!id.success) notFound();
  const outcome = await eventStatus(id.data);

  if (!outcome.ok) {
    return (
      <>
        <PageHeader title="Event" />
        <ProblemBox problem={outcome.problem} />
      </>
    );
  }
  if (outcome.data === null) {
    return (
      <>
        <PageHeader title="Event">
          <span className="font-mono">{id.data}</span>
        </PageHeader>
        <ProblemBox
          problem={{
            status: 404,
            title: 'The consumer does not know this event (yet)',
            detail:
              'It may still be on its way through Kafka, or it was never produced. Reload in a moment.',
          }}
        />
      </>
    );
  }

  const status = outcome.data;
  const producedMs = Date.parse(status.stages.produced.at);
  const stages = [
    {
      key: 'produced',
      label: 'Accepted by the producer',
      at: status.stages.produced.at,
      detail: `partition ${status.stages.produced.partition} · offset ${status.stages.produced.offset}`,
    },
    { key: 'persisted', label: 'Persisted by the consumer', at: status.stages.persisted.at },
    { key: 'learned', label: 'Learned by seer', at: status.stages.learned?.at ?? null },
  ];
  const topic = `${env().KAFKLOUD_TOPIC_PREFIX}${TOPICS.events}`;
  const browseHref = `/streamer?topic=${encodeURIComponent(topic)}&partition=${status.stages.produced.partition}#messages`;

  return (
    <>
      <PageHeader title="Event">
        <span className="font-mono break-all">{status.id}</span>
      </PageHeader>
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <Card title="Stages" labelledBy="stages-title">
          <ol className="flex flex-col gap-2">
            {stages.map((stage) => (
              <li
                key={stage.key}
                data-testid={`detail-stage-${stage.key}`}
                className="grid grid-cols-[1fr_auto] items-center gap-3 rounded-lg border border-line bg-subtle/50 px-3 py-2.5"
              >
                <span>
                  <span className="block text-sm font-semibold">{stage.label}</span>
                  <span className="block font-mono text-xs text-muted">
                    {stage.at
                      ? `${formatDateTime(stage.at).slice(0, 10)} ${formatClock(stage.at)} UTC`
                      : 'not yet'}
                    {stage.detail ? ` · ${stage.detail}` : ''}
                  </span>
                </span>
                <span className="tabular font-mono text-sm">
                  {stage.at ? `+${formatLatency(Date.parse(stage.at) - producedMs)}` : '—'}
                </span>
              </li>
            ))}
          </ol>
          <p className="mt-4 text-sm">
            {isDone(status) ? (
              <Badge tone="ok">IsDone — every sink has it</Badge>
            ) : (
              <Badge tone="warn">Not done yet: seer has not learned it</Badge>
            )}
          </p>
        </Card>
        <Card title="Where it lives" labelledBy="where-title">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="text-muted">Type</dt>
            <dd>
              <Badge>{shortType(status.type)}</Badge>
            </dd>
            <dt className="text-muted">Topic</dt>
            <dd className="font-mono text-xs break-all">{topic}</dd>
            <dt className="text-muted">Partition</dt>
            <dd className="tabular font-mono">{status.stages.produced.partition}</dd>
            <dt className="text-muted">Offset</dt>
            <dd className="tabular font-mono">{status.stages.produced.offset}</dd>
          </dl>
          <Link href={browseHref} className="mt-4 inline-block text-sm text-accent underline">
            Browse its partition
          </Link>
        </Card>
      </div>
    </>
  );
}
