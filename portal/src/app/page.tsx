import { DoItPanel } from '@/components/doit-panel';
import { LiveFeed } from '@/components/live-feed';
import { Card, PageHeader } from '@/components/ui';
import { feedEventOf } from '@/lib/feed';
import { listEvents } from '@/server/services';

export const dynamic = 'force-dynamic';

/** How many recent events the feed starts with, so it is never blank on arrival. */
const RECENT = 15;

export default async function HomePage() {
  // A slow or absent consumer must not hold the page: the feed then starts empty.
  const recent = await listEvents({ limit: RECENT }, { timeoutMs: 1_500 });
  const items = recent.ok ? recent.data.items : [];

  return (
    <>
      <PageHeader title="DoIt → IsDone">
        Press DoIt and watch one event travel: accepted by the producer into Kafka, persisted by the
        consumer, learned by seer. Beside it, every event as it arrives.
      </PageHeader>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <Card title="Follow one event" labelledBy="doit-title">
          <DoItPanel />
        </Card>
        <Card title="Live feed" labelledBy="feed-title">
          <LiveFeed
            initialEvents={items.map(feedEventOf)}
            initialLearned={items.filter((e) => e.learnedAt).map((e) => e.id)}
          />
        </Card>
      </div>
    </>
  );
}
