/** What a rule is: a stable id, a default severity, help text, and a function from the repo model to hits. */
import type { BuiltObject } from '../build/kustomize.ts';
import type { SourceLocator } from './locate.ts';
import { patchOrigin } from './patch-origin.ts';
import type { BuildOutcome, DiscoveredKustomization, ModelView, SourcedObject } from '../discover/model.ts';
import type { Severity } from './finding.ts';
import type { SchemaCatalog } from './schema-catalog.ts';

/** One problem a rule found, before configuration (severity overrides, ignores) is applied. */
export interface Hit {
  file: string;
  line: number;
  message: string;
  kustomization?: string;
  /** The object whose `fluxgen.io/ignore` annotation can silence this hit. */
  subject?: BuiltObject | Record<string, unknown>;
  /** A severity for this hit only (e.g. an unreachable remote base is a warning, not a broken build). */
  severity?: Severity;
  /** Set when a Flux patch put the value there: file and line are the patch's, and hits of one patch line become one finding. */
  viaPatch?: boolean;
}

/** Everything a rule may look at. */
export interface RuleContext {
  model: ModelView;
  locate: SourceLocator;
  /** Schema validators, loaded beforehand; absent when schema validation is not wanted. */
  schemas?: SchemaCatalog;
  /** The builds of the clusters' entry folders that no Kustomization's path covers. */
  entryBuilds?: EntryBuild[];
}

/** What a cluster's entry folder (clusters/<cluster>) builds: a failure there hides its Kustomizations. */
export interface EntryBuild {
  cluster: string;
  dir: string;
  outcome: BuildOutcome;
}

/** A rule of SPEC §8: `check` runs every rule over the repo model and turns its hits into findings. */
export interface Rule {
  /** Stable id (a contract: .fluxgen.yaml, annotations and SARIF name it). */
  id: string;
  /** Default severity; .fluxgen.yaml `rules:` can change it. */
  severity: Severity;
  /** One line: what the rule finds (SARIF shortDescription). */
  summary: string;
  /** What to do instead (SARIF help). */
  help: string;
  check(context: RuleContext): Hit[];
}

/** A built object with the Kustomization that builds it. */
export interface BuiltEntry {
  kustomization: DiscoveredKustomization;
  source: SourcedObject;
}

/** Every object of every successful build, with its Kustomization, in model order. */
export function builtEntries(model: ModelView): BuiltEntry[] {
  const entries: BuiltEntry[] = [];
  for (const kustomization of model.kustomizations) {
    const build = model.builds.get(`${kustomization.cluster}/${kustomization.namespace}/${kustomization.name}`);
    for (const source of build?.objects ?? []) entries.push({ kustomization, source });
  }
  return entries;
}

/** Files Flux itself generates (`flux-system/gotk-components.yaml`, `gotk-sync.yaml`, any `gotk-*.yaml` under a flux-system folder). */
export function isFluxGenerated(file: string): boolean {
  return /(^|\/)flux-system\/(.*\/)?gotk-[^/]*\.ya?ml$/.test(file);
}

/** The hit at a node of a built object: its source file and the line of `path` there (or its Kustomization when unknown). */
export function hitAt(context: RuleContext, entry: BuiltEntry, path: readonly (string | number)[], message: string): Hit {
  const { kustomization, source } = entry;
  const base = { message, kustomization: kustomization.name, subject: source.object };
  const patched = patchOrigin(context.model, context.locate, kustomization, source.object, path);
  if (patched) return { ...base, ...patched, viaPatch: true };
  if (source.file === undefined) return { ...base, file: kustomization.file, line: kustomization.line };
  const line = context.locate.lineOf(source.file, source.object, path);
  return { ...base, file: source.file, line };
}

/** The hit at a node of a Flux Kustomization's own document. */
export function hitAtKustomization(context: RuleContext, kustomization: DiscoveredKustomization, path: readonly (string | number)[], message: string): Hit {
  const line = context.locate.lineOf(kustomization.file, kustomization.object as BuiltObject, path, kustomization.line);
  return { file: kustomization.file, line, message, kustomization: kustomization.name, subject: kustomization.object };
}

/** `Kind/name` of an object, for messages. */
export function describe(object: { kind?: unknown; metadata?: { name?: unknown } }): string {
  return `${String(object.kind)}/${String(object.metadata?.name ?? '?')}`;
}
