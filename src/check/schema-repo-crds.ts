/** The CRDs a repo's builds contain, as schemas of their custom resources (kubeconform's CRD catalog, from the repo itself). */
import { crdSchemas, type CrdSchema } from './schema-crd.ts';
import type { CrdLookup } from './schema-catalog.ts';

/** One built object and the cluster whose build yields it. */
export interface ClusterObject {
  object: unknown;
  cluster: string;
}

/** The schemas of each CRD object, made once: a schema compiles on first use and stays compiled. */
const made = new WeakMap<object, ReturnType<typeof crdSchemas>>();

function schemasOf(object: unknown): ReturnType<typeof crdSchemas> {
  if (object === null || typeof object !== 'object' || (object as { kind?: unknown }).kind !== 'CustomResourceDefinition') return undefined;
  if (!made.has(object)) made.set(object, crdSchemas(object));
  return made.get(object);
}

/**
 * Lookups of the CRD schemas among `objects`, per cluster: a cluster's own CRD of a kind first (two
 * clusters may install two releases of a chart), else the first one any cluster builds.
 */
export function repoCrds(objects: Iterable<ClusterObject>): (cluster: string) => CrdLookup {
  const byCluster = new Map<string, Map<string, CrdSchema>>();
  const anywhere = new Map<string, CrdSchema>();
  for (const { object, cluster } of objects) {
    const crd = schemasOf(object);
    if (!crd) continue;
    const own = byCluster.get(cluster) ?? new Map<string, CrdSchema>();
    byCluster.set(cluster, own);
    for (const [version, schema] of crd.versions) {
      const key = `${crd.group}/${version}/${crd.kind}`;
      if (!own.has(key)) own.set(key, schema);
      if (!anywhere.has(key)) anywhere.set(key, schema);
    }
  }
  return (cluster) => (apiVersion, kind) => {
    const key = `${apiVersion}/${kind}`;
    return byCluster.get(cluster)?.get(key) ?? anywhere.get(key);
  };
}
