import { describe, expect, it } from 'vitest';
import { OVERLAYS } from '../src/manifests.js';
import type { K8sObject } from '../src/manifests.js';
import { checkUnknownFields, validateSchemas } from '../src/schema.js';
import { find, podSpec, rendered } from './helpers.js';

describe('schema validation of the rendered overlays', () => {
  it.each(OVERLAYS)(
    'when %s renders, then every object matches its Kubernetes schema',
    async (overlay) => {
      const objects = rendered(overlay);
      expect(objects.length).toBeGreaterThan(40);
      expect(await validateSchemas(objects)).toEqual([]);
    },
  );

  it('when every overlay renders, then no object has a field Kubernetes does not define', () => {
    expect(checkUnknownFields(OVERLAYS.flatMap((overlay) => rendered(overlay)))).toEqual([]);
  });

  it('when a container field is misspelled, then the strict pass names the field and object', () => {
    const objects = rendered('prod');
    const container = podSpec(find(objects, 'Deployment', 'producer')).containers[0] ?? {};
    container.readinessprobe = container.readinessProbe;
    const findings = checkUnknownFields(objects);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.object).toBe('Deployment/kafkloud/producer');
    expect(findings[0]?.message).toContain('\'"readinessprobe"\' does not exist');
  });

  it('when a port is not a number, then the schema pass reports its path', async () => {
    const objects = rendered('prod');
    const service = find(objects, 'Service', 'seer') as {
      spec: { ports: { port: unknown }[] };
    } & K8sObject;
    (service.spec.ports[0] ?? { port: 0 }).port = 'eighty';
    const findings = await validateSchemas([service]);
    expect(findings.map((f) => f.message)).toContain('/spec/ports/0/port must be integer');
  });

  it('when a required field is missing, then the schema pass reports it', async () => {
    const objects = rendered('prod');
    const deployment = find(objects, 'Deployment', 'portal');
    delete (deployment.spec as Record<string, unknown>).selector;
    const findings = await validateSchemas([deployment]);
    expect(findings.some((f) => f.message === '/spec must have required property selector')).toBe(
      true,
    );
  });

  it('when an object has an unknown kind, then it has no schema and is reported', async () => {
    const object: K8sObject = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
    };
    expect(await validateSchemas([object])).toEqual([
      { object: 'Widget/w', rule: 'schema', message: 'no schema for example.com/v1 Widget' },
    ]);
  });

  it('when kustomize wraps a Secret value over lines, then it still validates as base64', async () => {
    const secret: K8sObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'kafkloud' },
      data: { long: `${'QUJD'.repeat(20)}\n${'QUJD'.repeat(5)}\n` },
    };
    expect(await validateSchemas([secret])).toEqual([]);
    secret.data = { bad: 'not base64!' };
    expect(await validateSchemas([secret])).toHaveLength(1);
  });
});
