import type { IContainer } from 'kubernetes-models/v1/Container';
import type { K8sObject } from './manifests.js';

/**
 * The environment a container would start with, resolved from the rendered objects: literal
 * values, ConfigMap keys and whole ConfigMaps, and Secret keys (from rendered Secrets, or from
 * `external` for the Secrets an operator creates). Downward-API values resolve to a placeholder.
 * A reference that does not resolve is reported, as the kubelet would refuse to start the pod.
 */
export type ResolvedEnv = { env: Record<string, string>; missing: string[] };

export function resolveEnv(
  objects: readonly K8sObject[],
  container: IContainer,
  external: Record<string, Record<string, string>> = {},
): ResolvedEnv {
  const configMaps = new Map(
    objects
      .filter((o) => o.kind === 'ConfigMap')
      .map((o) => [o.metadata.name, (o.data ?? {}) as Record<string, string>]),
  );
  const secrets = new Map<string, Record<string, string>>(Object.entries(external));
  for (const secret of objects.filter((o) => o.kind === 'Secret')) {
    const data = (secret.data ?? {}) as Record<string, string>;
    const decoded = Object.fromEntries(
      Object.entries(data).map(([key, value]) => [
        key,
        Buffer.from(value, 'base64').toString('utf8'),
      ]),
    );
    secrets.set(secret.metadata.name, {
      ...decoded,
      ...((secret.stringData ?? {}) as Record<string, string>),
    });
  }
  const env: Record<string, string> = {};
  const missing: string[] = [];
  for (const source of container.envFrom ?? []) {
    const name = source.configMapRef?.name ?? source.secretRef?.name ?? '';
    const values = source.configMapRef ? configMaps.get(name) : secrets.get(name);
    if (values) Object.assign(env, values);
    else missing.push(`envFrom ${name}`);
  }
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) {
      env[variable.name] = variable.value;
      continue;
    }
    const configKey = variable.valueFrom?.configMapKeyRef;
    const secretKey = variable.valueFrom?.secretKeyRef;
    const value = configKey
      ? configMaps.get(configKey.name ?? '')?.[configKey.key]
      : secretKey
        ? secrets.get(secretKey.name ?? '')?.[secretKey.key]
        : `(${variable.name} from the downward API)`;
    if (value === undefined)
      missing.push(`${variable.name} (${JSON.stringify(variable.valueFrom)})`);
    else env[variable.name] = value;
  }
  return { env, missing };
}
