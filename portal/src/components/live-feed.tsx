'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import {
  count,
  EMPTY_COUNTERS,
  prepend,
  readFeedMessage,
  type FeedCounters,
  type FeedEvent,
  type RelayedMessage,
} from '@/lib/feed';
import { formatClock, formatCount, shortId, shortType } from '@/lib/format';
import { Badge, secondaryButtonClass } from './ui';

const MAX_SHOWN = 50;

type Connection = 'connecting' | 'live' | 'unavailable';

const TYPE_TONES: Record<string, 'accent' | 'ok' | 'warn' | 'neutral'> = {
  doit: 'accent',
  hello: 'ok',
  timestamp: 'warn',
};

export function LiveFeed({
  initialEvents = [],
  initialLearned = [],
}: {
  initialEvents?: FeedEvent[];
  initialLearned?: string[];
}) {
  const [connection, setConnection] = useState<Connection>('connecting');
  const [detail, setDetail] = useState<string | null>(null);
  const [events, setEvents] = useState<FeedEvent[]>(initialEvents);
  const [learned, setLearned] = useState<ReadonlySet<string>>(new Set(initialLearned));
  const [counters, setCounters] = useState<FeedCounters>(EMPTY_COUNTERS);
  const [isPaused, setIsPaused] = useState(false);
  const [held, setHeld] = useState<FeedEvent[]>([]);
  const isPausedRef = useRef(false);

  useEffect(() => {
    const source = new EventSource('/api/events/stream');
    source.onmessage = (message: MessageEvent<string>) => {
      let relayed: RelayedMessage;
      try {
        relayed = JSON.parse(message.data) as RelayedMessage;
      } catch {
        return;
      }
      const update = readFeedMessage(relayed);
      if (update.kind === 'connected') {
        setConnection('live');
        setDetail(null);
        return;
      }
      if (update.kind === 'unavailable') {
        setConnection('unavailable');
        setDetail(update.detail);
        return;
      }
      setConnection('live');
      setCounters((current) => count(current, update));
      if (update.kind === 'event') {
        if (isPausedRef.current) {
          setHeld((current) => prepend(current, update.event, MAX_SHOWN));
        } else {
          setEvents((current) => prepend(current, update.event, MAX_SHOWN));
        }
      } else if (update.kind === 'stage' && update.stage.stage === 'learned') {
        setLearned((current) => new Set([...current, update.stage.eventId].slice(-500)));
      }
    };
    source.onerror = () => {
      setConnection((current) => (current === 'unavailable' ? current : 'connecting'));
    };
    return () => source.close();
  }, []);

  function togglePause() {
    const next = !isPaused;
    isPausedRef.current = next;
    setIsPaused(next);
    if (!next) {
      setEvents((current) =>
        [...held, ...current.filter((e) => !held.some((h) => h.id === e.id))].slice(0, MAX_SHOWN),
      );
      setHeld([]);
    }
  }

  function clear() {
    setEvents([]);
    setHeld([]);
    setCounters(EMPTY_COUNTERS);
    setLearned(new Set());
  }

  const statusText =
    connection === 'live'
      ? isPaused
        ? `Paused — ${held.length} new held back`
        : 'Live'
      : connection === 'connecting'
        ? 'Connecting…'
        : `Unavailable — ${detail ?? 'retrying'}`;

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="flex items-center gap-2 text-sm" role="status" aria-live="polite">
          <span
            aria-hidden="true"
            className={`size-2.5 rounded-full ${
              connection === 'live'
                ? isPaused
                  ? 'bg-warn'
                  : 'animate-pulse bg-ok'
                : connection === 'connecting'
                  ? 'bg-muted'
                  : 'bg-danger'
            }`}
          />
          <span data-testid="feed-status">{statusText}</span>
        </p>
        <div className="flex gap-2">
          <button
            type="button"
            onClick={togglePause}
            aria-pressed={isPaused}
            className={secondaryButtonClass}
          >
            {isPaused ? 'Resume' : 'Pause'}
          </button>
          <button type="button" onClick={clear} className={secondaryButtonClass}>
            Clear
          </button>
        </div>
      </div>

      <dl className="grid grid-cols-4 gap-2 text-center" aria-label="Feed counters">
        {[
          ['Events', counters.total],
          ['Hello', counters.byType.hello ?? 0],
          ['DoIt', counters.byType.doit ?? 0],
          ['Learned', counters.stages],
        ].map(([label, value]) => (
          <div key={label} className="rounded-lg border border-line bg-subtle/60 px-2 py-2">
            <dt className="text-[0.7rem] font-medium tracking-wide text-muted uppercase">
              {label}
            </dt>
            <dd className="tabular text-lg font-semibold" data-testid={`count-${label}`}>
              {formatCount(Number(value))}
            </dd>
          </div>
        ))}
      </dl>

      <div
        role="log"
        aria-label="Live events, newest first"
        aria-live={isPaused ? 'off' : 'polite'}
        tabIndex={0}
        className="h-96 overflow-y-auto rounded-lg border border-line bg-subtle/30"
      >
        <ol>
          {events.length === 0 ? (
            <li className="p-4 text-sm text-muted">
              {connection === 'live' ? 'Waiting for events…' : 'No events yet.'}
            </li>
          ) : (
            events.map((event) => (
              <li
                key={event.id}
                data-testid="feed-item"
                className="grid grid-cols-[5.5rem_1fr_auto] items-baseline gap-2 border-b border-line px-3 py-2 text-sm last:border-b-0"
              >
                <span className="tabular font-mono text-xs text-muted">
                  {formatClock(event.at)}
                </span>
                <span className="min-w-0">
                  <Badge tone={TYPE_TONES[shortType(event.type)] ?? 'neutral'}>
                    {shortType(event.type)}
                  </Badge>{' '}
                  <span className="break-words">{event.summary}</span>
                </span>
                <Link
                  href={`/events/${encodeURIComponent(event.id)}`}
                  className="font-mono text-xs text-accent underline-offset-2 hover:underline"
                  title={event.id}
                >
                  <span className="sr-only">event </span>
                  {shortId(event.id)}
                  {learned.has(event.id) ? (
                    <>
                      <span aria-hidden="true"> ✓</span>
                      <span className="sr-only">, learned</span>
                    </>
                  ) : null}
                </Link>
              </li>
            ))
          )}
        </ol>
      </div>
    </div>
  );
}
