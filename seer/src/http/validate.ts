import { AppError } from '@kafkloud/streamer/http';
import type { z } from 'zod';

export function validate<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join('.') : 'body',
    message: issue.message,
  }));
  throw new AppError('validation_failed', `${what}: ${errors[0]?.message ?? 'invalid'}`, {
    errors,
  });
}
