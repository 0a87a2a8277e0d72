import type { TestProject } from 'vitest/node';
import { startTestStack } from '../chaos/stack.js';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- module augmentation needs an interface
  export interface ProvidedContext {
    stack: {
      urls: { producer: string; consumer: string; seer: string };
      token: string;
      work: string;
      brokers: string[];
      prefix: string;
      databaseUrl: string;
    };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startTestStack({
    brokerCount: 1,
    say: (message) => process.stderr.write(`[system] ${message}\n`),
    logLevel: 'debug',
    databasePassword: 'pg-secret-never-logged',
  });
  project.provide('stack', {
    urls: stack.urls,
    token: stack.auth.authorization.slice('Bearer '.length),
    work: stack.work,
    brokers: stack.cluster.brokers,
    prefix: stack.topics.prefix,
    databaseUrl: stack.databaseUrl,
  });
  return () => stack.stop();
}
