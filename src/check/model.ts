/** The repo model `check`, `graph` and `regen` share: every Flux Kustomization found as Flux finds them, and what each builds. */
import type { BuildSession } from '../build/batch-build.ts';
import type { BuildOutcome } from '../build/builder.ts';
import type { FluxgenConfig } from '../plan/config.ts';

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
  /** The whole object as parsed (spec.wait, spec.timeout, spec.decryption, spec.postBuild…). */
  object: Record<string, any>;
}

export interface RepoModel {
  root: string;
  config: FluxgenConfig;
  layout: 'flat' | 'base-overlays';
  clusters: string[];
  kustomizations: DiscoveredKustomization[];
  /** Key `${cluster}/${namespace}/${name}` → what its path builds. Absent when the path is missing. */
  builds: Map<string, BuildOutcome>;
  /** Entry folder of each cluster (`clusters/<cluster>`, or the flux-system path of its gotk-sync.yaml). */
  entries?: Map<string, string>;
  /** The session that built the model: build more folders through it, each is still built only once. */
  session?: BuildSession;
}

export function kustomizationKey(k: Pick<DiscoveredKustomization, 'cluster' | 'namespace' | 'name'>): string {
  return `${k.cluster}/${k.namespace}/${k.name}`;
}

export type Severity = 'error' | 'warning';

export interface Finding {
  rule: string;
  severity: Severity;
  /** Repo-relative with `/`. */
  file: string;
  /** 1-based. */
  line: number;
  message: string;
  kustomization?: string;
}
