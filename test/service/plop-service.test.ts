/** `npx plop service` in a real pseudo-terminal: the same questions as the flags, the same bytes. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENTER, spawnPty, SPACE } from '../helpers/pty.ts';
import { copyRepo, PROJECT, readTree, runCli } from '../helpers/repo.ts';

const SHOP = path.join(PROJECT, 'examples/shop');

describe('npx plop service', () => {
  it('asks the questions of the flags and writes the same bytes as `fluxgen service`', async () => {
    const viaPlop = await copyRepo(SHOP);
    const session = spawnPty('npx', ['plop', 'service'], { cwd: PROJECT, env: { ...process.env, INFRA_ROOT: viaPlop, NO_COLOR: '1' } });
    for (const [question, keys] of [
      ['Service name', `orders${ENTER}`],
      ['Container image', `ghcr.io/example/orders:1.0.0${ENTER}`],
      ['Container port', `8080${ENTER}`],
      ['Envs', `${SPACE}${ENTER}`],
      ['ConfigMap entries', `LOG_LEVEL=info${ENTER}`],
      ['Secret keys', `DB_PASSWORD${ENTER}`],
      ['Health check path', ENTER],
      ['Write these files?', ENTER],
    ] as const) {
      await session.expect(question);
      await new Promise((r) => setTimeout(r, 60));
      session.type(keys);
    }
    expect(await session.exit()).toBe(0);
    expect(session.screen()).toContain('Infrastructure Implementation Complete');

    const viaCli = await copyRepo(SHOP);
    const cli = await runCli(['--infra-root', viaCli, 'service', 'orders', '--image', 'ghcr.io/example/orders:1.0.0', '--port', '8080', '--env', 'production', '--config', 'LOG_LEVEL=info', '--secret', 'DB_PASSWORD']);
    expect(cli.exitCode).toBe(0);
    const plopTree = await readTree(viaPlop);
    expect(plopTree.has('overlays/production/orders/secret.yaml')).toBe(true);
    expect(plopTree.has('overlays/staging/orders/kustomization.yaml')).toBe(false);
    expect(plopTree).toEqual(await readTree(viaCli));
  });
});
