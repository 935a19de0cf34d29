/** resolveInsideRoot: nothing is written outside the repo root, nor through any symlink. */
import { mkdir, realpath, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveInsideRoot } from '../../src/write/safe-path.ts';
import { rejection } from '../helpers/rejection.ts';
import { tempDir } from '../helpers/repo.ts';

async function layout(): Promise<{ root: string; outside: string }> {
  const root = await realpath(await tempDir('fluxgen-safe-'));
  const outside = await realpath(await tempDir('fluxgen-outside-'));
  await mkdir(path.join(root, 'namespaces/cilium'), { recursive: true });
  await writeFile(path.join(root, 'namespaces/cilium/kustomization.yaml'), 'resources: []\n');
  await writeFile(path.join(root, 'README.md'), '# repo\n');
  await writeFile(path.join(outside, 'secret.yaml'), 'outside: true\n');
  await symlink(outside, path.join(root, 'namespaces/out'));
  await symlink(path.join(outside, 'missing'), path.join(root, 'namespaces/dangling'));
  await symlink('cilium', path.join(root, 'namespaces/inside'));
  await symlink(path.join(outside, 'secret.yaml'), path.join(root, 'namespaces/cilium/link.yaml'));
  return { root, outside };
}

describe('resolveInsideRoot', () => {
  it('accepts real paths, existing or not, and returns them under the real root', async () => {
    const { root } = await layout();
    expect(await resolveInsideRoot(root, 'namespaces/cilium/kustomization.yaml')).toBe(path.join(root, 'namespaces/cilium/kustomization.yaml'));
    expect(await resolveInsideRoot(root, 'namespaces/redis/deep/new.yaml')).toBe(path.join(root, 'namespaces/redis/deep/new.yaml'));
  });

  it.each([
    ['../evil.yaml', 'the path leaves the repo root'],
    ['namespaces/../../evil.yaml', 'the path leaves the repo root'],
    ['/etc/passwd', 'the path leaves the repo root'],
    ['', 'the path leaves the repo root'],
    ['namespaces/x\0.yaml', 'the path leaves the repo root'],
    ['namespaces/out/namespace.yaml', 'namespaces/out is a symlink to'],
    ['namespaces/out/new/deep.yaml', 'outside the repo root'],
    ['namespaces/dangling/namespace.yaml', 'which does not exist'],
    ['namespaces/inside/namespace.yaml', 'namespaces/inside is a symlink to "cilium"'],
    ['namespaces/cilium/link.yaml', 'namespaces/cilium/link.yaml is a symlink to'],
    ['README.md/child.yaml', 'README.md is a file, not a folder'],
  ])('refuses %j with BAD_PATH (%s)', async (relPath, why) => {
    const { root } = await layout();
    const error = await rejection(resolveInsideRoot(root, relPath));
    expect(error).toMatchObject({ code: 'BAD_PATH' });
    expect(error.message).toContain(why);
    expect(error.message).toContain(JSON.stringify(relPath));
  });
});
