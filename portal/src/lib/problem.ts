/** What the browser gets back from every portal route handler on failure. */
export type PortalProblem = {
  status: number;
  code: string;
  title: string;
  detail?: string;
};

export type Outcome<T> =
  { ok: true; status: number; data: T } | { ok: false; problem: PortalProblem };

export const SERVICE_LABELS = {
  producer: 'Producer',
  consumer: 'Consumer',
  seer: 'Seer',
} as const;

export type ServiceName = keyof typeof SERVICE_LABELS;

/** Reads a problem the portal's own route handlers returned, for client components. */
export async function readProblem(response: Response): Promise<PortalProblem> {
  const body: unknown = await response.json().catch(() => undefined);
  if (body && typeof body === 'object' && 'title' in body && typeof body.title === 'string') {
    const record = body as Record<string, unknown>;
    return {
      status: response.status,
      code: typeof record.code === 'string' ? record.code : `http_${response.status}`,
      title: body.title,
      ...(typeof record.detail === 'string' ? { detail: record.detail } : {}),
    };
  }
  return {
    status: response.status,
    code: `http_${response.status}`,
    title: `The portal answered ${response.status}`,
  };
}
