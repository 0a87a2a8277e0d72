import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSseParser, formatSse } from '@/lib/sse';

describe('createSseParser', () => {
  it('when a stream has named, multi-line and commented messages, then each is read', () => {
    const parse = createSseParser();
    const messages = parse(
      ': hello\nretry: 2000\n\nid: 7\nevent: stage\ndata: {"a":1}\n\ndata: one\ndata: two\n\n',
    );
    expect(messages).toEqual([
      { event: 'message', data: '', id: null, retry: 2000 },
      { event: 'stage', data: '{"a":1}', id: '7', retry: null },
      { event: 'message', data: 'one\ntwo', id: '7', retry: null },
    ]);
  });

  it('when a message is split across chunks, even inside \\r\\n, then it is read once complete', () => {
    const parse = createSseParser();
    expect(parse('data: hel')).toEqual([]);
    expect(parse('lo\r')).toEqual([]);
    expect(parse('\n\r\n')).toEqual([{ event: 'message', data: 'hello', id: null, retry: null }]);
  });

  it('when any text is formatted and split anywhere, then parsing gives it back', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 5 }),
        fc.nat(),
        (datas, cut) => {
          const text = datas.map((data) => formatSse({ data, event: 'x' })).join('');
          const at = cut % (text.length + 1);
          const parse = createSseParser();
          const messages = [...parse(text.slice(0, at)), ...parse(text.slice(at))];
          const expected = datas.map((data) => data.replace(/\r\n|\r/g, '\n'));
          expect(messages.map((m) => m.data)).toEqual(expected);
        },
      ),
    );
  });
});
