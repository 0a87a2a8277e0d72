'use client';

// Types only: the route handlers validated these bodies on the server, so no zod ships here.
import type { AskResponse, AnswerSource } from '@kafkloud/streamer';
import Link from 'next/link';
import { useId, useRef, useState, type FormEvent } from 'react';
import { readProblem, type PortalProblem } from '@/lib/problem';
import { formatBytes, isTextDocument, MAX_UPLOAD_BYTES } from '@/lib/upload';
import { Badge, buttonClass, inputClass, ProblemBox } from './ui';

async function postJson(url: string, body: unknown): Promise<Response | PortalProblem> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).catch(() => null);
  if (!response) return { status: 0, code: 'offline', title: 'The portal is unreachable' };
  if (!response.ok) return readProblem(response);
  return response;
}

function SourceRef({ source }: { source: AnswerSource }) {
  const { ref } = source;
  if (ref.kind === 'event') {
    return (
      <Link
        href={`/events/${encodeURIComponent(ref.eventId)}`}
        className="font-mono text-xs text-accent underline"
      >
        event {ref.eventId} (partition {ref.partition} · offset {ref.offset})
      </Link>
    );
  }
  if (ref.kind === 'document') {
    return (
      <span className="text-xs text-muted">
        document <span className="font-mono">{ref.name}</span>, chunk {ref.chunk + 1}
      </span>
    );
  }
  return <span className="text-xs text-muted">statement taught over {ref.origin}</span>;
}

export function AskForm() {
  const [answer, setAnswer] = useState<AskResponse | null>(null);
  const [problem, setProblem] = useState<PortalProblem | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const fieldId = useId();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const question = String(new FormData(event.currentTarget).get('question') ?? '').trim();
    if (!question) return;
    setIsBusy(true);
    setProblem(null);
    const result = await postJson('/api/seer/ask', { question });
    if (result instanceof Response) setAnswer((await result.json()) as AskResponse);
    else setProblem(result);
    setIsBusy(false);
  }

  return (
    <div className="flex flex-col gap-4">
      <form onSubmit={onSubmit} className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <div className="flex flex-1 flex-col gap-1">
          <label htmlFor={fieldId} className="text-sm font-medium">
            Question
          </label>
          <input
            id={fieldId}
            name="question"
            required
            maxLength={2000}
            placeholder="What do you know about…?"
            className={inputClass}
          />
        </div>
        <button type="submit" disabled={isBusy} className={buttonClass}>
          {isBusy ? 'Asking…' : 'Ask'}
        </button>
      </form>
      {problem ? <ProblemBox problem={problem} /> : null}
      <div aria-live="polite">
        {answer ? (
          <article data-testid="answer" className="flex flex-col gap-3">
            <div className="rounded-lg border border-line bg-subtle/50 p-4">
              <p className="mb-1 text-xs font-medium tracking-wide text-muted uppercase">
                Answer {answer.isKnown ? null : <Badge tone="warn">nothing relevant known</Badge>}
              </p>
              <p className="whitespace-pre-wrap">{answer.answer}</p>
            </div>
            {answer.sources.length > 0 ? (
              <div>
                <h3 className="mb-2 text-sm font-semibold">Sources</h3>
                <ol className="flex flex-col gap-2">
                  {answer.sources.map((source) => (
                    <li
                      key={source.id}
                      data-testid="source"
                      className="rounded-lg border border-line px-3 py-2 text-sm"
                    >
                      <p className="mb-1 break-words">{source.text}</p>
                      <p className="flex flex-wrap items-center gap-2">
                        <Badge>score {source.score.toFixed(2)}</Badge>
                        <SourceRef source={source} />
                      </p>
                    </li>
                  ))}
                </ol>
              </div>
            ) : null}
          </article>
        ) : null}
      </div>
    </div>
  );
}

export function TeachForm() {
  const [message, setMessage] = useState<string | null>(null);
  const [problem, setProblem] = useState<PortalProblem | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const fieldId = useId();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const statement = String(new FormData(form).get('statement') ?? '').trim();
    if (!statement) return;
    setIsBusy(true);
    setProblem(null);
    setMessage(null);
    const result = await postJson('/api/seer/teach', { statement });
    if (result instanceof Response) {
      setMessage('Seer learned it. Ask about it above.');
      form.reset();
    } else setProblem(result);
    setIsBusy(false);
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3">
      <div className="flex flex-col gap-1">
        <label htmlFor={fieldId} className="text-sm font-medium">
          Statement
        </label>
        <textarea
          id={fieldId}
          name="statement"
          required
          rows={3}
          maxLength={8192}
          placeholder="The blue whale is the largest animal ever known."
          className={inputClass}
        />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={isBusy} className={buttonClass}>
          {isBusy ? 'Teaching…' : 'Teach'}
        </button>
        <p role="status" className="text-sm text-ok">
          {message}
        </p>
      </div>
      {problem ? <ProblemBox problem={problem} /> : null}
    </form>
  );
}

type Upload = { name: string; sent: number; total: number; state: 'sending' | 'done' };

export function UploadForm() {
  const [upload, setUpload] = useState<Upload | null>(null);
  const [problem, setProblem] = useState<PortalProblem | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const fieldId = useId();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = inputRef.current?.files?.[0];
    if (!file) return;
    setProblem(null);
    if (!isTextDocument(file.name, file.type)) {
      setProblem({ status: 415, code: 'type', title: 'Choose a text document (.txt, .md, .csv)' });
      return;
    }
    if (file.size > MAX_UPLOAD_BYTES) {
      setProblem({
        status: 413,
        code: 'size',
        title: `The document is ${formatBytes(file.size)}; the limit is ${formatBytes(MAX_UPLOAD_BYTES)}`,
      });
      return;
    }
    // XMLHttpRequest, because fetch() reports no upload progress.
    const request = new XMLHttpRequest();
    request.open('POST', `/api/seer/upload?name=${encodeURIComponent(file.name)}`);
    request.setRequestHeader('content-type', file.type || 'text/plain');
    request.upload.onprogress = (progress) => {
      setUpload({
        name: file.name,
        sent: progress.loaded,
        total: progress.total,
        state: 'sending',
      });
    };
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) {
        setUpload({ name: file.name, sent: file.size, total: file.size, state: 'done' });
      } else {
        setUpload(null);
        void readProblem(new Response(request.responseText, { status: request.status })).then(
          setProblem,
        );
      }
    };
    request.onerror = () => {
      setUpload(null);
      setProblem({
        status: 0,
        code: 'offline',
        title: 'The upload failed: the portal is unreachable',
      });
    };
    setUpload({ name: file.name, sent: 0, total: file.size, state: 'sending' });
    request.send(file);
  }

  const percent = upload && upload.total > 0 ? Math.round((upload.sent / upload.total) * 100) : 0;

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3">
      <div className="flex flex-col gap-1">
        <label htmlFor={fieldId} className="text-sm font-medium">
          Text document
        </label>
        <input
          ref={inputRef}
          id={fieldId}
          name="document"
          type="file"
          required
          accept=".txt,.md,.markdown,.csv,.json,.log,text/*"
          className="text-sm file:mr-3 file:rounded-md file:border file:border-line file:bg-subtle file:px-3 file:py-1.5 file:text-sm file:text-ink"
        />
        <p className="text-xs text-muted">
          Up to {formatBytes(MAX_UPLOAD_BYTES)}; seer splits it into chunks and learns each.
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={upload?.state === 'sending'} className={buttonClass}>
          Upload
        </button>
        <div className="min-w-48 flex-1" aria-live="polite">
          {upload ? (
            <div className="flex flex-col gap-1">
              <progress
                value={percent}
                max={100}
                aria-label={`Uploading ${upload.name}`}
                className="h-2 w-full overflow-hidden rounded-full [&::-webkit-progress-bar]:bg-subtle [&::-webkit-progress-value]:bg-accent"
              />
              <p className="text-xs text-muted">
                {upload.state === 'done'
                  ? `${upload.name}: learned (${formatBytes(upload.total)})`
                  : `${upload.name}: ${formatBytes(upload.sent)} of ${formatBytes(upload.total)} (${percent}%)`}
              </p>
            </div>
          ) : null}
        </div>
      </div>
      {problem ? <ProblemBox problem={problem} /> : null}
    </form>
  );
}
