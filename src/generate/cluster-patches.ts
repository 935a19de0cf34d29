/** `--patch-file` in the pipeline: each cluster's patches go on the change's main Kustomization there, with a REVIEW line. */
import type { Assumption } from '../render/render-component.ts';
import type { ClusterPatch } from '../plan/patch-file.ts';
import type { Draft } from './generator.ts';
import type { TargetFile } from './place-in-cluster.ts';

/** The drafts of `cluster`, its `--patch-file` patches on the first (the change's main Kustomization). */
export function withPatches(drafts: Draft[], patches: readonly ClusterPatch[], cluster: string): Draft[] {
  const entries = patches.filter((p) => p.cluster === cluster).map((p) => p.entry);
  if (entries.length === 0 || drafts.length === 0) return drafts;
  const [main, ...rest] = drafts;
  return [{ ...main!, patches: [...(main!.patches ?? []), ...entries] }, ...rest];
}

/** One REVIEW line per patch, on the cluster file that carries it. */
export function patchReviews(patches: readonly ClusterPatch[], targets: readonly Pick<TargetFile, 'name' | 'file'>[], name: string): Assumption[] {
  return patches.map((patch) => ({
    file: targets.find((t) => t.name === patch.cluster)!.file,
    text: `Kustomization ${name} in cluster ${patch.cluster} carries the patch of ${patch.file}: check that its target matches what the Kustomization builds`,
  }));
}
