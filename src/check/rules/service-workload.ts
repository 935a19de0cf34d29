/** base/overlays layout: a Service that selects no pod of its build, and a Deployment whose pods are not restricted (seeds' checklist). */
import { describe, hitAt, type Hit, type Rule } from '../rule.ts';
import { appEntries } from './app-entries.ts';

type Obj = Record<string, any>;

/** The pod template labels an object makes (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod). */
function podLabels(object: Obj): Obj | undefined {
  if (object.kind === 'Pod') return object.metadata?.labels ?? {};
  if (object.kind === 'CronJob') return object.spec?.jobTemplate?.spec?.template?.metadata?.labels ?? {};
  return object.spec?.template ? (object.spec.template.metadata?.labels ?? {}) : undefined;
}

export const serviceSelectorNoPods: Rule = {
  id: 'service-selector-no-pods',
  severity: 'warning',
  summary: 'a Service whose selector matches no pod template of the same build',
  help: 'Make the Service selector equal labels of the pod template it fronts (usually `app.kubernetes.io/name: <name>`). Pods a Helm chart or an operator makes are not in the build: ignore the finding there with `fluxgen.io/ignore: service-selector-no-pods`.',
  check(context) {
    const entries = appEntries(context);
    const hits: Hit[] = [];
    for (const entry of entries) {
      const service = entry.source.object as Obj;
      const selector = service.spec?.selector as Obj | undefined;
      if (service.kind !== 'Service' || service.apiVersion !== 'v1' || !selector || Object.keys(selector).length === 0) continue;
      const same = entries.filter((e) => e.kustomization === entry.kustomization).map((e) => e.source.object as Obj);
      if (same.some((o) => o.kind === 'HelmRelease')) continue; // the chart makes the pods
      const namespace = service.metadata?.namespace;
      const matched = same.some((o) => {
        const labels = o.metadata?.namespace === namespace ? podLabels(o) : undefined;
        return labels !== undefined && Object.entries(selector).every(([key, value]) => labels[key] === value);
      });
      if (!matched) hits.push(hitAt(context, entry, ['spec', 'selector'], `${describe(service)} selects ${JSON.stringify(selector)}, which no pod template of its build carries; fix the selector or the pod labels`));
    }
    return hits;
  },
};

/** What a pod spec lacks of the restricted Pod Security profile. */
function unrestricted(pod: Obj): string[] {
  const containers: Obj[] = [...(pod.containers ?? []), ...(pod.initContainers ?? [])];
  const all = (test: (c: Obj) => boolean) => containers.length > 0 && containers.every(test);
  const missing: string[] = [];
  if (pod.securityContext?.runAsNonRoot !== true && !all((c) => c.securityContext?.runAsNonRoot === true)) missing.push('runAsNonRoot: true');
  const seccomp = (s: Obj | undefined) => ['RuntimeDefault', 'Localhost'].includes(s?.seccompProfile?.type);
  if (!seccomp(pod.securityContext) && !all((c) => seccomp(c.securityContext))) missing.push('seccompProfile.type: RuntimeDefault');
  if (!all((c) => c.securityContext?.allowPrivilegeEscalation === false)) missing.push('allowPrivilegeEscalation: false');
  if (!all((c) => (c.securityContext?.capabilities?.drop ?? []).includes('ALL'))) missing.push('capabilities.drop: [ALL]');
  if (containers.some((c) => c.securityContext?.privileged === true)) missing.push('no privileged container');
  return missing;
}

export const workloadNotRestricted: Rule = {
  id: 'workload-not-restricted',
  severity: 'warning',
  summary: 'a Deployment whose pods do not meet the restricted Pod Security profile',
  help: 'Give the pod `securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}` and every container `securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}`, so it runs in a namespace that enforces `restricted`.',
  check(context) {
    return appEntries(context).flatMap((entry): Hit[] => {
      const object = entry.source.object as Obj;
      if (object.kind !== 'Deployment' || !String(object.apiVersion).startsWith('apps/')) return [];
      const missing = unrestricted(object.spec?.template?.spec ?? {});
      if (missing.length === 0) return [];
      const at = object.spec?.template?.spec?.securityContext ? ['spec', 'template', 'spec', 'securityContext'] : ['spec', 'template', 'spec'];
      return [hitAt(context, entry, at, `${describe(object)} is not restricted: it lacks ${missing.join(', ')}; set them in its securityContext`)];
    });
  },
};
