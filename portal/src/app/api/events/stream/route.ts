import { relayEventStream } from '@/server/relay';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  return relayEventStream(request);
}
