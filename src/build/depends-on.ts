/** Computed dependsOn (SPEC §4): the CRD providers of every custom resource a build yields. */
import type { ProviderRow } from '../config.ts';
import type { BuiltObject } from './kustomize.ts';

export const DEFAULT_PROVIDERS: readonly ProviderRow[] = [
  { group: 'cilium.io', kustomization: 'cilium' },
  { group: 'monitoring.coreos.com', kustomization: 'monitoring' },
  { group: 'longhorn.io', kustomization: 'longhorn-system' },
  { group: 'cert-manager.io', kustomization: 'cert-manager' },
  { group: 'templates.gatekeeper.sh', kustomization: 'gatekeeper-system' },
  { group: 'constraints.gatekeeper.sh', kustomization: 'gatekeeper-system' },
  { group: 'kyverno.io', kustomization: 'kyverno' },
];

/** The API group of an apiVersion (`''` for the core group). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** The provider Kustomization of an API group, or undefined. Subdomains match (acme.cert-manager.io). */
export function providerOf(group: string, table: readonly ProviderRow[]): string | undefined {
  const row = table.find((r) => group === r.group || group.endsWith(`.${r.group}`));
  return row?.kustomization;
}

/** The provider table with the repo's extra rows first, so they can override. */
export function providerTable(extra: readonly ProviderRow[]): ProviderRow[] {
  return [...extra, ...DEFAULT_PROVIDERS];
}

/** CRD providers needed by the objects, each with the kinds that need it; sorted by provider. */
export function requiredProviders(objects: readonly BuiltObject[], table: readonly ProviderRow[]): Map<string, string[]> {
  const needed = new Map<string, Set<string>>();
  for (const obj of objects) {
    const provider = providerOf(apiGroup(obj.apiVersion ?? ''), table);
    if (provider === undefined) continue;
    if (!needed.has(provider)) needed.set(provider, new Set());
    needed.get(provider)!.add(obj.kind);
  }
  return new Map([...needed.keys()].sort().map((p) => [p, [...needed.get(p)!].sort()]));
}

/** dependsOn = providers + explicit, minus the Kustomization itself, sorted and unique. */
export function computeDependsOn(
  self: string,
  objects: readonly BuiltObject[],
  explicit: readonly string[],
  table: readonly ProviderRow[],
): string[] {
  const names = new Set([...requiredProviders(objects, table).keys(), ...explicit]);
  names.delete(self);
  return [...names].sort();
}
