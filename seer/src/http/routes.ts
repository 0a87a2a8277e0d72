import { createHash } from 'node:crypto';
import { askRequestSchema, statementSchema, type AskResponse } from '@kafkloud/streamer';
import { methodNotAllowed, requireContentType } from '@kafkloud/streamer/http';
import { Router } from 'express';
import { z } from 'zod';
import { answerQuestion, type AnswerDeps } from '../domain/answer-question.js';
import type { ChunkOptions } from '../domain/chunk-text.js';
import { learnStatements } from '../domain/learn-statements.js';
import type { LearnDeps } from '../domain/learn.js';
import { loadDocument } from '../domain/load-document.js';
import type { SeerMetrics } from '../metrics.js';
import { parseJsonBody, utf8Body } from './body.js';
import { validate } from './validate.js';

export type RoutesDeps = {
  learn: LearnDeps;
  answer: AnswerDeps;
  metrics: SeerMetrics;
  chunk: ChunkOptions;
  maxUploadBytes: number;
  maxAcceptBytes: number;
};

export const MAX_STATEMENTS_PER_REQUEST = 1_000;

export const acceptJsonSchema = z
  .object({ statements: z.array(statementSchema).min(1).max(MAX_STATEMENTS_PER_REQUEST) })
  .strict();

export const documentNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^\P{Cc}+$/u, 'no control characters');

const documentSchema = z
  .string()
  .refine((text) => text.trim().length > 0, 'document must not be empty');

const TEXT_TYPES = ['text/plain', 'text/markdown', 'text/csv', 'text/html', 'text/*'];

function firstString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

export function seerRoutes(deps: RoutesDeps): Router {
  const router = Router();

  router
    .route('/accept')
    .post(
      requireContentType(['text/plain', 'application/json']),
      ...utf8Body(['text/plain', 'application/json'], deps.maxAcceptBytes),
      async (req, res) => {
        const body = req.body as string;
        const statements = req.is('application/json')
          ? validate(acceptJsonSchema, parseJsonBody(body), 'invalid statements').statements
          : [validate(statementSchema, body, 'invalid statement')];
        const items = await learnStatements(deps.learn, statements, 'http');
        deps.metrics.learned.inc({ kind: 'statement' }, items.length);
        res.status(201).json({
          accepted: items.length,
          items: items.map(({ id, text }) => ({ id, text })),
        });
      },
    )
    .all(methodNotAllowed(['POST']));

  router
    .route('/load')
    .post(
      requireContentType(TEXT_TYPES),
      ...utf8Body(TEXT_TYPES, deps.maxUploadBytes),
      async (req, res) => {
        const text = validate(documentSchema, req.body, 'invalid document');
        const suppliedName = firstString(req.query.name) ?? req.get('x-document-name');
        const name =
          suppliedName === undefined
            ? `document-${createHash('sha256').update(text).digest('hex').slice(0, 12)}`
            : validate(documentNameSchema, suppliedName, 'invalid document name');
        const loaded = await loadDocument(deps.learn, { name, text }, deps.chunk);
        deps.metrics.learned.inc({ kind: 'document_chunk' }, loaded.chunks);
        res.status(201).json(loaded);
      },
    )
    .all(methodNotAllowed(['POST']));

  router
    .route('/ask')
    .post(
      requireContentType(['application/json']),
      ...utf8Body(['application/json'], 16_384),
      async (req, res) => {
        const { question } = validate(
          askRequestSchema,
          parseJsonBody(req.body as string) ?? {},
          'invalid question',
        );
        const end = deps.metrics.askSeconds.startTimer({ channel: 'http' });
        const result = await answerQuestion(deps.answer, question);
        end({ known: String(result.isKnown) });
        const body: AskResponse = { question, ...result };
        res.json(body);
      },
    )
    .all(methodNotAllowed(['POST']));

  return router;
}
