import { rfc3339Schema } from '@kafkloud/streamer';
import { z } from 'zod';
import { produceDoit } from '@/server/services';
import { outcomeResponse } from '@/server/upstream';

const bodySchema = z.object({ clickedAt: rfc3339Schema }).partial();

export async function POST(request: Request): Promise<Response> {
  const body = bodySchema.safeParse(await request.json().catch(() => ({})));
  const clickedAt = (body.success && body.data.clickedAt) || new Date().toISOString();
  return outcomeResponse(await produceDoit(clickedAt), 202);
}
