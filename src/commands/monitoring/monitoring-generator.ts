/**
 * `monitoring` as a generator over the shared pipeline: splits out (or adds) the `-monitoring` part of an
 * existing component, generated or hand-written. Its PrometheusRule/ServiceMonitor/PodMonitor files move
 * byte for byte to `<name>-monitoring/` beside it, both kustomization.yaml lists are edited in place, the
 * chart's own ServiceMonitor is turned off in the HelmRelease values (in place), and the new Kustomization
 * depends on the cluster's monitoring.coreos.com provider and on the component. Without monitoring
 * resources it gets a generated PrometheusRule and ServiceMonitor, as `component --monitoring` does.
 */
import path from 'node:path';
import { parse } from 'yaml';
import type { RepoModel } from '../../discover/model.ts';
import { directProviders, providerIndex } from '../../discover/providers.ts';
import { addResources, removeResources } from '../../edit/kustomization-resources.ts';
import { turnServiceMonitorsOff } from '../../edit/service-monitor-off.ts';
import type { Generator, PlannedSpec } from '../../generate/generator.ts';
import { findComponent, readSeen, type ExistingComponent } from '../../plan/existing-component.ts';
import { readRecord } from '../../plan/records.ts';
import { resolveClusters } from '../../plan/plan-component.ts';
import { validateName } from '../../plan/validate.ts';
import type { Assumption, RenderedFile } from '../../render/render-component.ts';
import { monitoringSplitReview, renderMonitoringKustomization, renderMonitoringPart } from '../../render/render-monitoring.ts';

export interface MonitoringInput {
  name: string;
  clusters?: string[];
}

/** A file that moves: from the component's folder to the -monitoring one, bytes unchanged. */
interface Move {
  from: string;
  to: string;
  /** Its entry in the component's kustomization.yaml. */
  entry: string;
  content: string;
}

/** The validated input with what the repo holds now (not recorded: found again on every run). */
export interface MonitoringSpec extends PlannedSpec {
  component: ExistingComponent;
  /** `<components folder>/<name>-monitoring`, beside the component's folder. */
  dir: string;
  moves: Move[];
  /**
   * The -monitoring folder as it is: its kustomization.yaml (`owned` when fluxgen wrote it) and the files it
   * lists that fluxgen generated or moved there (its record's; a second run keeps them). A person's files stay theirs.
   */
  existing?: { kustomization: RenderedFile; owned: boolean; files: RenderedFile[] };
  /** HelmRelease files whose `serviceMonitor.enabled: true` becomes false. */
  releases: RenderedFile[];
  reviews: Assumption[];
}

const MONITORING_KINDS = new Set(['PrometheusRule', 'ServiceMonitor', 'PodMonitor']);
const SUFFIX = '-monitoring';

/** The string entries of a kustomization file's `resources:`. */
function resourcesOf(source: string | undefined): string[] {
  const resources = (source === undefined ? undefined : (parse(source) as { resources?: unknown } | null)?.resources) ?? [];
  return Array.isArray(resources) ? resources.filter((r): r is string => typeof r === 'string') : [];
}

const normal = (entry: string) => path.posix.normalize(entry).replace(/^\.\//, '');

/** The component's files that hold only monitoring resources and that its kustomization.yaml lists; the others with a REVIEW. */
function monitoringFiles(component: ExistingComponent): { files: { file: string; entry: string }[]; reviews: Assumption[] } {
  const byFile = new Map<string, boolean>();
  for (const { object, file } of component.sourced) {
    if (file === undefined || !file.startsWith(`${component.dir}/`)) continue;
    byFile.set(file, (byFile.get(file) ?? true) && MONITORING_KINDS.has(object.kind));
  }
  const listed = resourcesOf(component.kustomizationFile?.source);
  const files: { file: string; entry: string }[] = [];
  const reviews: Assumption[] = [];
  for (const [file, onlyMonitoring] of [...byFile].sort()) {
    if (!component.sourced.some((o) => o.file === file && MONITORING_KINDS.has(o.object.kind))) continue;
    const entry = listed.find((e) => normal(path.posix.join(component.dir, e)) === file);
    if (onlyMonitoring && entry !== undefined) files.push({ file, entry });
    else reviews.push({ file, text: `${file} holds monitoring resources ${onlyMonitoring ? 'but is not listed directly in the kustomization.yaml' : 'together with other kinds'}: left in place; move them to ${component.name}${SUFFIX} by hand` });
  }
  return { files, reviews };
}

/** What the -monitoring folder already holds: its kustomization.yaml, and the files it lists that `recorded` (path → hash) names. */
async function existingPart(model: RepoModel, dir: string, recorded: Readonly<Record<string, string>>): Promise<MonitoringSpec['existing']> {
  const source = await readSeen(model, `${dir}/kustomization.yaml`);
  if (source === null) return undefined;
  const files: RenderedFile[] = [];
  for (const entry of resourcesOf(source)) {
    const file = normal(`${dir}/${entry}`);
    const content = file.startsWith(`${dir}/`) && file in recorded ? await readSeen(model, file) : null;
    if (content !== null) files.push({ path: file, content });
  }
  const kustomization = { path: `${dir}/kustomization.yaml`, content: source };
  return { kustomization, owned: kustomization.path in recorded, files };
}

export const monitoringGenerator: Generator<MonitoringInput, MonitoringSpec> = {
  kind: 'monitoring',
  // it edits a component that exists, in place, whatever layout the repo has
  assertLayout: () => undefined,
  check: async (input) => validateName(input.name, 'component name', 63 - SUFFIX.length),
  async plan(input, model) {
    const name = validateName(input.name, 'component name', 63 - SUFFIX.length);
    const clusters = resolveClusters(input.clusters, model);
    const component = await findComponent(model, name, clusters, 'monitoring');
    const parent = path.posix.dirname(component.dir);
    const dir = parent === '.' ? `${name}${SUFFIX}` : `${parent}/${name}${SUFFIX}`;
    const found = monitoringFiles(component);
    const moves: Move[] = [];
    for (const { file, entry } of found.files) moves.push({ from: file, to: `${dir}/${path.posix.basename(file)}`, entry, content: (await readSeen(model, file)) ?? '' });
    const releases: RenderedFile[] = [];
    const reviews = [...found.reviews];
    for (const file of [...new Set(component.sourced.filter((o) => o.object.kind === 'HelmRelease' && o.file?.startsWith(`${component.dir}/`)).map((o) => o.file!))].sort()) {
      const source = (await readSeen(model, file)) ?? '';
      const content = turnServiceMonitorsOff(source, file);
      if (content === source) continue;
      releases.push({ path: file, content });
      reviews.push({ file, text: `serviceMonitor.enabled set to false: the chart's own ServiceMonitor would be applied by ${name}, not by ${name}${SUFFIX}` });
    }
    const recorded = (await readRecord(model.root, name, 'monitoring'))?.files ?? {};
    return { name, clusters, component, dir, moves, existing: await existingPart(model, dir, recorded), releases, reviews };
  },
  render(spec) {
    const { component, dir, moves, existing } = spec;
    const moved = moves.map((m) => ({ path: m.to, content: m.content }));
    const entries = moves.map((m) => path.posix.basename(m.to));
    let part: { files: RenderedFile[]; assumptions: Assumption[] };
    const edits = [...spec.releases];
    if (existing) {
      const kustomization = { ...existing.kustomization, content: addResources(existing.kustomization.content, entries, existing.kustomization.path) };
      const kept = existing.files.filter((f) => !moved.some((m) => m.path === f.path));
      part = { files: [...(existing.owned ? [kustomization] : []), ...kept, ...moved], assumptions: [] };
      // a kustomization.yaml a person wrote stays theirs: the moved files are spliced into its list
      if (!existing.owned && kustomization.content !== existing.kustomization.content) edits.push(kustomization);
    } else if (moves.length > 0) {
      part = { files: [{ path: `${dir}/kustomization.yaml`, content: renderMonitoringKustomization(spec.name, entries) }, ...moved], assumptions: [{ file: `${dir}/kustomization.yaml`, text: monitoringSplitReview(spec.name) }] };
    } else {
      part = renderMonitoringPart(spec.name, component.namespace, dir);
    }
    const listed = component.kustomizationFile;
    if (listed && moves.length > 0) edits.push({ path: listed.path, content: removeResources(listed.source, moves.map((m) => m.entry), listed.path) });
    const movedObjects = component.sourced.filter((o) => moves.some((m) => m.from === o.file));
    return {
      files: part.files.sort((a, b) => (a.path < b.path ? -1 : 1)),
      edits,
      removes: moves.map((m) => m.from),
      assumptions: [...part.assumptions, ...spec.reviews],
      dirs: [dir, component.dir],
      inPlace: true,
      moves: movedObjects.map((o) => ({ resource: `${o.object.kind} ${String(o.object.metadata?.name)} (${o.file})`, from: spec.name, to: `${spec.name}${SUFFIX}` })),
    };
  },
  /** The -monitoring Kustomization in `cluster`: after that cluster's monitoring.coreos.com provider and the component; it does not wait. */
  drafts(spec, rendered, objects, model, cluster) {
    const built = objects.get(spec.dir)!;
    const providers = directProviders(providerIndex(model, cluster), `${spec.name}${SUFFIX}`, built, model.config);
    const dependsOn = [...new Set([...providers.keys(), spec.name])].sort();
    return [{ name: `${spec.name}${SUFFIX}`, path: spec.dir, monitoring: true, dependsOn, objects: built }];
  },
};
