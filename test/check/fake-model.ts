/**
 * RepoModel values for rule tests, without kustomize: the files are written to a temp repo, every
 * Flux Kustomization under clusters/<c>/ is read, and a Kustomization's "build" is every document of
 * every YAML file under its path (kustomization.yaml excepted), attributed to its file.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import type { BuiltObject } from '../../src/build/kustomize.ts';
import { kustomizationKey, type BuildOutcome, type DiscoveredKustomization, type ModelView } from '../../src/discover/model.ts';
import { DEFAULT_CONFIG, type FluxgenConfig } from '../../src/config.ts';
import { detectLayout } from '../../src/discover/layout.ts';
import { tempDir } from '../helpers/repo.ts';

export type Files = Record<string, string>;

/** Writes `files` (repo-relative path → content) into a fresh temp dir; returns its path. */
export async function writeRepo(files: Files): Promise<string> {
  const root = await tempDir('fluxgen-check-');
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
  return root;
}

async function yamlFiles(root: string, dir: string): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...(await yamlFiles(root, rel)));
    else if (/\.ya?ml$/.test(entry.name)) found.push(rel);
  }
  return found;
}

async function documents(root: string, file: string): Promise<{ object: BuiltObject; line: number }[]> {
  const lines = new LineCounter();
  const docs = parseAllDocuments(await readFile(path.join(root, file), 'utf8'), { lineCounter: lines });
  return (Array.isArray(docs) ? docs : []).flatMap((doc) => {
    const object = doc.toJS() as BuiltObject | null;
    if (!object || typeof object.kind !== 'string') return [];
    return [{ object, line: lines.linePos(doc.contents?.range?.[0] ?? 0).line }];
  });
}

const isDir = (p: string) => stat(p).then((s) => s.isDirectory(), () => false);

/** The model of a repo written from `files`; `config` overrides the defaults as .fluxgen.yaml would. */
export async function fakeModel(files: Files, config: Partial<FluxgenConfig> = {}): Promise<ModelView> {
  const root = await writeRepo(files);
  const fullConfig: FluxgenConfig = { ...DEFAULT_CONFIG, ...config };
  const clusters = (await readdir(path.join(root, 'clusters')).catch(() => [])).sort();
  const kustomizations: DiscoveredKustomization[] = [];
  for (const cluster of clusters) {
    for (const file of await yamlFiles(root, `clusters/${cluster}`)) {
      for (const { object, line } of await documents(root, file)) {
        if (object.kind !== 'Kustomization' || !object.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')) continue;
        const spec = (object.spec ?? {}) as Record<string, any>;
        kustomizations.push({
          cluster,
          name: object.metadata!.name!,
          namespace: object.metadata?.namespace ?? 'flux-system',
          file,
          line,
          path: typeof spec.path === 'string' ? path.posix.normalize(spec.path).replace(/^\.\/?|\/$/g, '') : undefined,
          dependsOn: (spec.dependsOn ?? []).map((d: { name: string; namespace?: string }) => ({ ...d })),
          object,
        });
      }
    }
  }
  const builds = new Map<string, BuildOutcome>();
  for (const k of kustomizations) {
    if (k.path === undefined || !(await isDir(path.join(root, k.path)))) continue;
    const files = (await yamlFiles(root, k.path)).filter((f) => !f.endsWith('/kustomization.yaml'));
    const objects = (await Promise.all(files.map(async (file) => (await documents(root, file)).map(({ object }) => ({ object, file }))))).flat();
    builds.set(kustomizationKey(k), { objects });
  }
  const layout = await detectLayout(root, fullConfig);
  return { root, config: fullConfig, layout, clusters, kustomizations, builds, entries: new Map(), folders: new Map(), notices: [] };
}
