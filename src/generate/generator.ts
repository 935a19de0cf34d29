/**
 * A generator is what one writing command adds to the repo (`component`, `service`; `monitoring`,
 * `netpol` next). It supplies plan, render and drafts; the pipeline (prepare-change.ts) does the rest
 * the same way for all of them: place in cluster files → validate → write (transaction.ts).
 */
import type { BuiltObject } from '../build/kustomize.ts';
import type { RepoModel } from '../discover/model.ts';
import type { RecordKind } from '../plan/records.ts';
import type { Placement } from './place-in-cluster.ts';
import type { FluxKustomizationDraft } from '../render/flux-kustomization.ts';
import type { Assumption, RenderedFile } from '../render/render-component.ts';

/** A validated plan: at least the name it records under and the clusters it goes to. */
export interface PlannedSpec {
  name: string;
  clusters: string[];
}

/** Resources that leave one Flux Kustomization's build for another's (a cluster recreate, SPEC §5). */
export interface ResourceMove {
  /** What moves, as a person reads it: `PrometheusRule redis (namespaces/redis/rules.yaml)`. */
  resource: string;
  /** The Kustomization that built it. */
  from: string;
  /** The Kustomization that builds it now. */
  to: string;
}

/** What a generator renders: its files, the REVIEW notes, and the folders it owns (the first is its main one). */
export interface RenderedChange {
  files: RenderedFile[];
  assumptions: Assumption[];
  /** Repo-relative folders the change creates or regenerates; each is built, and owned by fluxgen unless `inPlace`. */
  dirs: string[];
  /** Files of the user's that the change edits in place (spliced, every other byte kept): written, never recorded as fluxgen's. */
  edits?: RenderedFile[];
  /** Folders of the user's that those edits change (an env's apps folder now listing a service): built like `dirs`, never owned. */
  builds?: string[];
  /** The change adds to a folder that exists and stays the user's (`netpol`, `monitoring`): only `files` are fluxgen's. */
  inPlace?: boolean;
  /** Files the change deletes (moved elsewhere, byte for byte, as one of `files`). */
  removes?: string[];
  /** Resources the change moves between Kustomizations (e.g. a monitoring split); any makes the run require a cluster recreate. */
  moves?: ResourceMove[];
}

/** A Flux Kustomization the change adds or updates, with what its path builds (staged). */
export interface Draft extends FluxKustomizationDraft {
  objects: BuiltObject[];
}

export interface Generator<Input, Spec extends PlannedSpec> {
  /** The record kind under `.fluxgen/` (`component`). */
  readonly kind: RecordKind;
  /** Validates what needs no repo, before the repo is read or built (bad input: exit 2, nothing done). */
  check(input: Input): Promise<unknown>;
  /** Validates the inputs against the rules and the repo (bad input: exit 2). */
  plan(input: Input, model: RepoModel): Promise<Spec>;
  /** Renders every file; pure apart from reading templates. */
  render(spec: Spec, model: RepoModel): RenderedChange;
  /**
   * The change's Flux Kustomizations in `cluster`, from what each rendered folder builds (dir → objects).
   * Called once per target cluster: dependsOn comes from that cluster's providers (`providerIndex(model, cluster)`).
   */
  drafts(spec: Spec, rendered: RenderedChange, objects: ReadonlyMap<string, BuiltObject[]>, model: RepoModel, cluster: string): Draft[];
  /** Refuses a layout the generator cannot write into (exit 2, nothing done). */
  assertLayout(model: RepoModel): void;
  /** Where each cluster's new Kustomizations go; absent: the cluster's infrastructure file, in the repo's components folder. */
  placement?(spec: Spec): Placement;
}
