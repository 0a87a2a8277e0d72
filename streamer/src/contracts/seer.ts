import { z } from 'zod';

export const MAX_STATEMENT_CHARS = 8_192;
export const MAX_QUESTION_CHARS = 2_000;

export const statementSchema = z
  .string()
  .trim()
  .min(1, 'statement must not be empty')
  .max(MAX_STATEMENT_CHARS);

export const questionTextSchema = z
  .string()
  .trim()
  .min(1, 'question must not be empty')
  .max(MAX_QUESTION_CHARS);

/** `seer.questions.v1` carries plain text or `{ id, question }`. */
export const questionMessageSchema = z
  .object({ id: z.string().min(1).max(128), question: questionTextSchema })
  .strict();
export type QuestionMessage = z.infer<typeof questionMessageSchema>;

/** Where a source came from: an event on a topic, a statement or an uploaded document. */
export const sourceRefSchema = z.union([
  z
    .object({
      kind: z.literal('event'),
      eventId: z.string(),
      topic: z.string(),
      partition: z.number().int().nonnegative(),
      offset: z.string(),
    })
    .strict(),
  z.object({ kind: z.literal('statement'), origin: z.enum(['http', 'kafka']) }).strict(),
  z
    .object({
      kind: z.literal('document'),
      name: z.string(),
      chunk: z.number().int().nonnegative(),
    })
    .strict(),
]);
export type SourceRef = z.infer<typeof sourceRefSchema>;

export const answerSourceSchema = z.object({
  id: z.string(),
  text: z.string(),
  score: z.number(),
  ref: sourceRefSchema,
});
export type AnswerSource = z.infer<typeof answerSourceSchema>;

export const answerSchema = z.object({
  questionId: z.string(),
  question: z.string(),
  answer: z.string(),
  isKnown: z.boolean(),
  sources: z.array(answerSourceSchema),
});
export type Answer = z.infer<typeof answerSchema>;
