/** base/overlays layout: workloads carry app.kubernetes.io/name, resource requests and limits, liveness and readiness probes. */
import { builtEntries, describe, hitAt, type BuiltEntry, type Hit, type Rule, type RuleContext } from '../rule.ts';

type Obj = Record<string, any>;

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
const NAME_LABEL = 'app.kubernetes.io/name';

function workloads(context: RuleContext): BuiltEntry[] {
  if (context.model.layout !== 'base-overlays') return [];
  return builtEntries(context.model).filter(({ source }) => WORKLOADS.has(source.object.kind) && String(source.object.apiVersion).startsWith('apps/'));
}

function containers(object: Obj): Obj[] {
  const list = object.spec?.template?.spec?.containers;
  return Array.isArray(list) ? list : [];
}

export const workloadMissingLabels: Rule = {
  id: 'workload-missing-labels',
  severity: 'warning',
  summary: 'a workload or its pods without the app.kubernetes.io/name label',
  help: 'Label the workload and its pod template with `app.kubernetes.io/name` (and `app.kubernetes.io/version`, `app.kubernetes.io/component`), and select pods on the name label.',
  check(context) {
    const hits: Hit[] = [];
    for (const entry of workloads(context)) {
      const object = entry.source.object as Obj;
      if (!object.metadata?.labels?.[NAME_LABEL]) {
        const at = object.metadata?.labels ? ['metadata', 'labels'] : ['metadata'];
        hits.push(hitAt(context, entry, at, `${describe(object)} has no ${NAME_LABEL} label; add \`${NAME_LABEL}: ${object.metadata?.name ?? '<name>'}\``));
      }
      if (object.spec?.template && !object.spec.template.metadata?.labels?.[NAME_LABEL]) {
        hits.push(hitAt(context, entry, ['spec', 'template', 'metadata', 'labels'], `${describe(object)}: its pod template has no ${NAME_LABEL} label; add it (and select pods on it)`));
      }
    }
    return hits;
  },
};

export const workloadMissingResources: Rule = {
  id: 'workload-missing-resources',
  severity: 'warning',
  summary: 'a workload container without resource requests and limits',
  help: 'Give every container `resources.requests` and `resources.limits` (cpu and memory), following the other services of the repo; mark guesses with a REVIEW comment.',
  check(context) {
    return workloads(context).flatMap((entry) =>
      containers(entry.source.object).flatMap((container, i): Hit[] => {
        const missing = ['requests', 'limits'].filter((key) => !container.resources?.[key] || Object.keys(container.resources[key]).length === 0);
        if (missing.length === 0) return [];
        const at = ['spec', 'template', 'spec', 'containers', i, ...(container.resources ? ['resources'] : [])];
        return [hitAt(context, entry, at, `${describe(entry.source.object)}: container ${container.name ?? i} has no resources.${missing.join(' or resources.')}; set cpu and memory ${missing.join(' and ')}`)];
      }),
    );
  },
};

export const workloadMissingProbes: Rule = {
  id: 'workload-missing-probes',
  severity: 'warning',
  summary: 'a workload container without liveness and readiness probes',
  help: 'Give every long-running container a `livenessProbe` and a `readinessProbe` (e.g. httpGet on a health path of the container port); mark guessed paths with a REVIEW comment.',
  check(context) {
    return workloads(context).flatMap((entry) =>
      containers(entry.source.object).flatMap((container, i): Hit[] => {
        const missing = ['livenessProbe', 'readinessProbe'].filter((key) => !container[key]);
        if (missing.length === 0) return [];
        return [hitAt(context, entry, ['spec', 'template', 'spec', 'containers', i], `${describe(entry.source.object)}: container ${container.name ?? i} has no ${missing.join(' or ')}; add ${missing.join(' and ')}`)];
      }),
    );
  },
};
