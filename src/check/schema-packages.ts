/** Where the model class of an apiVersion/kind lives among the installed @kubernetes-models packages. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { apiGroup } from '../build/depends-on.ts';

const require = createRequire(import.meta.url);

/** Which package holds the models of an API group, and the folder of that group in it. */
function packageOf(group: string): [pkg: string, folder: string] | undefined {
  if (group === '') return ['kubernetes-models', ''];
  if (group.endsWith('.toolkit.fluxcd.io')) return ['@kubernetes-models/flux-cd', group];
  if (group === 'monitoring.coreos.com') return ['@kubernetes-models/prometheus-operator', group];
  if (group === 'cilium.io') return ['@kubernetes-models/cilium', group];
  if (group.endsWith('.k8s.io') || ['apps', 'batch', 'autoscaling', 'policy', 'extensions'].includes(group)) return ['kubernetes-models', group];
  return undefined;
}

const packageDirs = new Map<string, string | undefined>();

function packageDir(pkg: string): string | undefined {
  if (!packageDirs.has(pkg)) {
    let dir: string | undefined;
    try {
      dir = path.dirname(require.resolve(`${pkg}/package.json`));
    } catch {
      dir = undefined;
    }
    packageDirs.set(pkg, dir);
  }
  return packageDirs.get(pkg);
}

/** The file of the model class of apiVersion/kind, or undefined for a kind no installed package covers. */
export function modelFileOf(apiVersion: string, kind: string): string | undefined {
  const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
  if (!/^v\d+((alpha|beta)\d+)?$/.test(version) || !/^[A-Z][A-Za-z0-9]*$/.test(kind) || kind.endsWith('List')) return undefined;
  const where = packageOf(apiGroup(apiVersion));
  const dir = where && packageDir(where[0]);
  if (!where || !dir) return undefined;
  const file = path.join(dir, where[1], version, `${kind}.js`);
  return existsSync(file) ? file : undefined;
}
