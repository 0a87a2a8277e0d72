import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCompose } from '../src/checks.js';
import { composeServices, validateCompose } from '../src/compose.js';
import { REPO_DIR } from '../src/manifests.js';

const text = readFileSync(path.join(REPO_DIR, 'compose.yaml'), 'utf8');

describe('compose.yaml', () => {
  it('when validated against the Compose specification schema, then it conforms', () => {
    expect(checkCompose()).toEqual([]);
  });

  it('when a service has an unknown key or a bad port, then the schema rejects it', () => {
    expect(validateCompose('services:\n  a:\n    image: x\n    portz: ["1"]\n')).toEqual([
      {
        path: '/services/a',
        message: 'must NOT have additional properties {"additionalProperty":"portz"}',
      },
    ]);
    expect(
      validateCompose('services:\n  a:\n    image: x\n    depends_on: 3\n').length,
    ).toBeGreaterThan(0);
  });

  it('when the stack starts, then it has every component on its architecture port, bound to loopback', () => {
    const services = composeServices(text);
    const published = Object.fromEntries(
      Object.entries(services)
        .filter(([, s]) => s.ports)
        .map(([name, s]) => [name, s.ports?.[0]]),
    );
    expect(published).toEqual({
      kafka: '127.0.0.1:9092:9092',
      postgres: '127.0.0.1:5433:5432',
      chroma: '127.0.0.1:8020:8000',
      'kafka-ui': '127.0.0.1:8060:8060',
      producer: '127.0.0.1:8000:8000',
      consumer: '127.0.0.1:8072:8072',
      seer: '127.0.0.1:8030:8030',
      portal: '127.0.0.1:3000:3000',
    });
  });

  it('when services start, then topics are provisioned and the schema migrated first', () => {
    const services = composeServices(text);
    for (const name of ['producer', 'consumer', 'seer']) {
      expect(services[name]?.depends_on?.topics?.condition).toBe('service_completed_successfully');
    }
    expect(services.consumer?.depends_on?.migrate?.condition).toBe(
      'service_completed_successfully',
    );
  });

  it('when a service is built, then its Dockerfile exists', () => {
    for (const service of Object.values(composeServices(text))) {
      const build = service.build as { dockerfile?: string } | undefined;
      if (build?.dockerfile) expect(existsSync(path.join(REPO_DIR, build.dockerfile))).toBe(true);
    }
  });
});
