/** base/overlays layout: workloads carry the app, version and component labels, resource requests and limits, liveness and readiness probes. */
import { imageTag } from '../../render/render-service.ts';
import { describe, hitAt, type BuiltEntry, type Hit, type Rule, type RuleContext } from '../rule.ts';
import { appEntries } from './app-entries.ts';

type Obj = Record<string, any>;

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
/** The seeds' checklist "labels (app, version, component)", as the Kubernetes recommended labels SPEC §2b writes. */
export const APP_LABELS = ['app.kubernetes.io/name', 'app.kubernetes.io/version', 'app.kubernetes.io/component'] as const;

function workloads(context: RuleContext): BuiltEntry[] {
  return appEntries(context).filter(({ source }) => WORKLOADS.has(source.object.kind) && String(source.object.apiVersion).startsWith('apps/'));
}

function containers(object: Obj): Obj[] {
  const list = object.spec?.template?.spec?.containers;
  return Array.isArray(list) ? list : [];
}

/** The app labels missing from a labels map (absent or empty values count as missing). */
function missingLabels(labels: Obj | undefined): string[] {
  return APP_LABELS.filter((key) => typeof labels?.[key] !== 'string' || labels[key] === '');
}

/** A value to suggest for each app label: the workload's own, else its name, its first image's tag, a role placeholder. */
function suggestedLabels(object: Obj): Record<string, string> {
  const own = object.metadata?.labels ?? {};
  const tag = imageTag(String(containers(object)[0]?.image ?? '')).tag;
  return {
    'app.kubernetes.io/name': own['app.kubernetes.io/name'] ?? object.metadata?.name ?? '<name>',
    'app.kubernetes.io/version': own['app.kubernetes.io/version'] ?? tag ?? '<version>',
    'app.kubernetes.io/component': own['app.kubernetes.io/component'] ?? '<role, e.g. backend>',
  };
}

/** `key: "value"` for each missing key, as a flow map to paste. */
function labelFix(missing: readonly string[], suggested: Record<string, string>): string {
  return `{${missing.map((key) => `${key}: ${JSON.stringify(suggested[key])}`).join(', ')}}`;
}

export const workloadMissingLabels: Rule = {
  id: 'workload-missing-labels',
  severity: 'warning',
  summary: 'a workload or its pod template without the app, version and component labels',
  help: 'Label the workload and its pod template with `app.kubernetes.io/name`, `app.kubernetes.io/version` and `app.kubernetes.io/component` (the seeds\' "labels (app, version, component)"), and select pods on the name label.',
  check(context) {
    const hits: Hit[] = [];
    for (const entry of workloads(context)) {
      const object = entry.source.object as Obj;
      const suggested = suggestedLabels(object);
      const own = missingLabels(object.metadata?.labels);
      if (own.length > 0) {
        const at = object.metadata?.labels ? ['metadata', 'labels'] : ['metadata'];
        hits.push(hitAt(context, entry, at, `${describe(object)} lacks the label${own.length > 1 ? 's' : ''} ${own.join(', ')}; add to metadata.labels ${labelFix(own, suggested)}`));
      }
      const template = object.spec?.template;
      const pods = template ? missingLabels(template.metadata?.labels) : [];
      if (pods.length > 0) {
        const at = ['spec', 'template', ...(template.metadata ? ['metadata', ...(template.metadata.labels ? ['labels'] : [])] : [])];
        hits.push(hitAt(context, entry, at, `${describe(object)}: its pod template lacks the label${pods.length > 1 ? 's' : ''} ${pods.join(', ')}; add to spec.template.metadata.labels ${labelFix(pods, suggested)}`));
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
