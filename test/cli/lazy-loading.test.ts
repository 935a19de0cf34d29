/**
 * Lazy loading changes when modules load, never what the CLI prints: `--help`, `--version` and
 * `check --format json` are the same from the bundle (lazy chunks) as from the sources, and the
 * help still lists every command with its options.
 */
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../src/cli/main.ts';
import { EXAMPLE, runCli } from '../helpers/repo.ts';

const fromSource = { FLUXGEN_FROM_SOURCE: '1' };

describe('lazy loading', () => {
  it('prints the same --help and --version from the bundle as from the sources', async () => {
    for (const args of [['--help'], ['--version'], ['check', '--help'], ['component', '--help']]) {
      const bundled = await runCli(args);
      const source = await runCli(args, { env: fromSource });
      expect(bundled.exitCode).toBe(0);
      expect(bundled.stdout).toBe(source.stdout);
    }
  });

  it('lists every registered command in --help, with the version from --version', async () => {
    const help = await runCli(['--help']);
    for (const command of createProgram().commands) expect(help.stdout).toContain(`  ${command.name()} `);
    expect((await runCli(['--version'])).stdout).toBe('0.1.0');
  });

  it('prints the same check --format json from the bundle as from the sources', async () => {
    const args = ['--infra-root', EXAMPLE, 'check', '--format', 'json'];
    const bundled = await runCli(args);
    const source = await runCli(args, { env: fromSource });
    expect(bundled.exitCode).toBe(source.exitCode);
    expect(JSON.parse(bundled.stdout)).toMatchObject({ findings: expect.any(Array) });
    expect(bundled.stdout).toBe(source.stdout);
  });
});
