'use client';

// Types only: the route handlers validated these bodies on the server, so no zod ships here.
import type { Accepted, EventStatus } from '@kafkloud/streamer';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { formatClock, formatLatency, shortId } from '@/lib/format';
import { readProblem, type PortalProblem } from '@/lib/problem';
import { isDone, stagesOf, totalLatencyMs, type Tracking } from '@/lib/timeline';
import { buttonClass, ProblemBox } from './ui';

const POLL_MS = 150;
const GIVE_UP_MS = 30_000;

type Phase = 'idle' | 'sending' | 'following' | 'done' | 'failed' | 'stalled';

export function DoItPanel() {
  const [phase, setPhase] = useState<Phase>('idle');
  const [tracking, setTracking] = useState<Tracking | null>(null);
  const [problem, setProblem] = useState<PortalProblem | null>(null);
  const [followIssue, setFollowIssue] = useState<string | null>(null);
  const run = useRef(0);

  useEffect(() => () => void (run.current += 1), []);

  async function follow(id: string, runId: number, started: Tracking) {
    const deadline = started.clickedAtMs + GIVE_UP_MS;
    let current = started;
    while (run.current === runId && Date.now() < deadline) {
      const response = await fetch(`/api/status/${encodeURIComponent(id)}`, {
        cache: 'no-store',
      }).catch(() => null);
      if (run.current !== runId) return;
      if (response?.ok) {
        const status = (await response.json()) as EventStatus;
        current = { ...current, status };
        setTracking(current);
        setFollowIssue(null);
        if (isDone(status)) {
          setPhase('done');
          return;
        }
      } else if (response && response.status !== 404) {
        setFollowIssue((await readProblem(response)).title);
      } else if (!response) {
        setFollowIssue('The portal is unreachable.');
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    if (run.current === runId) setPhase('stalled');
  }

  async function doIt() {
    const runId = (run.current += 1);
    const clickedAtMs = Date.now();
    const fresh: Tracking = { clickedAtMs, accepted: null, status: null };
    setTracking(fresh);
    setProblem(null);
    setFollowIssue(null);
    setPhase('sending');
    const response = await fetch('/api/doit', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clickedAt: new Date(clickedAtMs).toISOString() }),
    }).catch(() => null);
    if (run.current !== runId) return;
    if (!response?.ok) {
      setProblem(
        response
          ? await readProblem(response)
          : { status: 0, code: 'offline', title: 'The portal is unreachable' },
      );
      setPhase('failed');
      return;
    }
    const accepted = (await response.json()) as Accepted;
    const started = { ...fresh, accepted };
    setTracking(started);
    setPhase('following');
    void follow(accepted.id, runId, started);
  }

  const isBusy = phase === 'sending' || phase === 'following';
  const stages = stagesOf(tracking ?? { clickedAtMs: 0, accepted: null, status: null });
  const total = tracking ? totalLatencyMs(tracking) : null;
  const eventId = tracking?.accepted?.id;

  return (
    <div className="flex flex-col gap-5">
      <div className="flex flex-wrap items-center gap-4">
        <button
          type="button"
          onClick={doIt}
          disabled={isBusy}
          className={`${buttonClass} min-w-32 px-6 py-3 text-base`}
        >
          {phase === 'sending' ? 'Sending…' : phase === 'following' ? 'Following…' : 'DoIt'}
        </button>
        <p className="text-sm text-muted">
          Sends one <code className="font-mono text-xs">kafkloud.doit.v1</code> event and follows it
          through every sink.
        </p>
      </div>

      <ol aria-label="Stages of the last DoIt" className="flex flex-col gap-2">
        {stages.map((stage, index) => {
          const isReached = stage.at !== null;
          return (
            <li
              key={stage.key}
              data-testid={`stage-${stage.key}`}
              data-state={isReached ? 'done' : 'pending'}
              className="grid grid-cols-[2rem_1fr_auto] items-center gap-3 rounded-lg border border-line bg-subtle/50 px-3 py-2.5"
            >
              <span
                aria-hidden="true"
                className={`grid size-7 place-items-center rounded-full text-xs font-bold ${
                  isReached ? 'bg-ok text-on-accent' : 'border border-line text-muted'
                }`}
              >
                {isReached ? '✓' : index + 1}
              </span>
              <span className="min-w-0">
                <span className="block text-sm font-semibold">
                  {stage.label}
                  <span className="font-normal text-muted"> · {stage.sink}</span>
                </span>
                <span className="block truncate font-mono text-xs text-muted">
                  {stage.detail ?? (isReached ? '' : isBusy ? 'waiting…' : 'not yet')}
                  {isReached && stage.at ? ` ${formatClock(stage.at)} UTC` : ''}
                </span>
              </span>
              <span className="tabular text-right font-mono text-sm">
                {stage.latencyMs !== null ? `+${formatLatency(stage.latencyMs)}` : '—'}
              </span>
            </li>
          );
        })}
      </ol>

      {/* One reserved slot for the outcome, so nothing above it moves when it appears. */}
      <div className="min-h-24">
        {problem ? (
          <ProblemBox
            problem={{
              ...problem,
              detail:
                `${problem.detail ?? ''} Nothing was sent; the rest of the portal keeps working. Try again once it is back.`.trim(),
            }}
            action={
              <button type="button" onClick={doIt} className={buttonClass}>
                Retry
              </button>
            }
          />
        ) : null}

        <div role="status" aria-live="polite">
          {phase === 'done' && eventId ? (
            <p
              data-testid="isdone"
              className="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-ok/40 bg-ok-soft px-4 py-3 text-sm"
            >
              <span className="font-semibold text-ok">
                IsDone — every sink has it{total !== null ? ` in ${formatLatency(total)}` : ''}.
              </span>
              <Link href={`/events/${eventId}`} className="font-mono text-xs underline">
                event {shortId(eventId)}
              </Link>
            </p>
          ) : phase === 'stalled' ? (
            <p className="rounded-lg border border-warn/40 bg-warn-soft px-4 py-3 text-sm text-warn">
              Still not done after {GIVE_UP_MS / 1000} s{followIssue ? `: ${followIssue}` : ''}. The
              event is in Kafka and will be picked up when the sinks are back.
            </p>
          ) : followIssue ? (
            <p className="px-1 text-sm text-warn">Following the event: {followIssue} Retrying…</p>
          ) : null}
        </div>
      </div>
    </div>
  );
}
