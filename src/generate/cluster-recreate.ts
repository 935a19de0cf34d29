/**
 * Cluster recreate (SPEC §5), decided once for every writing command from what its change does: YES when
 * an existing Flux Kustomization's dependsOn or path changes, or resources move from one Kustomization to
 * another (a generator declares its moves); NO when it only adds Kustomizations, or changes none.
 */
import { normalizeFluxPath } from '../discover/flux-object.ts';
import { readKustomizations, type FluxKustomization } from '../edit/read-kustomizations.ts';
import type { RunReport } from '../report/run-report.ts';
import type { FileChange } from '../write/change-set.ts';
import type { RenderedChange, ResourceMove } from './generator.ts';
import type { TargetFile } from './place-in-cluster.ts';

/** A file of the change: its text before (null: created) and after, and the cluster it belongs to when known. */
export interface ChangedFile {
  path: string;
  before: string | null;
  after: string;
  cluster?: string;
}

export interface RecreateDecision {
  required: boolean;
  reasons: string[];
}

/** The Flux Kustomizations of a text, or none when it is not a YAML stream of them (a values file, a record). */
function kustomizationsIn(text: string | null, file: string): FluxKustomization[] {
  if (text === null || !/\.ya?ml$/.test(file)) return [];
  try {
    return readKustomizations(text, file);
  } catch {
    return [];
  }
}

function where(name: string, file: ChangedFile): string {
  return `existing Kustomization ${name} in ${file.cluster === undefined ? file.path : `cluster ${file.cluster}`}`;
}

/** Why one existing Kustomization's change needs a recreate: dependsOn gained or lost, path changed. */
function changeReasons(before: FluxKustomization, after: FluxKustomization, file: ChangedFile): string[] {
  const reasons: string[] = [];
  const gained = after.dependsOn.filter((d) => !before.dependsOn.includes(d));
  const lost = before.dependsOn.filter((d) => !after.dependsOn.includes(d));
  if (gained.length > 0) reasons.push(`dependsOn of ${where(after.name, file)} gains ${gained.join(', ')}`);
  if (lost.length > 0) reasons.push(`dependsOn of ${where(after.name, file)} loses ${lost.join(', ')}`);
  // `./x`, `x` and `x/` are one path to Flux
  if (normalizeFluxPath(before.path ?? '') !== normalizeFluxPath(after.path ?? '')) reasons.push(`path of ${where(after.name, file)} changes from ${before.path ?? '(none)'} to ${after.path ?? '(none)'}`);
  return reasons;
}

/** Decides from the changed files and the declared moves; the reasons say why either way. */
export function decideRecreate(files: readonly ChangedFile[], moves: readonly ResourceMove[] = []): RecreateDecision {
  const reasons: string[] = [];
  const added: string[] = [];
  for (const file of files) {
    const before = kustomizationsIn(file.before, file.path);
    for (const after of kustomizationsIn(file.after, file.path)) {
      const previous = before.find((k) => k.name === after.name);
      if (previous) reasons.push(...changeReasons(previous, after, file));
      else added.push(file.cluster === undefined ? after.name : `${after.name} (cluster ${file.cluster})`);
    }
  }
  for (const move of moves) reasons.push(`${move.resource} moves from Kustomization ${move.from} to ${move.to}`);
  if (reasons.length > 0) return { required: true, reasons };
  if (added.length > 0) return { required: false, reasons: [`additions only: new Kustomization ${added.join(', ')}; Flux applies them on the running cluster`] };
  return { required: false, reasons: ['no existing Kustomization changes its dependsOn or path, and no resources move'] };
}

/** SPEC §5 for this change alone (over the run's earlier pending edits): the decision, with the configured command when YES. */
export function recreateOf(changes: readonly FileChange[], pending: ReadonlyMap<string, string | null>, targets: readonly TargetFile[], rendered: RenderedChange, command: string): RunReport['clusterRecreate'] {
  // a deleted file is a move (declared in rendered.moves), not a Kustomization edit
  const files = changes.flatMap((c) => {
    if (c.content === null) return [];
    const owner = targets.find((t) => t.file === c.path) ?? targets.find((t) => t.kustomizations.some((k) => k.file === c.path));
    return [{ path: c.path, before: pending.get(c.path) ?? c.previous, after: c.content, cluster: owner?.name }];
  });
  const decision = decideRecreate(files, rendered.moves);
  return decision.required ? { ...decision, command } : decision;
}
