/** The repository layout (SPEC §1): pinned in `.fluxgen.yaml`, else detected from the tree. */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FluxgenConfig } from '../config.ts';

export type Layout = 'flat' | 'base-overlays';

async function isDir(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isDirectory(), () => false);
}

/** The layout `.fluxgen.yaml` pins, else base-overlays when base/ or overlays/ exist without the components folder, else flat. */
export async function detectLayout(root: string, config: FluxgenConfig): Promise<Layout> {
  if (config.layout) return config.layout;
  const hasOverlays = (await isDir(path.join(root, 'base'))) || (await isDir(path.join(root, 'overlays')));
  return hasOverlays && !(await isDir(path.join(root, config.componentsDir))) ? 'base-overlays' : 'flat';
}
