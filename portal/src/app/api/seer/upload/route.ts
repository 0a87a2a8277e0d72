import { loadDocument } from '@/server/services';
import { outcomeResponse, problemResponse } from '@/server/upstream';
import { MAX_UPLOAD_BYTES, isTextDocument } from '@/lib/upload';

/** The browser sends the file itself as the body; it is streamed on to seer, never buffered. */
export async function POST(request: Request): Promise<Response> {
  const name = new URL(request.url).searchParams.get('name')?.trim() || 'document.txt';
  const contentType = request.headers.get('content-type') ?? 'text/plain';
  const length = Number(request.headers.get('content-length') ?? Number.NaN);
  if (!isTextDocument(name, contentType)) {
    return problemResponse({
      status: 415,
      code: 'unsupported_document',
      title: 'Upload a text document (.txt, .md, .csv, .json)',
    });
  }
  if (!Number.isFinite(length) || length > MAX_UPLOAD_BYTES || request.body === null) {
    return problemResponse({
      status: 413,
      code: 'document_too_large',
      title: `Upload at most ${MAX_UPLOAD_BYTES / 1_000_000} MB`,
    });
  }
  // Seer reads text/* only; JSON and untyped text files go as plain text.
  const forwardedType = contentType.startsWith('text/') ? contentType : 'text/plain; charset=utf-8';
  return outcomeResponse(await loadDocument(request.body, name, forwardedType), 202);
}
