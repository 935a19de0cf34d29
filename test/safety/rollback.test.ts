/** A failure after writing — the real `kustomize build` of the written tree — restores every file. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectRefused } from '../helpers/refusal.ts';
import { copyRepo, EXAMPLE } from '../helpers/repo.ts';
import { runInProcess } from '../helpers/run-in-process.ts';
import { snapshot } from '../helpers/snapshot.ts';

describe('rollback after writing', () => {
  afterEach(() => vi.restoreAllMocks());

  it('restores the repo byte for byte when kustomize build of the cluster folder fails after the write (exit 1)', async () => {
    const root = await copyRepo(EXAMPLE);
    // the cluster folder builds before the change; its patch fails only once redis-monitoring exists (wait: false)
    await writeFile(
      path.join(root, 'clusters/local-kube/kustomization.yaml'),
      'resources:\n  - infrastructure.yaml\n  - secrets\npatches:\n  - target: { kind: Kustomization, name: redis-monitoring }\n    patch: |\n      - { op: test, path: /spec/wait, value: true }\n',
    );
    const before = await snapshot(root);
    const result = await runInProcess(['--infra-root', root, 'component', 'redis', '--chart', 'redis', '--repo-url', 'https://charts.bitnami.com/bitnami', '--monitoring']);
    expectRefused(result, { title: 'post-write build failure', code: 'KUSTOMIZE_FAILED', exitCode: 1, named: ['kustomize build clusters/local-kube failed', 'every file was restored, nothing was changed'] });
    expect(await snapshot(root)).toEqual(before);
  });
});
