import type { ReactNode } from 'react';
import type { PortalProblem } from '@/lib/problem';

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="mb-6 flex flex-col gap-1">
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      {children ? <p className="max-w-3xl text-sm text-muted">{children}</p> : null}
    </header>
  );
}

export function Card({
  title,
  action,
  children,
  className = '',
  labelledBy,
}: {
  title?: ReactNode;
  action?: ReactNode;
  children: ReactNode;
  className?: string;
  labelledBy?: string;
}) {
  return (
    <section className={`card p-5 ${className}`} aria-labelledby={labelledBy}>
      {title || action ? (
        <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
          {title ? (
            <h2 id={labelledBy} className="text-base font-semibold">
              {title}
            </h2>
          ) : null}
          {action}
        </div>
      ) : null}
      {children}
    </section>
  );
}

type Tone = 'ok' | 'warn' | 'danger' | 'neutral' | 'accent';

const TONES: Record<Tone, string> = {
  ok: 'bg-ok-soft text-ok border-ok/30',
  warn: 'bg-warn-soft text-warn border-warn/30',
  danger: 'bg-danger-soft text-danger border-danger/30',
  neutral: 'bg-subtle text-muted border-line',
  accent: 'bg-subtle text-accent-strong border-accent/30',
};

export function Badge({ tone = 'neutral', children }: { tone?: Tone; children: ReactNode }) {
  return (
    <span
      className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium whitespace-nowrap ${TONES[tone]}`}
    >
      {children}
    </span>
  );
}

export function ProblemBox({
  problem,
  action,
}: {
  problem: Pick<PortalProblem, 'title' | 'detail' | 'status'>;
  action?: ReactNode;
}) {
  return (
    <div
      role="alert"
      data-testid="problem"
      className="flex flex-wrap items-start justify-between gap-3 rounded-lg border border-danger/40 bg-danger-soft p-4 text-sm"
    >
      <div>
        <p className="font-semibold text-danger">{problem.title}</p>
        {problem.detail ? <p className="mt-1 text-ink">{problem.detail}</p> : null}
      </div>
      {action}
    </div>
  );
}

export function Stat({ label, value, hint }: { label: string; value: ReactNode; hint?: string }) {
  return (
    <div className="rounded-lg border border-line bg-subtle/60 px-4 py-3">
      <dt className="text-xs font-medium tracking-wide text-muted uppercase">{label}</dt>
      <dd className="tabular mt-1 text-xl font-semibold">{value}</dd>
      {hint ? <dd className="mt-0.5 text-xs text-muted">{hint}</dd> : null}
    </div>
  );
}

export const buttonClass =
  'inline-flex items-center justify-center gap-2 rounded-lg bg-accent px-4 py-2 text-sm font-semibold text-on-accent shadow-sm transition-colors hover:bg-accent-strong disabled:cursor-not-allowed disabled:opacity-60';

export const secondaryButtonClass =
  'inline-flex items-center justify-center gap-2 rounded-lg border border-line bg-surface px-3 py-1.5 text-sm font-medium text-ink hover:bg-subtle disabled:cursor-not-allowed disabled:opacity-60';

export const inputClass =
  'w-full rounded-lg border border-line bg-surface px-3 py-2 text-sm text-ink placeholder:text-muted';

/** A column header; `last` drops the right padding of the final column. */
export function Th({
  children,
  isNumeric = false,
  isLast = false,
  dense = false,
}: {
  children: ReactNode;
  isNumeric?: boolean;
  isLast?: boolean;
  dense?: boolean;
}) {
  const padding = `${dense ? 'py-1' : 'py-2'} ${isLast ? '' : dense ? 'pr-2' : 'pr-3'}`;
  return (
    <th scope="col" className={`${padding} font-medium ${isNumeric ? 'text-right' : ''}`}>
      {children}
    </th>
  );
}
