'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { formatClock } from '@/lib/format';

/**
 * Re-renders the server page every few seconds (an RSC refresh keeps scroll and form state),
 * unless paused or the tab is hidden.
 */
export function AutoRefresh({ takenAt, everyMs = 3_000 }: { takenAt: string; everyMs?: number }) {
  const router = useRouter();
  const [isPaused, setIsPaused] = useState(false);

  useEffect(() => {
    if (isPaused) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') router.refresh();
    }, everyMs);
    return () => clearInterval(timer);
  }, [isPaused, everyMs, router]);

  return (
    <div className="flex items-center gap-3 text-sm text-muted">
      <span className="tabular" data-testid="taken-at">
        Updated {formatClock(takenAt)} UTC
      </span>
      <label className="flex items-center gap-1.5">
        <input
          type="checkbox"
          checked={!isPaused}
          onChange={(event) => setIsPaused(!event.target.checked)}
          className="size-4 accent-[var(--color-accent)]"
        />
        Live ({everyMs / 1000} s)
      </label>
    </div>
  );
}
