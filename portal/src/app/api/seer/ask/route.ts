import { askRequestSchema } from '@kafkloud/streamer';
import { ask } from '@/server/services';
import { outcomeResponse, problemResponse } from '@/server/upstream';

export async function POST(request: Request): Promise<Response> {
  const body = askRequestSchema.safeParse(await request.json().catch(() => null));
  if (!body.success) {
    return problemResponse({
      status: 400,
      code: 'invalid_question',
      title: 'Ask a question of 1 to 2000 characters',
    });
  }
  return outcomeResponse(await ask(body.data.question));
}
