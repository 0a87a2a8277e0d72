import { eventIdSchema } from '@kafkloud/streamer';
import { eventStatus } from '@/server/services';
import { outcomeResponse, problemResponse } from '@/server/upstream';

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const id = eventIdSchema.safeParse((await params).id);
  if (!id.success) {
    return problemResponse({ status: 400, code: 'invalid_id', title: 'Not an event id' });
  }
  const outcome = await eventStatus(id.data);
  if (outcome.ok && outcome.data === null) {
    return problemResponse({
      status: 404,
      code: 'not_yet_known',
      title: 'The consumer has not seen this event yet',
    });
  }
  return outcomeResponse(outcome);
}
