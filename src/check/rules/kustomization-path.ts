/** Each Flux Kustomization's path exists in the repo and builds with kustomize. */
import { statSync } from 'node:fs';
import path from 'node:path';
import { kustomizationKey, type DiscoveredKustomization } from '../../discover/model.ts';
import { hitAtKustomization, type Hit, type Rule } from '../rule.ts';

/** Whether the path is read from this repo: sourceRef absent or the repo's own GitRepository. */
function readsThisRepo(k: DiscoveredKustomization, gitRepository: string): boolean {
  const ref = k.object.spec?.sourceRef;
  if (ref === undefined) return true;
  // the model maps an ExternalArtifact path into the repo through its ArtifactGenerator, or drops it
  if (ref.kind === 'ExternalArtifact') return true;
  return ref.kind === 'GitRepository' && (ref.name === gitRepository || ref.name === 'flux-system');
}

function isDirectory(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

function isFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

export const kustomizationPathMissing: Rule = {
  id: 'kustomization-path-missing',
  severity: 'error',
  summary: "a Flux Kustomization's path does not exist",
  help: 'Flux fails the Kustomization (and everything that depends on it) when spec.path is not a folder of the source. Fix the path or add the folder.',
  check(context) {
    const { model } = context;
    return model.kustomizations
      .filter((k) => k.path !== undefined && readsThisRepo(k, model.config.gitRepository) && !isDirectory(path.join(model.root, k.path)))
      .map((k) => hitAtKustomization(context, k, ['spec', 'path'], `Kustomization ${k.name} has path ./${k.path}, which is not a folder of the repo; fix spec.path or create the folder`));
  },
};

/** kustomize's error, shortened: its innermost cause (kustomize nests each level in `err='…'`), on one line. */
export function summarizeKustomizeError(error: string): string {
  const missing = /open ([^\s:']+): no such file or directory/.exec(error);
  if (missing) return `${missing[1]} does not exist (listed in a kustomization.yaml)`;
  const text = error.split('\n').map((line) => line.trim()).filter(Boolean).join(' ');
  const innermost = text.slice(text.lastIndexOf("err='") + (text.includes("err='") ? 5 : 0));
  return innermost.length > 300 ? `${innermost.slice(0, 297)}...` : innermost;
}

export const kustomizeBuildFailed: Rule = {
  id: 'kustomize-build-failed',
  severity: 'error',
  summary: "kustomize build of a Kustomization's path fails",
  help: 'Run `kustomize build --load-restrictor LoadRestrictionsNone <path>` and fix what it reports (a missing resource file, a bad patch, a duplicate object). A remote base that cannot be fetched offline is reported as a warning: check it online.',
  check(context) {
    const hits: Hit[] = [];
    for (const k of context.model.kustomizations) {
      const build = context.model.builds.get(kustomizationKey(k));
      if (!build) continue;
      for (const url of build.remote ?? []) {
        hits.push({ ...hitAtKustomization(context, k, ['spec', 'path'], `Kustomization ${k.name}: the remote base ${url} cannot be fetched offline, so ./${k.path ?? ''} was not fully checked`), severity: 'warning' });
      }
      if (build.error !== undefined && (build.remote ?? []).length === 0) {
        hits.push(hitAtKustomization(context, k, ['spec', 'path'], `Kustomization ${k.name}: kustomize build of ./${k.path ?? ''} fails: ${summarizeKustomizeError(build.error)}`));
      }
    }
    for (const { cluster, dir, outcome } of context.entryBuilds ?? []) {
      const file = isFile(path.join(context.model.root, dir, 'kustomization.yaml')) ? `${dir}/kustomization.yaml` : dir;
      const hidden = 'the Flux Kustomizations defined there were not found, so they were not checked';
      if (outcome.remote?.length) hits.push({ file, line: 1, severity: 'warning', message: `cluster ${cluster}: the remote bases of ./${dir} (${outcome.remote.join(', ')}) cannot be fetched offline; ${hidden}` });
      else if (outcome.error !== undefined) hits.push({ file, line: 1, message: `cluster ${cluster}: kustomize build of its entry folder ./${dir} fails: ${summarizeKustomizeError(outcome.error)}; ${hidden}` });
    }
    return hits;
  },
};
