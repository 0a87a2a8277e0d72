import { statementItemId } from './ids.js';
import type { KnowledgeItem } from './knowledge.js';
import { learnItems, type LearnDeps } from './learn.js';

export type StatementOrigin = 'http' | 'kafka';

/** Learns statements; the same statement learned twice is one item. */
export async function learnStatements(
  deps: LearnDeps,
  statements: readonly string[],
  origin: StatementOrigin,
): Promise<KnowledgeItem[]> {
  const items: KnowledgeItem[] = statements.map((statement) => {
    const text = statement.trim();
    return { id: statementItemId(text), text, ref: { kind: 'statement', origin } };
  });
  await learnItems(deps, items);
  return items;
}
