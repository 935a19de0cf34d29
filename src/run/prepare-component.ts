/** plan → render → build (staged) → edit: everything `component` does before it writes. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { computeDependsOn, providerTable, requiredProviders } from '../build/depends-on.ts';
import { type BuiltObject, buildKustomization, parseBuildOutput } from '../build/kustomize.ts';
import { computeLayers } from '../check/layers.ts';
import { upsertKustomizations, type KustomizationRequest } from '../edit/upsert-kustomization.ts';
import { FluxgenError } from '../errors.ts';
import { planComponent, type ComponentInput, type ComponentSpec } from '../plan/plan-component.ts';
import { contentHash, parseRecord, recordPath, serializeRecord } from '../plan/record.ts';
import { readRepo, type RepoFacts } from '../plan/repo.ts';
import { fluxKustomizationDocument, placementComment } from '../render/flux-kustomization.ts';
import { renderComponent, type RenderedComponent, type RenderedFile } from '../render/render-component.ts';
import type { RunReport } from '../report/run-report.ts';
import { planChanges, readIfExists, type FileChange } from '../write/change-set.ts';
import { checkOwnership } from './ownership.ts';
import { validateComponent } from './validate-component.ts';

export interface ComponentOptions {
  root: string;
  /** Run kustomize (default true); without it dependsOn comes from the rendered files. */
  validate?: boolean;
  force?: boolean;
}

export interface PreparedComponent {
  spec: ComponentSpec;
  rendered: RenderedComponent;
  changes: FileChange[];
  /** Directories to build after writing. */
  buildDirs: string[];
  report: RunReport;
  recreateCommand: string;
}

/** Objects of the rendered files under dir, through the real kustomize in a scratch copy or parsed directly. */
async function stagedObjects(files: readonly RenderedFile[], dirs: string[], validate: boolean): Promise<Map<string, BuiltObject[]>> {
  const result = new Map<string, BuiltObject[]>();
  if (!validate) {
    for (const dir of dirs) {
      const docs = files.filter((f) => f.path.startsWith(`${dir}/`) && !f.path.endsWith('/kustomization.yaml'));
      result.set(dir, docs.flatMap((f) => parseBuildOutput(f.content)));
    }
    return result;
  }
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'fluxgen-stage-'));
  try {
    for (const file of files) {
      await mkdir(path.dirname(path.join(scratch, file.path)), { recursive: true });
      await writeFile(path.join(scratch, file.path), file.content);
    }
    const built = await Promise.all(dirs.map((dir) => buildKustomization(scratch, dir)));
    dirs.forEach((dir, i) => result.set(dir, parseBuildOutput(built[i]!)));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return result;
}

/** Explains each computed provider: `cilium` → `CiliumNetworkPolicy`. */
function providerReasons(objects: readonly BuiltObject[], repo: RepoFacts): Map<string, string> {
  const table = providerTable(repo.config.providers);
  return new Map([...requiredProviders(objects, table)].map(([p, kinds]) => [p, kinds.join(', ')]));
}

/** Plans the whole change of `fluxgen component` in memory; writes nothing. */
export async function prepareComponent(input: ComponentInput, options: ComponentOptions): Promise<PreparedComponent> {
  const repo = await readRepo(options.root);
  if (repo.layout !== 'flat') {
    throw new FluxgenError('BAD_REPO', `${options.root} uses the base/overlays layout; \`component\` adds to the flat layout`, {
      hint: 'run `fluxgen service <name> --image IMG --port N`, or set `layout: flat` in .fluxgen.yaml',
    });
  }
  const spec = await planComponent(input, repo);
  const rendered = renderComponent(spec, repo);
  const previousRecord = parseRecord((await readIfExists(repo.root, recordPath(spec.name))) ?? '');
  await checkOwnership(repo.root, rendered, previousRecord, options.force ?? false);

  const validate = options.validate ?? true;
  const dirs = [rendered.dirs.main, ...(rendered.dirs.monitoring ? [rendered.dirs.monitoring] : [])];
  const objects = await stagedObjects(rendered.files, dirs, validate);
  const table = providerTable(repo.config.providers);
  const monitoringName = `${spec.name}-monitoring`;
  const drafts = [
    { name: spec.name, path: rendered.dirs.main, monitoring: false, dependsOn: computeDependsOn(spec.name, objects.get(rendered.dirs.main)!, spec.dependsOn, table), objects: objects.get(rendered.dirs.main)! },
    ...(rendered.dirs.monitoring
      ? [{ name: monitoringName, path: rendered.dirs.monitoring, monitoring: true, dependsOn: computeDependsOn(monitoringName, objects.get(rendered.dirs.monitoring)!, ['monitoring', spec.name], table), objects: objects.get(rendered.dirs.monitoring)! }]
      : []),
  ];

  const desired = new Map(rendered.files.map((f) => [f.path, f.content]));
  const { schema, antiPatterns } = await validateComponent(repo.root, repo.config, spec.clusters, drafts);
  const report: RunReport = {
    filesCreated: [],
    filesModified: [],
    kustomizations: [],
    assumptions: [...rendered.assumptions],
    clusterRecreate: { required: false, reasons: [] },
    validation: { yaml: 'pass', kustomize: validate ? 'pass' : 'skipped', schema, antiPatterns },
  };

  for (const clusterName of spec.clusters) {
    const cluster = repo.clusters.find((c) => c.name === clusterName)!;
    const known = new Set([...cluster.kustomizations.map((k) => k.name), ...drafts.map((d) => d.name)]);
    const byFile = new Map<string, KustomizationRequest[]>();
    for (const draft of drafts) {
      const reasons = providerReasons(draft.objects, repo);
      for (const dep of draft.dependsOn) {
        if (!known.has(dep)) {
          const why = reasons.has(dep) ? `its build has ${reasons.get(dep)}, whose CRDs ${dep} provides` : `it is required`;
          throw new FluxgenError('MISSING_PROVIDER', `Kustomization ${draft.name} needs ${dep} in cluster ${clusterName}: ${why}, but the cluster has no Kustomization ${dep}`, {
            hint: `add ${dep} to cluster ${clusterName} first (e.g. \`fluxgen component ${dep} ...\`), or drop the resources that need it`,
          });
        }
      }
      const existing = cluster.kustomizations.find((k) => k.name === draft.name);
      const file = existing?.file ?? cluster.infraFile;
      const comment = placementComment(draft.name, draft.dependsOn, reasons);
      const request: KustomizationRequest = {
        name: draft.name,
        document: fluxKustomizationDocument(draft, repo.config),
        comments: [`REVIEW: ${comment}`],
        dependsOn: draft.dependsOn,
      };
      byFile.set(file, [...(byFile.get(file) ?? []), request]);
      if (!existing) report.assumptions.push({ file: cluster.infraFile, text: comment });
      else {
        const added = draft.dependsOn.filter((d) => !existing.dependsOn.includes(d));
        if (added.length > 0) {
          report.clusterRecreate.required = true;
          report.clusterRecreate.reasons.push(`dependsOn of existing Kustomization ${draft.name} in cluster ${clusterName} gains ${added.join(', ')}`);
        }
      }
    }
    for (const [file, requests] of byFile) {
      const source = desired.get(file) ?? (file === cluster.infraFile ? cluster.infraSource ?? '' : (await readIfExists(repo.root, file)) ?? '');
      desired.set(file, upsertKustomizations(source, requests, file).source);
    }
    const graph = cluster.kustomizations.map((k) => ({ name: k.name, dependsOn: k.dependsOn }));
    for (const draft of drafts) {
      const node = graph.find((n) => n.name === draft.name);
      if (node) node.dependsOn = [...new Set([...node.dependsOn, ...draft.dependsOn])];
      else graph.push({ name: draft.name, dependsOn: draft.dependsOn });
    }
    const { layers } = computeLayers(graph);
    for (const draft of drafts) {
      const dependsOn = graph.find((n) => n.name === draft.name)!.dependsOn.slice().sort();
      report.kustomizations.push({ cluster: clusterName, name: draft.name, dependsOn, layer: layers.get(draft.name) ?? null });
    }
  }
  if (!report.clusterRecreate.required) {
    report.clusterRecreate.reasons.push('only new Kustomizations or unchanged ones: Flux applies them on the running cluster');
  }

  const files = Object.fromEntries(rendered.files.map((f) => [f.path, contentHash(f.content)]));
  desired.set(recordPath(spec.name), serializeRecord({ kind: 'component', spec, files }));
  for (const [file, content] of desired) assertParses(file, content);
  const changes = await planChanges(repo.root, desired);
  report.filesCreated = changes.filter((c) => c.previous === null).map((c) => c.path);
  report.filesModified = changes.filter((c) => c.previous !== null).map((c) => c.path);
  const buildDirs = validate ? [...dirs, ...spec.clusters.map((c) => `clusters/${c}`)] : [];
  return { spec, rendered, changes, buildDirs, report, recreateCommand: repo.config.recreateCommand };
}

/** Every file fluxgen writes must parse as YAML. */
export function assertParses(file: string, content: string): void {
  for (const doc of parseAllDocuments(content)) {
    const error = doc.errors[0];
    if (error) {
      const at = error.linePos ? `:${error.linePos[0].line}:${error.linePos[0].col}` : '';
      throw new FluxgenError('YAML_INVALID', `${file}${at}: generated YAML does not parse: ${error.message.split('\n')[0]}`, {
        hint: 'this is a fluxgen bug: please report it with the command you ran',
      });
    }
  }
}
