/** The fields of a kustomization file that name other files or folders, as kustomize reads them. */

const HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/i;

/** True for what kustomize would fetch: a URL, `git@host:…`, `git::…`, or `host.tld/org/repo…` (a missing local path is not). */
export function isRemoteReference(entry: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || entry.startsWith('git@') || entry.startsWith('git::')) return true;
  const segments = entry.split('?')[0]!.split('/');
  return segments.length >= 3 && HOST.test(segments[0]!) && !/\.ya?ml$/i.test(segments[0]!);
}

type Obj = Record<string, unknown>;

const strings = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
const field = (list: unknown, key: string): string[] =>
  (Array.isArray(list) ? list : []).flatMap((item) => strings((item as Obj | null)?.[key]));

/** Entries that add objects to the build: `resources`, `bases` (deprecated) and `components`. */
export function resourceEntries(k: Obj): string[] {
  return [...strings(k.resources), ...strings(k.bases), ...strings(k.components)];
}

/**
 * Every path the kustomization can read (resources, patches, generators' files, transformers, helm values…),
 * remote references included; inline patches and transformer configs (YAML text) are left out.
 */
export function referencedEntries(k: Obj): string[] {
  const refs = [...resourceEntries(k), ...strings(k.crds), ...strings(k.configurations)];
  refs.push(...strings(k.patchesStrategicMerge), ...strings(k.transformers), ...strings(k.generators), ...strings(k.validators));
  refs.push(...field(k.patches, 'path'), ...field(k.patchesJson6902, 'path'), ...field(k.replacements, 'path'));
  for (const generator of ['configMapGenerator', 'secretGenerator']) {
    refs.push(...field(k[generator], 'files').map((f) => f.slice(f.indexOf('=') + 1)));
    refs.push(...field(k[generator], 'envs'), ...field(k[generator], 'env'));
  }
  refs.push(...field(k.helmCharts, 'valuesFile'), ...field(k.helmCharts, 'additionalValuesFiles'));
  refs.push(...strings((k.openapi as Obj | null)?.path), ...strings((k.helmGlobals as Obj | null)?.chartHome));
  return refs.filter((ref) => ref !== '' && !ref.includes('\n'));
}
