/**
 * Where the seeds' checklist rules look (SPEC §8, "(base/overlays) workloads"): the apps of a base/overlays
 * repo. In the base-overlays layout that is every build; in a mixed repo only the builds of Kustomizations
 * whose path is in a `base/` or `overlays/` folder, and the objects that come from such a folder (a shared
 * `apps/<env>/` listing `../base/<svc>`), not the flat components beside them. Flux's own
 * controllers (`flux-system/gotk-components.yaml`) are not the repo's apps.
 */
import { builtEntries, isFluxGenerated, type BuiltEntry, type RuleContext } from '../rule.ts';

const APPS_PATH = /(^|\/)(base|overlays)(\/|$)/;

/** The built objects the checklist rules check, in model order (none in flat and per-app repos). */
export function appEntries(context: RuleContext): BuiltEntry[] {
  const { layout } = context.model;
  if (layout !== 'base-overlays' && layout !== 'mixed') return [];
  return builtEntries(context.model).filter(({ kustomization, source }) => {
    if (source.file !== undefined && isFluxGenerated(source.file)) return false;
    if (layout === 'base-overlays') return true;
    return (kustomization.path !== undefined && APPS_PATH.test(kustomization.path)) || (source.file !== undefined && APPS_PATH.test(source.file));
  });
}
