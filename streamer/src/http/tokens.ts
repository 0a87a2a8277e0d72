import { z } from 'zod';

/** `KAFKLOUD_API_TOKENS`: comma separated bearer tokens, each at least 16 characters. */
export const apiTokensSchema = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((token) => token.trim())
      .filter((token) => token.length > 0),
  )
  .pipe(z.array(z.string().min(16, 'each API token needs at least 16 characters')));
