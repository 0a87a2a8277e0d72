import { z } from 'zod';

/**
 * RFC 3339 date-time with a mandatory offset (`Z` or `±hh:mm`). The regex alone accepts
 * impossible dates such as Feb 30, so the calendar date is checked too.
 */
export const rfc3339Schema = z.iso
  .datetime({ offset: true })
  .refine(isRealCalendarDate, { message: 'Invalid RFC 3339 date-time: no such calendar date' });

function isRealCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** A correlation id: a UUID or any short token of URL-safe characters. */
export const correlationIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9._:-]{1,128}$/,
    'correlationId must be 1-128 characters of A-Z a-z 0-9 . _ : -',
  );

export const eventIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'id must be 1-128 characters of A-Z a-z 0-9 . _ : -');

export type CorrelationId = z.infer<typeof correlationIdSchema>;
