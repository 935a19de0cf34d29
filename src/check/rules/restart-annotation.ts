/** Dummy pod-template annotations (restartedAt, rollme, timestamps…) used to force restarts: a workaround, not a fix. */
import { builtEntries, describe, hitAt, type BuiltEntry, type Hit, type Rule, type RuleContext } from '../rule.ts';

type Path = (string | number)[];
type Obj = Record<string, any>;

/** The name part of an annotation key (after the `/` of a prefix), matched case-insensitively. */
const RESTART_NAME =
  /^(restarted-?at|rollme|timestamp|force-?restart|force-?redeploy|restart(ed)?|re-?deploy(ed)?(-?at)?|deploy(ed)?-?(at|time|timestamp)|last-?restart(ed)?(-?at)?)$/i;

/** Whether an annotation key is a dummy used to force a restart (`checksum/config` is the right way and is not). */
export function isRestartAnnotation(key: string): boolean {
  return RESTART_NAME.test(key.slice(key.lastIndexOf('/') + 1));
}

/** Pod template annotation maps of a workload, with their paths. */
function podTemplateAnnotations(object: Obj): [Path, Obj][] {
  const template: [Path, unknown] | undefined =
    object.kind === 'CronJob'
      ? [['spec', 'jobTemplate', 'spec', 'template'], object.spec?.jobTemplate?.spec?.template]
      : ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(object.kind)
        ? [['spec', 'template'], object.spec?.template]
        : undefined;
  const annotations = (template?.[1] as Obj | undefined)?.metadata?.annotations;
  return template && annotations && typeof annotations === 'object' ? [[[...template[0], 'metadata', 'annotations'], annotations]] : [];
}

/** Annotation maps in HelmRelease values: any key ending in `annotations` (podAnnotations, deploymentAnnotations…). */
function valuesAnnotations(value: unknown, at: Path): [Path, Obj][] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((item, i) => valuesAnnotations(item, [...at, i]));
  return Object.entries(value as Obj).flatMap(([key, child]): [Path, Obj][] =>
    /annotations$/i.test(key) && child && typeof child === 'object' && !Array.isArray(child)
      ? [[[...at, key], child as Obj]]
      : valuesAnnotations(child, [...at, key]),
  );
}

function annotationMaps(object: Obj): [Path, Obj][] {
  if (object.kind === 'HelmRelease') return valuesAnnotations(object.spec?.values, ['spec', 'values']);
  return podTemplateAnnotations(object);
}

function hitsOf(context: RuleContext, entry: BuiltEntry): Hit[] {
  return annotationMaps(entry.source.object).flatMap(([at, annotations]) =>
    Object.keys(annotations)
      .filter(isRestartAnnotation)
      .map((key) => hitAt(context, entry, [...at, key], `${describe(entry.source.object)}: annotation "${key}" only forces a restart; remove it and fix the root cause (for config changes, use a checksum/config annotation or a ConfigMap generator)`)),
  );
}

export const restartAnnotation: Rule = {
  id: 'restart-annotation',
  severity: 'warning',
  summary: 'dummy annotations used to force restarts',
  help: 'A changing dummy annotation (restartedAt, rollme, timestamp, force-restart…) restarts pods without fixing why they needed it. Fix the root cause; to roll pods on a config change, use a `checksum/config` annotation or a kustomize configMapGenerator (hashed names).',
  check(context) {
    return builtEntries(context.model).flatMap((entry) => hitsOf(context, entry));
  },
};
