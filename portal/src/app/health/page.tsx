import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { AutoRefresh } from '@/components/auto-refresh';
import { Badge, Card, PageHeader, Stat } from '@/components/ui';
import { formatCount } from '@/lib/format';
import { overallOf, STATE_TONES, type ComponentState } from '@/lib/health';
import { SERVICE_LABELS } from '@/lib/problem';
import { sumBy, total } from '@/lib/prometheus';
import { brokerSummary } from '@/server/kafka';
import { fetchText } from '@/server/upstream';
import { consumerStatus, readiness, type ServiceReadiness } from '@/server/services';

export const metadata: Metadata = { title: 'Health' };
export const dynamic = 'force-dynamic';

function stateOf(service: ServiceReadiness): ComponentState {
  return service.readiness?.status ?? 'down';
}

export default async function HealthPage() {
  const [producer, consumer, seer, kafka, consumerFigures, producerMetrics, seerMetrics] =
    await Promise.all([
      readiness('producer'),
      readiness('consumer'),
      readiness('seer'),
      brokerSummary(),
      consumerStatus(),
      fetchText('producer', '/metrics'),
      fetchText('seer', '/metrics'),
    ]);
  const kafkaState: ComponentState = kafka.ok ? 'ready' : 'down';
  const overall = overallOf([stateOf(producer), stateOf(consumer), stateOf(seer), kafkaState]);
  const takenAt = new Date().toISOString();

  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <PageHeader title="Health">
          Each service&apos;s readiness (<code className="font-mono">/readyz</code>) and the figures
          that tell whether events are flowing.
        </PageHeader>
        <AutoRefresh takenAt={takenAt} everyMs={5_000} />
      </div>

      <section
        aria-label="Overall status"
        data-testid="overall"
        data-state={overall.state}
        className={`mb-6 rounded-[var(--radius-card)] border p-5 ${
          overall.state === 'ready'
            ? 'border-ok/40 bg-ok-soft'
            : overall.state === 'degraded'
              ? 'border-warn/40 bg-warn-soft'
              : 'border-danger/40 bg-danger-soft'
        }`}
      >
        <p className="text-lg font-semibold">{overall.label}</p>
      </section>

      <div className="grid gap-6 md:grid-cols-2">
        <ServiceCard service={producer}>
          {producerMetrics ? (
            <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3">
              {Object.entries(
                sumBy(producerMetrics, 'producer_kafka_records_total', 'outcome'),
              ).map(([outcome, value]) => (
                <Stat key={outcome} label={`Records ${outcome}`} value={formatCount(value)} />
              ))}
              <Stat
                label="In flight"
                value={formatCount(total(producerMetrics, 'producer_in_flight_events') ?? 0)}
              />
            </dl>
          ) : null}
        </ServiceCard>
        <ServiceCard service={consumer}>
          {consumerFigures.ok ? (
            <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3">
              <Stat label="Events" value={formatCount(consumerFigures.data.totals.events)} />
              <Stat label="Learned" value={formatCount(consumerFigures.data.totals.learned)} />
              <Stat
                label="Timestamps"
                value={formatCount(consumerFigures.data.totals.timestamps)}
              />
              <Stat
                label="Dead-lettered"
                value={formatCount(consumerFigures.data.totals.deadLettered)}
              />
              <Stat
                label="Lag"
                value={formatCount(consumerFigures.data.lag)}
                hint={`group ${consumerFigures.data.group}`}
              />
            </dl>
          ) : (
            <p className="text-sm text-muted">
              Figures unavailable: {consumerFigures.problem.title}
            </p>
          )}
        </ServiceCard>
        <ServiceCard service={seer}>
          {seerMetrics ? (
            <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3">
              <Stat
                label="Index items"
                value={formatCount(total(seerMetrics, 'seer_index_items') ?? 0)}
              />
              {Object.entries(sumBy(seerMetrics, 'seer_learned_total', 'kind')).map(
                ([kind, value]) => (
                  <Stat
                    key={kind}
                    label={`Learned ${kind.replace(/_/g, ' ')}s`}
                    value={formatCount(value)}
                  />
                ),
              )}
            </dl>
          ) : null}
        </ServiceCard>
        <Card
          title="Kafka"
          labelledBy="kafka-health"
          action={<Badge tone={STATE_TONES[kafkaState]}>{kafkaState}</Badge>}
        >
          {kafka.ok ? (
            <dl className="grid grid-cols-2 gap-3">
              <Stat label="Brokers" value={kafka.data.brokers} />
              <Stat
                label="Controller"
                value={kafka.data.controller === null ? '—' : `node ${kafka.data.controller}`}
              />
            </dl>
          ) : (
            <p className="text-sm text-danger">{kafka.problem.detail ?? kafka.problem.title}</p>
          )}
        </Card>
      </div>
    </>
  );
}

function ServiceCard({ service, children }: { service: ServiceReadiness; children?: ReactNode }) {
  const state = stateOf(service);
  const label = SERVICE_LABELS[service.service];
  const checks = Object.entries(service.readiness?.checks ?? {});
  return (
    <Card
      title={label}
      labelledBy={`${service.service}-health`}
      action={
        <span className="flex items-center gap-2">
          <span className="tabular text-xs text-muted">{service.latencyMs} ms</span>
          <Badge tone={STATE_TONES[state]}>{state}</Badge>
        </span>
      }
    >
      <div
        data-testid={`health-${service.service}`}
        data-state={state}
        className="flex flex-col gap-4"
      >
        {service.detail ? <p className="text-sm text-danger">{service.detail}</p> : null}
        {checks.length > 0 ? (
          <ul className="flex flex-col gap-1 text-sm" aria-label={`${label} checks`}>
            {checks.map(([name, check]) => (
              <li key={name} className="flex items-baseline justify-between gap-3">
                <span>{name}</span>
                <span className={`text-right text-xs ${check.ok ? 'text-ok' : 'text-danger'}`}>
                  {check.ok ? 'ok' : 'failing'}
                  {check.detail ? ` · ${check.detail}` : ''}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
        {children}
      </div>
    </Card>
  );
}
