/** serviceMonitor honesty: the chart's ServiceMonitor is off, and the HelmRelease never points at a `-monitoring` Kustomization that does not exist. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serviceMonitorValues } from '../../src/render/service-monitor-values.ts';
import { copyRepo, FIXTURES, PROJECT, readTree, runCli } from '../helpers/repo.ts';

const SCENARIOS = path.join(PROJECT, 'test/scenarios');

describe('serviceMonitorValues', () => {
  it('keeps enabled: false and, without --monitoring, says to run `fluxgen monitoring <name>`', () => {
    const result = serviceMonitorValues({ name: 'app', monitoring: false, values: { serviceMonitor: { enabled: true, interval: '30s' } } });
    expect(result.values).toEqual({ serviceMonitor: { enabled: false, interval: '30s' } });
    expect(result.comment).toContain('`fluxgen monitoring app`');
    expect(result.comment).not.toContain('Managed separately');
    expect(result.reviews).toHaveLength(1);
    expect(result.reviews[0]).toContain('run `fluxgen monitoring app`');
  });

  it('with --monitoring, names the app-monitoring Kustomization it generates', () => {
    const result = serviceMonitorValues({ name: 'app', monitoring: true, values: { serviceMonitor: { enabled: true } } });
    expect(result.comment).toBe('Managed separately in the app-monitoring Kustomization');
    expect(result.reviews).toEqual(['serviceMonitor.enabled forced to false: the ServiceMonitor is in the app-monitoring Kustomization']);
  });

  it('adds no REVIEW when the values do not enable it', () => {
    expect(serviceMonitorValues({ name: 'app', monitoring: false, values: {} }).reviews).toEqual([]);
    expect(serviceMonitorValues({ name: 'app', monitoring: false, values: { serviceMonitor: { enabled: false } } }).reviews).toEqual([]);
  });
});

describe('serviceMonitor honesty in what component writes and reports', () => {
  it('values that enable a ServiceMonitor without --monitoring: the REVIEW and the summary say to run fluxgen monitoring', async () => {
    const root = await copyRepo(path.join(FIXTURES, 'two-clusters'));
    const args = ['component', 'metrics-server', '--chart', 'metrics-server', '--repo-url', 'https://kubernetes-sigs.github.io/metrics-server/', '--cluster', 'staging', '--values', path.join(SCENARIOS, 'two-clusters-values/values.yaml')];
    const result = await runCli(['--infra-root', root, ...args]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^- serviceMonitor\.enabled forced to false .*run `fluxgen monitoring metrics-server`/m);
    const release = (await readTree(root)).get('namespaces/metrics-server/helm-release.yaml')!;
    expect(release).toMatch(/^# REVIEW: serviceMonitor\.enabled forced to false .*`fluxgen monitoring metrics-server`/m);
    expect(release).not.toContain('Managed separately');
  });

  it('in every golden scenario, a HelmRelease that says its ServiceMonitor is managed in a Kustomization names one the cluster has', async () => {
    for (const name of (await readdir(SCENARIOS)).sort()) {
      const scenario = JSON.parse(await readFile(path.join(SCENARIOS, name, 'scenario.json'), 'utf8')) as { repo: string };
      const tree = new Map([...(await readTree(path.join(PROJECT, scenario.repo))), ...(await readTree(path.join(SCENARIOS, name, 'expected')))]);
      const clusterFiles = [...tree].filter(([file]) => file.startsWith('clusters/')).map(([, text]) => text).join('\n');
      for (const [file, text] of tree) {
        if (!file.endsWith('helm-release.yaml')) continue;
        for (const match of text.matchAll(/Managed separately in the (\S+) Kustomization/g)) {
          expect(clusterFiles, `${name}: ${file} names ${match[1]}`).toMatch(new RegExp(`^\\s+name: ${match[1]}\\r?$`, 'm'));
        }
        expect(text, `${name}: ${file}`).not.toMatch(/in the -monitoring kustomization/i);
      }
    }
  });
});
