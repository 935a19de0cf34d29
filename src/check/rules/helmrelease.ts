/** HelmRelease workarounds the seeds forbid: force, cleanupOnFail, uninstall remediation, remediateLastFailure. */
import { builtEntries, describe, hitAt, type BuiltEntry, type Hit, type Rule, type RuleContext } from '../rule.ts';

type Obj = Record<string, any>;

function helmReleases(context: RuleContext): BuiltEntry[] {
  return builtEntries(context.model).filter(
    (entry) => entry.source.object.kind === 'HelmRelease' && String(entry.source.object.apiVersion).startsWith('helm.toolkit.fluxcd.io/'),
  );
}

/** A rule that fires for each HelmRelease where `value(spec, section)` matches, at spec.<section>.<...path>. */
function helmReleaseRule(
  rule: Omit<Rule, 'check'>,
  sections: readonly string[],
  nodePath: readonly string[],
  matches: (value: unknown) => boolean,
  message: (name: string, at: string) => string,
): Rule {
  return {
    ...rule,
    check(context) {
      const hits: Hit[] = [];
      for (const entry of helmReleases(context)) {
        const spec = (entry.source.object.spec ?? {}) as Obj;
        for (const section of sections) {
          let value: unknown = spec[section];
          for (const key of nodePath) value = (value as Obj | undefined)?.[key];
          if (!matches(value)) continue;
          const at = ['spec', section, ...nodePath];
          hits.push(hitAt(context, entry, at, message(describe(entry.source.object), at.join('.'))));
        }
      }
      return hits;
    },
  };
}

export const upgradeForce = helmReleaseRule(
  {
    id: 'helmrelease-upgrade-force',
    severity: 'error',
    summary: 'HelmRelease sets spec.upgrade.force: true',
    help: '`upgrade.force` deletes and recreates every resource of the release. Remove it and fix the root cause; if the cluster is stuck, recreate it.',
  },
  ['upgrade'],
  ['force'],
  (value) => value === true,
  (name, at) => `${name}: ${at}: true deletes and recreates all of its resources; remove it, fix the root cause and recreate the cluster if it is stuck`,
);

export const cleanupOnFail = helmReleaseRule(
  {
    id: 'helmrelease-cleanup-on-fail',
    severity: 'error',
    summary: 'HelmRelease sets cleanupOnFail: true (install, upgrade or rollback)',
    help: '`cleanupOnFail` can delete data on a transient failure. Remove it and fix the dependency ordering (dependsOn) instead.',
  },
  ['install', 'upgrade', 'rollback'],
  ['cleanupOnFail'],
  (value) => value === true,
  (name, at) => `${name}: ${at}: true can delete data on a transient failure; remove it and fix the dependency ordering (dependsOn)`,
);

export const uninstallStrategy = helmReleaseRule(
  {
    id: 'helmrelease-uninstall-strategy',
    severity: 'error',
    summary: 'HelmRelease remediation uses strategy: uninstall',
    help: '`strategy: uninstall` uninstalls everything on a failed upgrade. Use the default rollback remediation and fix the root cause.',
  },
  ['install', 'upgrade'],
  ['remediation', 'strategy'],
  (value) => value === 'uninstall',
  (name, at) => `${name}: ${at}: uninstall is the nuclear option (everything is uninstalled); drop it and fix the root cause`,
);

export const remediateLastFailure = helmReleaseRule(
  {
    id: 'helmrelease-remediate-last-failure',
    severity: 'error',
    summary: 'HelmRelease sets install.remediation.remediateLastFailure: true',
    help: '`remediateLastFailure` on install can loop uninstall/install forever. Remove it and fix the installation.',
  },
  ['install'],
  ['remediation', 'remediateLastFailure'],
  (value) => value === true,
  (name, at) => `${name}: ${at}: true can loop uninstall/install forever; remove it and fix the installation`,
);
