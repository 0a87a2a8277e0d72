/** `850 ms`, `1.23 s`, `2 min 05 s`. Negative values (clock skew between hosts) read as 0. */
export function formatLatency(ms: number): string {
  const value = Math.max(0, Math.round(ms));
  if (value < 1_000) return `${value} ms`;
  if (value < 60_000) return `${(value / 1_000).toFixed(2)} s`;
  const minutes = Math.floor(value / 60_000);
  const seconds = Math.floor((value % 60_000) / 1_000);
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

/** `10:04:05.123` in UTC: the same on the server and in every browser, so no hydration drift. */
export function formatClock(iso: string | number): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toISOString().slice(11, 23);
}

/** `2026-11-23 10:04:05 UTC`. */
export function formatDateTime(iso: string | number): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function formatCount(value: number | bigint): string {
  return new Intl.NumberFormat('en-US').format(value);
}

/** The short, readable tail of an id: UUIDv7s share their leading time bits. */
export function shortId(id: string): string {
  return id.length > 12 ? `…${id.slice(-8)}` : id;
}

export function shortType(type: string): string {
  const match = /^kafkloud\.([a-z]+)\.v\d+$/.exec(type);
  return match?.[1] ?? type;
}
