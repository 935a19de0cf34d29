/** The repository layout (SPEC §1): pinned in `.fluxgen.yaml`, else detected from the tree. */
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FluxgenConfig } from '../config.ts';

export const LAYOUTS = ['flat', 'base-overlays', 'mixed', 'per-app'] as const;
export type Layout = (typeof LAYOUTS)[number];

const SKIP = new Set(['.git', 'node_modules', '.fluxgen']);

async function isDir(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isDirectory(), () => false);
}

async function subdirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory() && !SKIP.has(e.name) && !e.name.startsWith('.')).map((e) => e.name).sort();
}

/** A folder `<app>/` with a `ks.yaml` and an `app/` folder, at most `depth` folders below `dir`. */
async function hasPerApp(dir: string, depth: number): Promise<boolean> {
  for (const name of await subdirs(dir)) {
    const child = path.join(dir, name);
    if ((await isDir(path.join(child, 'app'))) && (await stat(path.join(child, 'ks.yaml')).then((s) => s.isFile(), () => false))) return true;
    if (depth > 1 && (await hasPerApp(child, depth - 1))) return true;
  }
  return false;
}

/** A `base/` or `overlays/` folder at the root or one folder below it (e.g. `apps/base`). */
async function hasBaseOverlays(root: string): Promise<boolean> {
  for (const dir of ['', ...(await subdirs(root))]) {
    if ((await isDir(path.join(root, dir, 'base'))) || (await isDir(path.join(root, dir, 'overlays')))) return true;
  }
  return false;
}

/** The layout the tree shows: per-app (`<ns>/<app>/ks.yaml` + `<app>/app/`), mixed (the components folder and base/overlays), base-overlays, else flat. */
export async function detectTreeLayout(root: string, componentsDir: string): Promise<Layout> {
  if (await hasPerApp(root, 4)) return 'per-app';
  const overlays = await hasBaseOverlays(root);
  if (!overlays) return 'flat';
  return (await isDir(path.join(root, componentsDir))) ? 'mixed' : 'base-overlays';
}

/** The layout `.fluxgen.yaml` pins, else the one detected from the tree. */
export async function detectLayout(root: string, config: FluxgenConfig): Promise<Layout> {
  return config.layout ?? detectTreeLayout(root, config.componentsDir);
}

/** Whether `.fluxgen.yaml` pins the layout (rather than it being detected). */
export function layoutPinned(model: { config: Pick<FluxgenConfig, 'layout'> }): boolean {
  return model.config.layout !== undefined;
}

/**
 * The seeds' flat layout, where their house conventions hold: `layout: flat` pinned, or detected flat with
 * the components folder (`namespaces/`) present. A flat-looking tree without it (e.g. `infrastructure/<x>/`
 * next to `clusters/<c>/*.yaml`) is some other repo's habit, not the seeds'.
 */
export function isSeedFlat(model: { root: string; layout: Layout; config: Pick<FluxgenConfig, 'layout' | 'componentsDir'> }): boolean {
  if (model.layout !== 'flat') return false;
  return layoutPinned(model) || existsSync(path.join(model.root, model.config.componentsDir));
}
