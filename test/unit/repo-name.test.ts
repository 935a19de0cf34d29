import { describe, expect, it } from 'vitest';
import { deriveRepoName } from '../../src/plan/repo-name.ts';

describe('deriveRepoName', () => {
  it.each([
    ['https://charts.jetstack.io', 'jetstack'],
    ['https://helm.cilium.io/', 'cilium'],
    ['https://charts.bitnami.com/bitnami', 'bitnami'],
    ['https://prometheus-community.github.io/helm-charts', 'prometheus-community'],
    ['https://kyverno.github.io/kyverno/', 'kyverno'],
    ['https://open-policy-agent.github.io/gatekeeper/charts', 'gatekeeper'],
    ['oci://ghcr.io/stefanprodan/charts', 'stefanprodan'],
    ['https://charts.longhorn.io', 'longhorn'],
  ])('names %s %s', (url, name) => {
    expect(deriveRepoName(url, 'fallback')).toBe(name);
  });

  it('falls back to the component name when nothing in the URL is meaningful', () => {
    expect(deriveRepoName('https://charts.io/', 'redis')).toBe('redis');
  });
});
