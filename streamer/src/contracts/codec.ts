import type { z } from 'zod';
import { kafkloudEventSchema, type KafkloudEvent } from './events.js';
import { receiptSchema, type Receipt } from './receipts.js';
import { timestampCommandSchema, type TimestampCommand } from './timestamp-command.js';
import {
  answerSchema,
  questionMessageSchema,
  questionTextSchema,
  statementSchema,
  type Answer,
  type QuestionMessage,
} from './seer.js';

/** Records larger than this are rejected before parsing; the broker default is 1 MiB too. */
export const MAX_RECORD_BYTES = 1_048_576;

/**
 * A record that does not satisfy its contract. `field` is the dotted path of the first
 * offending field (`value` when the bytes themselves are unusable).
 */
export class ContractError extends Error {
  readonly field: string;
  readonly issues: readonly { field: string; message: string }[];

  constructor(
    contract: string,
    issues: readonly { field: string; message: string }[],
    options?: { cause?: unknown },
  ) {
    const first = issues[0] ?? { field: 'value', message: 'invalid' };
    super(`invalid ${contract}: ${first.field}: ${first.message}`, options);
    this.name = 'ContractError';
    this.field = first.field;
    this.issues = issues;
  }
}

export function isContractError(error: unknown): error is ContractError {
  return error instanceof ContractError;
}

type Bytes = Buffer | Uint8Array | string | null | undefined;

const utf8 = new TextDecoder('utf-8', { fatal: true });

function toText(contract: string, bytes: Bytes): string {
  if (bytes === null || bytes === undefined) {
    throw new ContractError(contract, [{ field: 'value', message: 'record has no value' }]);
  }
  if (typeof bytes === 'string') {
    if (Buffer.byteLength(bytes) > MAX_RECORD_BYTES) throw tooLarge(contract);
    return bytes;
  }
  if (bytes.byteLength > MAX_RECORD_BYTES) throw tooLarge(contract);
  try {
    return utf8.decode(bytes);
  } catch (cause) {
    throw new ContractError(contract, [{ field: 'value', message: 'not valid UTF-8' }], { cause });
  }
}

function tooLarge(contract: string): ContractError {
  return new ContractError(contract, [
    { field: 'value', message: `record larger than ${MAX_RECORD_BYTES} bytes` },
  ]);
}

function parseJson(contract: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new ContractError(contract, [{ field: 'value', message: 'not valid JSON' }], { cause });
  }
}

function validate<S extends z.ZodType>(contract: string, schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ContractError(
    contract,
    result.error.issues.map((issue) => ({
      field: issue.path.length > 0 ? issue.path.map(String).join('.') : 'value',
      message: issue.message,
    })),
    { cause: result.error },
  );
}

function jsonCodec<S extends z.ZodType>(contract: string, schema: S) {
  return {
    encode(value: z.infer<S>): Buffer {
      return Buffer.from(JSON.stringify(validate(contract, schema, value)));
    },
    decode(bytes: Bytes): z.infer<S> {
      return validate(contract, schema, parseJson(contract, toText(contract, bytes)));
    },
    validate(value: unknown): z.infer<S> {
      return validate(contract, schema, value);
    },
  };
}

export const eventCodec = jsonCodec('kafkloud.events.v1 record', kafkloudEventSchema);
export const receiptCodec = jsonCodec('kafkloud.receipts.v1 record', receiptSchema);
export const timestampCommandCodec = jsonCodec(
  'timestamp.command.v1 record',
  timestampCommandSchema,
);
export const answerCodec = jsonCodec('seer.answers.v1 record', answerSchema);

export const statementCodec = {
  encode(statement: string): Buffer {
    return Buffer.from(validate('seer.statements.v1 record', statementSchema, statement));
  },
  decode(bytes: Bytes): string {
    const contract = 'seer.statements.v1 record';
    return validate(contract, statementSchema, toText(contract, bytes));
  },
};

/** Questions arrive as plain text (the key, if any, names them) or as `{ id, question }`. */
export const questionCodec = {
  encode(message: QuestionMessage): Buffer {
    return Buffer.from(
      JSON.stringify(validate('seer.questions.v1 record', questionMessageSchema, message)),
    );
  },
  decode(bytes: Bytes, fallbackId: string): QuestionMessage {
    const contract = 'seer.questions.v1 record';
    const text = toText(contract, bytes);
    if (text.trimStart().startsWith('{')) {
      return validate(contract, questionMessageSchema, parseJson(contract, text));
    }
    return { id: fallbackId, question: validate(contract, questionTextSchema, text) };
  },
};

export type { KafkloudEvent, Receipt, TimestampCommand, Answer };
