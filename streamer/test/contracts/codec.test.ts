import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ContractError,
  EVENT_TYPES,
  MAX_RECORD_BYTES,
  createEvent,
  eventCodec,
  questionCodec,
  receiptCodec,
  statementCodec,
  timestampCommandCodec,
  type KafkloudEvent,
} from '../../src/contracts/index.js';

const isoDate = fc
  .date({
    min: new Date('1970-01-01T00:00:00Z'),
    max: new Date('2999-12-31T23:59:59Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString());
const token = fc.stringMatching(/^[A-Za-z0-9._:-]{1,64}$/);

const eventArb: fc.Arbitrary<KafkloudEvent> = fc.oneof(
  fc.record({ id: token, correlationid: token, time: isoDate, clickedAt: isoDate }).map((f) =>
    createEvent({
      id: f.id,
      source: '/kafkloud/producer',
      type: EVENT_TYPES.doit,
      correlationid: f.correlationid,
      time: f.time,
      data: { clickedAt: f.clickedAt },
    }),
  ),
  fc.record({ id: token, correlationid: token, time: isoDate, ts: isoDate }).map((f) =>
    createEvent({
      id: f.id,
      source: '/kafkloud/producer',
      type: EVENT_TYPES.timestamp,
      correlationid: f.correlationid,
      time: f.time,
      data: { eventTimestamp: f.ts },
    }),
  ),
  fc.record({ id: token, correlationid: token, time: isoDate, seq: fc.nat() }).map((f) =>
    createEvent({
      id: f.id,
      source: '/kafkloud/broadcaster',
      type: EVENT_TYPES.hello,
      correlationid: f.correlationid,
      time: f.time,
      data: { message: 'Hello world', sequence: f.seq },
    }),
  ),
  fc.record({ id: token, correlationid: token, time: isoDate, data: fc.jsonValue() }).map((f) =>
    createEvent({
      id: f.id,
      source: '/kafkloud/producer',
      type: EVENT_TYPES.message,
      correlationid: f.correlationid,
      time: f.time,
      // JSON has no -0; normalise so the round trip compares equal.
      data: JSON.parse(JSON.stringify(f.data)) as never,
    }),
  ),
);

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ContractError);
    return (error as ContractError).field;
  }
  throw new Error('expected a ContractError');
}

describe('eventCodec', () => {
  it('when any valid event is encoded, then decoding gives it back unchanged', () => {
    fc.assert(
      fc.property(eventArb, (event) => {
        expect(eventCodec.decode(eventCodec.encode(event))).toEqual(event);
      }),
      { numRuns: 500 },
    );
  });

  it('when arbitrary bytes are decoded, then the only failure is a ContractError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        try {
          eventCodec.decode(Buffer.from(bytes));
        } catch (error) {
          expect(error).toBeInstanceOf(ContractError);
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it('when a valid event loses a required field, then the error names that field', () => {
    const required = ['specversion', 'id', 'source', 'type', 'time', 'correlationid'] as const;
    fc.assert(
      fc.property(eventArb, fc.constantFrom(...required), (event, field) => {
        const broken: Record<string, unknown> = { ...event };
        delete broken[field];
        expect(fieldOf(() => eventCodec.decode(JSON.stringify(broken)))).toBe(field);
      }),
      { numRuns: 200 },
    );
  });

  it('when the value is malformed JSON, then the error names the value', () => {
    expect(fieldOf(() => eventCodec.decode('{"specversion":'))).toBe('value');
  });

  it('when the value is larger than the record limit, then it is rejected before parsing', () => {
    const huge = Buffer.alloc(MAX_RECORD_BYTES + 1, 0x20);
    expect(fieldOf(() => eventCodec.decode(huge))).toBe('value');
    expect(() => eventCodec.decode(huge)).toThrow(/larger than/);
  });

  it('when the value is not UTF-8, then the error says so', () => {
    expect(() => eventCodec.decode(Buffer.from([0xff, 0xfe, 0x00]))).toThrow(/UTF-8/);
  });

  it('when a timestamp event carries an impossible date, then data.eventTimestamp is named', () => {
    const event = createEvent({
      id: 'a',
      source: '/s',
      type: EVENT_TYPES.timestamp,
      correlationid: 'c',
      data: { eventTimestamp: '2021-02-30T00:00:00Z' },
    });
    expect(fieldOf(() => eventCodec.decode(JSON.stringify(event)))).toBe('data.eventTimestamp');
  });

  it('when the type is unknown, then the type field is named', () => {
    const event = {
      ...createEvent({
        id: 'a',
        source: '/s',
        type: EVENT_TYPES.hello,
        correlationid: 'c',
        data: { message: 'hi' },
      }),
      type: 'other',
    };
    expect(fieldOf(() => eventCodec.decode(JSON.stringify(event)))).toBe('type');
  });

  it('when encoding an invalid event, then it refuses to produce bytes', () => {
    const event = { specversion: '1.0' } as unknown as KafkloudEvent;
    expect(() => eventCodec.encode(event)).toThrow(ContractError);
  });
});

describe('timestampCommandCodec', () => {
  it('when the existing service format is decoded, then it is accepted as-is', () => {
    fc.assert(
      fc.property(fc.uuid(), isoDate, (commandId, at) => {
        const command = { command_id: commandId, event_timestamp: at };
        expect(timestampCommandCodec.decode(JSON.stringify(command))).toEqual(command);
      }),
    );
  });

  it('when command_id is not a UUID, then command_id is named', () => {
    expect(
      fieldOf(() =>
        timestampCommandCodec.decode('{"command_id":"x","event_timestamp":"2009-09-28T19:03:12Z"}'),
      ),
    ).toBe('command_id');
  });
});

describe('receiptCodec', () => {
  it('when a receipt round-trips, then it is unchanged', () => {
    fc.assert(
      fc.property(token, isoDate, (eventId, at) => {
        const receipt = { eventId, stage: 'learned' as const, at };
        expect(receiptCodec.decode(receiptCodec.encode(receipt))).toEqual(receipt);
      }),
    );
  });

  it('when the stage is unknown, then stage is named', () => {
    expect(
      fieldOf(() =>
        receiptCodec.decode('{"eventId":"a","stage":"eaten","at":"2020-01-01T00:00:00Z"}'),
      ),
    ).toBe('stage');
  });
});

describe('seer codecs', () => {
  it('when a statement is plain text, then it decodes trimmed; empty text is rejected', () => {
    expect(statementCodec.decode(Buffer.from('  Jukies are sweet \n'))).toBe('Jukies are sweet');
    expect(() => statementCodec.decode(Buffer.from('   '))).toThrow(ContractError);
  });

  it('when a question is text, then the fallback id names it; JSON keeps its own id', () => {
    expect(questionCodec.decode(Buffer.from('How do Jukies taste?'), 'k1')).toEqual({
      id: 'k1',
      question: 'How do Jukies taste?',
    });
    expect(questionCodec.decode(Buffer.from('{"id":"q9","question":"Why?"}'), 'k1')).toEqual({
      id: 'q9',
      question: 'Why?',
    });
  });

  it('when a question round-trips through encode, then it is unchanged', () => {
    const question = fc
      .string({ minLength: 1, maxLength: 200 })
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    fc.assert(
      fc.property(token, question, (id, text) => {
        const message = { id, question: text };
        expect(questionCodec.decode(questionCodec.encode(message), 'unused')).toEqual(message);
      }),
    );
  });
});
