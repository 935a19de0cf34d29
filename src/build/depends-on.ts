/** The seeds' default CRD-provider names (SPEC §4 rule 4) and API groups; discover/providers.ts learns the rest from the repo. */
import type { ProviderRow } from '../config.ts';

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
