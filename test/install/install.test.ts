/**
 * fluxgen installed as a user installs it, with nothing but node and npm, from a fresh clone of the
 * project (its committed HEAD): `npm pack` and the tarball, a global install from a git URL, and a
 * git devDependency of a GitOps repo driving a husky pre-commit hook. The README's "Install"
 * section is copied from here.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE, PROJECT, copyRepo, tempDir } from '../helpers/repo.ts';
import { cloneProject, gitInit, INSTALL_TIMEOUT, npmUnavailable, ok, run } from './installs.ts';

const unavailable = await npmUnavailable();
if (unavailable) console.log(`skipped test/install/install.test.ts: ${unavailable}`);

const INFRA = 'clusters/local-kube/infrastructure.yaml';
const KYVERNO_DEPENDS_ON = 'spec:\n  dependsOn: [{name: cilium}]\n  interval: 5m\n  path: ./namespaces/kyverno\n';

interface Pack {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}

/** The installed `fluxgen` runs: --version, --help, and `check` on a copy of the example repo. */
async function works(fluxgen: string): Promise<void> {
  const cwd = await tempDir();
  expect((await ok(fluxgen, ['--version'], { cwd })).trim()).toBe('0.1.0');
  expect(await ok(fluxgen, ['--help'], { cwd })).toContain('Usage: fluxgen [options] [command]');
  const repo = await copyRepo(EXAMPLE);
  expect(await ok(fluxgen, ['check', '--infra-root', repo], { cwd })).toContain('no problems found');
}

describe.skipIf(unavailable)('installing fluxgen', () => {
  let clone: string;
  beforeAll(async () => {
    ({ dir: clone } = await cloneProject());
  });

  describe.concurrent('globally', () => {
    it('npm pack in a fresh clone makes a tarball of what runs (no tests), which installs and runs', async () => {
      const out = await tempDir();
      // npm pack needs no `npm ci` first: the package has no build step (scripts/bundle.js says why).
      const [pack] = JSON.parse(await ok('npm', ['pack', '--json', '--pack-destination', out], { cwd: clone })) as Pack[];
      const files = pack.files.map((file) => file.path);
      expect(files).toContain('bin/fluxgen.js');
      expect(files).toContain('src/cli/main.ts');
      expect(files).toContain('templates/component/helm-release.yaml.hbs');
      expect(files.filter((file) => !/^(bin\/fluxgen\.js|src\/.*\.ts|templates\/.*\.hbs|package\.json|README\.md)$/.test(file))).toEqual([]);
      expect(pack.size).toBeLessThan(200_000);

      const prefix = await tempDir('fluxgen-prefix-');
      await ok('npm', ['install', '-g', '--prefix', prefix, path.join(out, pack.filename)], { cwd: out });
      await works(path.join(prefix, 'bin/fluxgen'));
    }, INSTALL_TIMEOUT);

    it('npm install -g git+file://<fresh clone> gives a working fluxgen', async () => {
      const prefix = await tempDir('fluxgen-prefix-');
      await ok('npm', ['install', '-g', '--prefix', prefix, `git+file://${clone}`], { cwd: prefix });
      await works(path.join(prefix, 'bin/fluxgen'));
    }, INSTALL_TIMEOUT);
  });

  it('as a git devDependency with husky: the pre-commit hook refuses a bad commit and lets a good one through', async () => {
    const repo = await copyRepo(EXAMPLE);
    await writeFile(path.join(repo, 'package.json'), '{\n  "name": "gitops",\n  "private": true\n}\n');
    await writeFile(path.join(repo, '.gitignore'), 'node_modules/\n');
    await gitInit(repo);
    // The README's husky lines, with the fresh clone for github:<org>/fluxgen#v0.1.0.
    await ok('npm', ['install', '--save-dev', 'husky@9.1.7', `git+file://${clone}`], { cwd: repo });
    await ok('npx', ['husky', 'init'], { cwd: repo });
    await writeFile(path.join(repo, '.husky/pre-commit'), 'npx fluxgen regen --check\n');
    await ok('git', ['add', 'package.json', 'package-lock.json', '.husky/pre-commit'], { cwd: repo });
    expect(JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8')).devDependencies.fluxgen).toBe(`git+file://${clone}`);

    const good = await run('git', ['commit', '-m', 'fluxgen regen --check before each commit'], { cwd: repo });
    expect(good.exitCode, good.all).toBe(0);
    expect(good.all).toContain('fluxgen regen --check: in sync');

    const infra = path.join(repo, INFRA);
    const text = await readFile(infra, 'utf8');
    expect(text).toContain(KYVERNO_DEPENDS_ON);
    await writeFile(infra, text.replace(KYVERNO_DEPENDS_ON, 'spec:\n  interval: 5m\n  path: ./namespaces/kyverno\n'));
    const head = (await ok('git', ['rev-parse', 'HEAD'], { cwd: repo })).trim();
    const bad = await run('git', ['commit', '-am', 'drop the cilium dependency of kyverno'], { cwd: repo });
    expect(bad.exitCode).not.toBe(0);
    expect(bad.all).toContain('+  dependsOn:\n+    - name: cilium');
    expect(bad.all).toContain('Kustomization kyverno lacks dependsOn cilium');
    expect((await ok('git', ['rev-parse', 'HEAD'], { cwd: repo })).trim()).toBe(head);
  }, INSTALL_TIMEOUT);
});

describe('the package', () => {
  // npm installing a git package with any of these scripts first runs `npm install` in the clone,
  // and under `npm install -g git+…` (and so pre-commit) that breaks the install: npm/cli#8440.
  it('has no script that npm runs when it installs from git', async () => {
    const { scripts = {} } = JSON.parse(await readFile(path.join(PROJECT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    expect(Object.keys(scripts).filter((name) => ['build', 'prepare', 'prepack', 'preinstall', 'install', 'postinstall'].includes(name))).toEqual([]);
  });
});

