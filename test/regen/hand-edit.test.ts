/** Generated files changed by hand are never overwritten without --force; deleted ones come back (real bin, real kustomize). */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyRepo, EXAMPLE } from '../helpers/repo.ts';
import { addComponent, regen, repoTree, replaceOnce, warmCopy } from '../helpers/regen.ts';

const RELEASE = 'namespaces/redis/helm-release.yaml';
const MONITOR = 'namespaces/redis-monitoring/servicemonitor.yaml';

/** The example repo with redis generated (webhook and monitoring on): the baseline every test copies. */
let generated: string;
beforeAll(async () => {
  generated = await copyRepo(EXAMPLE);
  await addComponent(generated, ['redis', '--chart', 'redis', '--repo-url', 'https://charts.bitnami.com/bitnami', '--chart-version', '20.0.1', '--webhook', '--monitoring']);
});

describe('hand edits', () => {
  it('right after `component`, regen --check is in sync', async () => {
    const result = await regen(await warmCopy(generated), ['--check']);
    expect(result.stderr).toBe('fluxgen regen --check: in sync (1 record, 12 Kustomizations checked)');
    expect(result.exitCode).toBe(0);
  });

  it('a hand edit: --check exits 1 with the diff, regen refuses it (exit 1, nothing written), regen --force restores the file', async () => {
    const root = await warmCopy(generated);
    const pristine = await readFile(path.join(root, RELEASE), 'utf8');
    await replaceOnce(root, RELEASE, '  upgrade:\n    remediation:\n      retries: 3', '  upgrade:\n    remediation:\n      retries: 9');
    const edited = await repoTree(root);

    const check = await regen(root, ['--check']);
    expect(check.exitCode).toBe(1);
    expect(check.stdout).toContain(`--- a/${RELEASE}\n+++ b/${RELEASE}\n`);
    expect(check.stdout).toContain('-      retries: 9\n+      retries: 3\n');
    expect(check.stderr).toContain(`fluxgen: error [HAND_EDITED]: ${RELEASE} was changed by hand since fluxgen generated it (recorded in .fluxgen/components/redis.yaml): \`fluxgen regen\` will refuse to overwrite it`);
    expect(await repoTree(root)).toEqual(edited);

    const refused = await regen(root);
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toContain('-      retries: 9\n+      retries: 3\n');
    expect(refused.stderr).toContain(`fluxgen: error [HAND_EDITED]: ${RELEASE} was changed by hand since fluxgen generated it (recorded in .fluxgen/components/redis.yaml): refused`);
    expect(refused.stderr).toContain('fluxgen regen: nothing was written');
    expect(await repoTree(root)).toEqual(edited);

    const forced = await regen(root, ['--force']);
    expect(forced.exitCode).toBe(0);
    expect(forced.stdout).toContain(`### Hand Edits Overwritten (--force)\n- \`${RELEASE}\``);
    expect(await readFile(path.join(root, RELEASE), 'utf8')).toBe(pristine);
    expect(await repoTree(root)).toEqual(await repoTree(generated));
  });

  it('a deleted generated file comes back byte for byte, and --check shows it as created', async () => {
    const root = await warmCopy(generated);
    await rm(path.join(root, MONITOR));
    const check = await regen(root, ['--check']);
    expect(check.exitCode).toBe(1);
    expect(check.stdout).toContain(`--- /dev/null\n+++ b/${MONITOR}\n`);

    const result = await regen(root);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`### Files Created\n- \`${MONITOR}\``);
    expect(await repoTree(root)).toEqual(await repoTree(generated));
  });

  it('a file that exists where a record now generates one, but that fluxgen never wrote, is refused too', async () => {
    const root = await warmCopy(generated);
    await replaceOnce(root, '.fluxgen/components/redis.yaml', 'webhook: true', 'webhook: false');
    await replaceOnce(root, '.fluxgen/components/redis.yaml', 'monitoring: true', 'monitoring: false');
    // The record no longer lists the monitoring files; turning monitoring back on meets "foreign" files.
    await regen(root);
    await replaceOnce(root, '.fluxgen/components/redis.yaml', 'monitoring: false', 'monitoring: true');
    await replaceOnce(root, MONITOR, 'interval: 30s', 'interval: 10s');
    const result = await regen(root);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`error [HAND_EDITED]: ${MONITOR} was changed by hand`);
  });
});
