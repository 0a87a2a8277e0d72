import { statementSchema } from '@kafkloud/streamer';
import { z } from 'zod';
import { teach } from '@/server/services';
import { outcomeResponse, problemResponse } from '@/server/upstream';

const bodySchema = z.object({ statement: statementSchema });

export async function POST(request: Request): Promise<Response> {
  const body = bodySchema.safeParse(await request.json().catch(() => null));
  if (!body.success) {
    return problemResponse({
      status: 400,
      code: 'invalid_statement',
      title: 'Teach a statement of 1 to 8192 characters',
    });
  }
  return outcomeResponse(await teach(body.data.statement), 202);
}
