export type ComponentState = 'ready' | 'starting' | 'degraded' | 'draining' | 'down';

export type Overall = { state: 'ready' | 'degraded' | 'down'; label: string };

/** Down when any component is unreachable, degraded when any is not ready, else ready. */
export function overallOf(states: readonly ComponentState[]): Overall {
  const notReady = states.filter((state) => state !== 'ready').length;
  if (states.includes('down')) {
    return { state: 'down', label: `${notReady} of ${states.length} components need attention` };
  }
  if (notReady > 0) {
    return { state: 'degraded', label: `${notReady} of ${states.length} components not ready` };
  }
  return { state: 'ready', label: 'All systems ready' };
}

export const STATE_TONES = {
  ready: 'ok',
  starting: 'warn',
  degraded: 'warn',
  draining: 'warn',
  down: 'danger',
} as const;
