/** The summary's "Schema" and "Anti-patterns" results: `check`'s rule engine on the Kustomizations a component touches. */
import type { BuiltObject } from '../build/kustomize.ts';
import { ALL_RULES } from '../check/all-rules.ts';
import { checkRepoModel } from '../check/check-repo.ts';
import { kustomizationKey, type BuildOutcome, type DiscoveredKustomization, type RepoModel } from '../discover/model.ts';
import type { FluxgenConfig } from '../config.ts';
import { fluxKustomizationDocument, type FluxKustomizationDraft } from '../render/flux-kustomization.ts';
import type { Outcome } from '../report/run-report.ts';

/** Rules about the whole repo or its files on disk: the staged component is not there yet (kustomize validates its build). */
const REPO_RULES = new Set(['base-overlays-in-flat-repo', 'kustomization-path-missing', 'kustomize-build-failed', 'dangling-depends-on', 'dependency-cycle']);

export interface ComponentDraft extends FluxKustomizationDraft {
  /** What the draft's path builds (staged). */
  objects: BuiltObject[];
}

/** Runs the schema and anti-pattern rules over the drafts in each cluster; `fail` when an error-severity finding exists. */
export async function validateComponent(
  root: string,
  config: FluxgenConfig,
  clusters: readonly string[],
  drafts: readonly ComponentDraft[],
): Promise<{ schema: Outcome; antiPatterns: Outcome }> {
  const kustomizations: DiscoveredKustomization[] = [];
  const builds = new Map<string, BuildOutcome>();
  for (const cluster of clusters) {
    for (const draft of drafts) {
      const object = fluxKustomizationDocument(draft, config);
      const kustomization: DiscoveredKustomization = {
        cluster,
        name: draft.name,
        namespace: 'flux-system',
        file: `clusters/${cluster}/${config.infrastructureFile}`,
        line: 1,
        path: draft.path,
        dependsOn: draft.dependsOn.map((name) => ({ name })),
        object,
      };
      kustomizations.push(kustomization);
      builds.set(kustomizationKey(kustomization), { objects: draft.objects.map((o) => ({ object: o })) });
    }
  }
  const model: RepoModel = { root, config, layout: 'flat', clusters: [...clusters], kustomizations, builds };
  const rules = ALL_RULES.filter((rule) => !REPO_RULES.has(rule.id));
  const { findings } = await checkRepoModel(model, { rules });
  const failed = (schema: boolean) => findings.some((f) => f.severity === 'error' && (f.rule === 'schema-invalid') === schema);
  return { schema: failed(true) ? 'fail' : 'pass', antiPatterns: failed(false) ? 'fail' : 'pass' };
}
