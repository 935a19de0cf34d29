/**
 * The repo model every command shares (`component`, `regen`, `check`, `graph`, the prompts): every
 * Flux Kustomization found as Flux finds it, with its file and line, and what each path builds.
 */
import type { Builder, BuildOutcome } from '../build/builder.ts';
import type { FluxgenConfig } from '../config.ts';
import type { BootstrapInstall } from './bootstrap-crds.ts';
import type { Layout } from './layout.ts';

export type { BuildOutcome, SourcedObject } from '../build/builder.ts';

export interface DependsOnRef {
  name: string;
  namespace?: string;
}

/** A Flux Kustomization as discovered from a cluster's entry point. */
export interface DiscoveredKustomization {
  cluster: string;
  name: string;
  /** metadata.namespace, or the namespace it inherits from its parent build (default flux-system). */
  namespace: string;
  /** Repo-relative file that defines it, with `/`. */
  file: string;
  /** 1-based line of its document (the `apiVersion:` or first key line). */
  line: number;
  /** spec.path normalised: repo-relative, no leading `./`, `''` for the root; undefined when absent. */
  path?: string;
  dependsOn: DependsOnRef[];
  /** The whole object as Flux applies it (its parent's patches applied): spec.wait, spec.timeout, spec.postBuild… */
  object: Record<string, any>;
  /** Key of the Kustomization whose build yields this one (absent for an entry point's). */
  parent?: string;
}

export interface RepoModel {
  root: string;
  config: FluxgenConfig;
  layout: Layout;
  clusters: string[];
  kustomizations: DiscoveredKustomization[];
  /** Key `${cluster}/${namespace}/${name}` → what its path builds. Absent when the path is missing. */
  builds: Map<string, BuildOutcome>;
  /** Entry folder of each cluster (`clusters/<cluster>`, or the flux-system path of its gotk-sync.yaml). */
  entries: Map<string, string>;
  /** Every folder the walk built (entry folders included), repo-relative → outcome. */
  folders: Map<string, BuildOutcome>;
  /** API groups whose CRDs a bootstrap helmfile of the repo installs before Flux (bootstrap-crds.ts): met without dependsOn. */
  bootstrapCrds?: ReadonlyMap<string, BootstrapInstall>;
  /** What is not a finding but worth knowing (a source that is not this repository, where a sync path was found). */
  notices: { text: string; file?: string; line?: number }[];
  /** The builder that built the model: build more folders through it, each is still built only once. */
  builder: Builder;
  /** Files not written yet that the model sees (repo-relative → content, null = deleted); empty for the repo as it is. */
  overlay: ReadonlyMap<string, string | null>;
}

export function kustomizationKey(k: Pick<DiscoveredKustomization, 'cluster' | 'namespace' | 'name'>): string {
  return `${k.cluster}/${k.namespace}/${k.name}`;
}

/** The Kustomizations of one cluster, in model order. */
export function kustomizationsOf(model: Pick<RepoModel, 'kustomizations'>, cluster: string): DiscoveredKustomization[] {
  return model.kustomizations.filter((k) => k.cluster === cluster);
}

/** The model as the rules read it: what was found and built, without the means to build more. */
export type ModelView = Omit<RepoModel, 'builder' | 'overlay'>;
