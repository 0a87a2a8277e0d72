import type { Metadata } from 'next';
import Link from 'next/link';
import { EVENT_TYPES } from '@kafkloud/streamer';
import {
  Badge,
  Card,
  PageHeader,
  ProblemBox,
  Th,
  inputClass,
  secondaryButtonClass,
} from '@/components/ui';
import { formatDateTime, formatLatency, shortType } from '@/lib/format';
import {
  PAGE_SIZES,
  eventsHref,
  formatTimeBound,
  hasTimeFilter,
  parseEventsQuery,
} from '@/lib/events-query';
import { findEvents } from '@/server/events';

export const metadata: Metadata = { title: 'Events' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function EventsPage({ searchParams }: Props) {
  const query = parseEventsQuery(await searchParams);
  const outcome = await findEvents(query);
  const isFiltered = query.type !== undefined || hasTimeFilter(query);

  return (
    <>
      <PageHeader title="Events">
        Every event the consumer persisted, newest first. Pages are keyset pages: each one starts
        right after the last event of the previous one, so nothing is skipped or shown twice while
        new events arrive.
      </PageHeader>

      <Card className="mb-6">
        <form method="get" action="/events" className="flex flex-wrap items-end gap-4">
          <div className="flex min-w-40 flex-col gap-1">
            <label htmlFor="type" className="text-sm font-medium">
              Type
            </label>
            <select id="type" name="type" defaultValue={query.type ?? ''} className={inputClass}>
              <option value="">All types</option>
              {Object.values(EVENT_TYPES).map((type) => (
                <option key={type} value={type}>
                  {shortType(type)}
                </option>
              ))}
            </select>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="from" className="text-sm font-medium">
              From (UTC)
            </label>
            <input
              id="from"
              name="from"
              type="datetime-local"
              defaultValue={formatTimeBound(query.fromMs)}
              className={inputClass}
            />
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="to" className="text-sm font-medium">
              To (UTC)
            </label>
            <input
              id="to"
              name="to"
              type="datetime-local"
              defaultValue={formatTimeBound(query.toMs)}
              className={inputClass}
            />
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="limit" className="text-sm font-medium">
              Per page
            </label>
            <select
              id="limit"
              name="limit"
              defaultValue={String(query.limit)}
              className={inputClass}
            >
              {PAGE_SIZES.map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </select>
          </div>
          <div className="flex gap-2">
            <button type="submit" className={secondaryButtonClass}>
              Apply
            </button>
            {isFiltered ? (
              <Link href="/events" className={secondaryButtonClass}>
                Reset
              </Link>
            ) : null}
          </div>
        </form>
      </Card>

      {!outcome.ok ? (
        <ProblemBox problem={outcome.problem} />
      ) : (
        <Card>
          <div className="mb-3 flex flex-wrap items-center justify-between gap-2 text-sm text-muted">
            <p data-testid="events-page-label">
              Page {query.page} · {outcome.data.items.length} events
            </p>
            <EventsPager query={query} nextCursor={outcome.data.nextCursor} />
          </div>
          <div className="overflow-x-auto">
            <table className="w-full min-w-[44rem] text-left text-sm">
              <caption className="sr-only">Persisted events</caption>
              <thead className="border-b border-line text-xs tracking-wide text-muted uppercase">
                <tr>
                  <Th>Time</Th>
                  <Th>Type</Th>
                  <Th>Event</Th>
                  <Th>Partition · offset</Th>
                  <Th isNumeric>Persisted after</Th>
                  <Th isNumeric isLast>
                    Learned
                  </Th>
                </tr>
              </thead>
              <tbody>
                {outcome.data.items.length === 0 ? (
                  <tr>
                    <td colSpan={6} className="py-6 text-center text-muted">
                      No events {isFiltered ? 'match these filters' : 'yet'}.
                    </td>
                  </tr>
                ) : (
                  outcome.data.items.map((event) => (
                    <tr
                      key={event.id}
                      data-testid="event-row"
                      className="border-b border-line last:border-b-0 hover:bg-subtle/50"
                    >
                      <td className="tabular py-2 pr-3 font-mono text-xs whitespace-nowrap">
                        {formatDateTime(event.time)}
                      </td>
                      <td className="py-2 pr-3">
                        <Badge>{shortType(event.type)}</Badge>
                      </td>
                      <td className="py-2 pr-3">
                        <Link
                          href={`/events/${encodeURIComponent(event.id)}`}
                          className="font-mono text-xs text-accent underline-offset-2 hover:underline"
                        >
                          {event.id}
                        </Link>
                      </td>
                      <td className="tabular py-2 pr-3 font-mono text-xs">
                        {event.partition} · {event.offset}
                      </td>
                      <td className="tabular py-2 pr-3 text-right font-mono text-xs">
                        {formatLatency(
                          Date.parse(event.persistedAt) - Date.parse(event.producedAt),
                        )}
                      </td>
                      <td className="py-2 text-right">
                        {event.learnedAt ? (
                          <Badge tone="ok">learned</Badge>
                        ) : (
                          <Badge>pending</Badge>
                        )}
                      </td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          <div className="mt-3 flex justify-end">
            <EventsPager query={query} nextCursor={outcome.data.nextCursor} />
          </div>
        </Card>
      )}
    </>
  );
}

function EventsPager({
  query,
  nextCursor,
}: {
  query: ReturnType<typeof parseEventsQuery>;
  nextCursor: string | null;
}) {
  return (
    <nav aria-label="Pages" className="flex gap-2">
      {query.page > 1 ? (
        <Link
          href={eventsHref(query, { cursor: undefined, page: 1 })}
          className={secondaryButtonClass}
        >
          ← First page
        </Link>
      ) : null}
      {nextCursor ? (
        <Link
          href={eventsHref(query, { cursor: nextCursor, page: query.page + 1 })}
          className={secondaryButtonClass}
          rel="next"
        >
          Next page →
        </Link>
      ) : (
        <span className="px-3 py-1.5 text-sm text-muted">Last page</span>
      )}
    </nav>
  );
}
