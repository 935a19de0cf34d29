/** The summary's "Schema" and "Anti-patterns" results: `check`'s rule engine on the Kustomizations a change touches. */
import { ALL_RULES } from '../check/all-rules.ts';
import { checkRepoModel } from '../check/check-repo.ts';
import { kustomizationKey, type BuildOutcome, type DiscoveredKustomization, type ModelView } from '../discover/model.ts';
import { fluxKustomizationDocument } from '../render/flux-kustomization.ts';
import type { Outcome } from '../report/run-report.ts';
import type { Draft } from './generator.ts';
import type { TargetFile } from './place-in-cluster.ts';

/** Rules about the whole repo or its files on disk: the staged change is not there yet (kustomize validates its build). */
const REPO_RULES = new Set(['base-overlays-in-flat-repo', 'kustomization-path-missing', 'kustomize-build-failed', 'dangling-depends-on', 'dependency-cycle']);

/**
 * Runs the schema and anti-pattern rules over each cluster's drafts (cluster → its drafts, whose dependsOn
 * were computed from that cluster's providers); `fail` when an error-severity finding about a draft exists.
 */
export async function validateDrafts(
  model: Pick<ModelView, 'root' | 'config' | 'layout'> & Partial<Pick<ModelView, 'kustomizations'>>,
  clusters: readonly string[],
  targets: readonly Pick<TargetFile, 'name' | 'file'>[],
  draftsByCluster: ReadonlyMap<string, readonly Draft[]>,
): Promise<{ schema: Outcome; antiPatterns: Outcome }> {
  const kustomizations: DiscoveredKustomization[] = [];
  const builds = new Map<string, BuildOutcome>();
  for (const cluster of clusters) {
    const file = targets.find((t) => t.name === cluster)?.file ?? `clusters/${cluster}/${model.config.infrastructureFile}`;
    for (const draft of draftsByCluster.get(cluster) ?? []) {
      const object = fluxKustomizationDocument(draft, model.config);
      const kustomization: DiscoveredKustomization = {
        cluster,
        name: draft.name,
        namespace: 'flux-system',
        file,
        line: 1,
        path: draft.path,
        dependsOn: draft.dependsOn.map((name) => ({ name })),
        object,
      };
      kustomizations.push(kustomization);
      builds.set(kustomizationKey(kustomization), { objects: draft.objects.map((o) => ({ object: o })) });
    }
  }
  // the cluster's other Kustomizations, without their builds: dependsOn of a draft resolves against them
  const names = new Set([...draftsByCluster.values()].flat().map((d) => d.name));
  const others = (model.kustomizations ?? []).filter((k) => clusters.includes(k.cluster) && !names.has(k.name));
  kustomizations.push(...others);
  const scope: ModelView = { root: model.root, config: model.config, layout: model.layout, clusters: [...clusters], kustomizations, builds, entries: new Map(), folders: new Map(), notices: [] };
  const rules = ALL_RULES.filter((rule) => !REPO_RULES.has(rule.id));
  const findings = (await checkRepoModel(scope, { rules })).findings.filter((f) => f.kustomization !== undefined && names.has(f.kustomization));
  const failed = (schema: boolean) => findings.some((f) => f.severity === 'error' && (f.rule === 'schema-invalid') === schema);
  return { schema: failed(true) ? 'fail' : 'pass', antiPatterns: failed(false) ? 'fail' : 'pass' };
}
