import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { composeServices } from '../src/compose.js';
import { resolveEnv } from '../src/env.js';
import { OVERLAYS, REPO_DIR } from '../src/manifests.js';
import { workloads } from '../src/policy.js';
import { rendered } from './helpers.js';

/**
 * Every container of ours starts with an environment its own service accepts: the rendered
 * ConfigMaps and Secrets are checked by the services' own config schemas (the same code that
 * exits 1 at start), so a renamed or missing variable fails here, not in a crash loop.
 */
type Schema = {
  safeParse(env: unknown): {
    success: boolean;
    error?: { issues: { path: unknown[]; message: string }[] };
  };
};
type PortalCheck = (
  env: Record<string, string>,
  options: { phase: 'start' },
) => {
  ok: boolean;
  issues?: { variable: string; message: string }[];
};

const load = async (file: string): Promise<Record<string, unknown>> =>
  (await import(pathToFileURL(path.join(REPO_DIR, file)).href)) as Record<string, unknown>;

async function validatorFor(component: string): Promise<(env: Record<string, string>) => string[]> {
  if (component === 'portal') {
    const checkEnv = (await load('portal/src/env-schema.ts')).checkEnv as PortalCheck;
    return (env) => {
      const result = checkEnv(env, { phase: 'start' });
      return result.ok ? [] : (result.issues ?? []).map((i) => `${i.variable}: ${i.message}`);
    };
  }
  const schema = (await load(`${component}/src/config.ts`)).configSchema as Schema;
  return (env) => {
    const result = schema.safeParse(env);
    return result.success
      ? []
      : (result.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
  };
}

/** What docs/deploy.md has the operator create in prod and gke, with sample values. */
const OPERATOR_SECRETS = {
  'kafkloud-api': { tokens: 'a'.repeat(48), 'portal-token': 'a'.repeat(48) },
  'kafkloud-postgres': {
    username: 'kafkloud',
    password: 'p'.repeat(48),
    'database-url': `postgres://kafkloud:${'p'.repeat(48)}@postgres:5432/kafkloud`,
    'replay-database-url': `postgres://kafkloud:${'p'.repeat(48)}@postgres:5432/kafkloud_replay`,
  },
};

describe('service configuration in the cluster', () => {
  it.each(OVERLAYS)(
    'when %s renders, then every service container has an environment its service accepts',
    async (overlay) => {
      const objects = rendered(overlay);
      const checked: string[] = [];
      const problems: string[] = [];
      for (const { object, template } of workloads(objects)) {
        for (const container of template.spec?.containers ?? []) {
          const component = /kafkloud\/(portal|producer|consumer|seer)[:@]/.exec(
            container.image ?? '',
          )?.[1];
          if (!component) continue;
          const { env, missing } = resolveEnv(objects, container, OPERATOR_SECRETS);
          const validate = await validatorFor(component);
          const where = `${object.kind}/${object.metadata.name}/${container.name}`;
          problems.push(...missing.map((m) => `${where}: unresolved ${m}`));
          problems.push(...validate(env).map((p) => `${where}: ${p}`));
          expect(env.KAFKLOUD_MODE).toBe('production');
          checked.push(where);
        }
      }
      expect(problems).toEqual([]);
      expect(checked.sort()).toEqual([
        'Deployment/consumer/consumer',
        'Deployment/portal/portal',
        'Deployment/producer/producer',
        'Deployment/seer/seer',
        'Job/consumer-migrate/migrate',
        'Job/consumer-replay/replay',
      ]);
    },
  );
});

describe('service configuration in compose.yaml', () => {
  it('when the stack starts with default settings, then every service accepts its environment', async () => {
    const services = composeServices(readFileSync(path.join(REPO_DIR, 'compose.yaml'), 'utf8'));
    // Compose interpolation with nothing set: ${NAME:-default} becomes the default.
    const interpolate = (value: unknown): string =>
      String(value).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, (_, fallback: string) => fallback);
    const problems: string[] = [];
    const checked: string[] = [];
    for (const [name, service] of Object.entries(services)) {
      const component = /\/(portal|producer|consumer|seer):/.exec(service.image ?? '')?.[1];
      if (!component) continue;
      const env = Object.fromEntries(
        Object.entries(service.environment ?? {}).map(([key, value]) => [key, interpolate(value)]),
      );
      problems.push(...(await validatorFor(component))(env).map((p) => `${name}: ${p}`));
      checked.push(name);
    }
    expect(problems).toEqual([]);
    expect(checked.sort()).toEqual(['consumer', 'migrate', 'portal', 'producer', 'seer']);
  });
});
