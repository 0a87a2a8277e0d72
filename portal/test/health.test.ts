import { describe, expect, it } from 'vitest';
import { overallOf } from '@/lib/health';
import { isTextDocument } from '@/lib/upload';

describe('overallOf', () => {
  it('when every component is ready, then all systems ready', () => {
    expect(overallOf(['ready', 'ready'])).toEqual({ state: 'ready', label: 'All systems ready' });
  });
  it('when one is starting, then degraded', () => {
    expect(overallOf(['ready', 'starting']).state).toBe('degraded');
  });
  it('when one is down, then down, counting every component not ready', () => {
    expect(overallOf(['down', 'degraded', 'ready'])).toEqual({
      state: 'down',
      label: '2 of 3 components need attention',
    });
  });
});

describe('isTextDocument', () => {
  it('when a text type, then accepted', () => {
    expect(isTextDocument('a.bin', 'text/plain; charset=utf-8')).toBe(true);
    expect(isTextDocument('a.json', 'application/json')).toBe(true);
  });
  it('when no type but a text extension, then accepted; otherwise refused', () => {
    expect(isTextDocument('notes.md', '')).toBe(true);
    expect(isTextDocument('photo.png', 'image/png')).toBe(false);
    expect(isTextDocument('archive.zip', 'application/octet-stream')).toBe(false);
  });
});
