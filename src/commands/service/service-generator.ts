/**
 * `service` as a generator over the shared pipeline: the base, one overlay per env, and per env either a
 * new Flux Kustomization (the seeds) or the env's existing shared one, which already applies the overlay.
 */
import { directProviders, providerIndex } from '../../discover/providers.ts';
import type { Draft, Generator } from '../../generate/generator.ts';
import { assertOverlaysLayout } from '../../generate/layout-policy.ts';
import { envServices, serviceTargetFile } from '../../plan/follow-services.ts';
import { checkServiceInput, planService, type ServiceInput, type ServiceSpec } from '../../plan/plan-service.ts';
import { renderService } from '../../render/render-service.ts';

export const serviceGenerator: Generator<ServiceInput, ServiceSpec> = {
  kind: 'service',
  check: (input) => checkServiceInput(input),
  assertLayout: (model) => assertOverlaysLayout(model, 'service'),
  plan: (input, model) => planService(input, model),
  render: (spec) => renderService(spec),
  /**
   * The env's Kustomization, dependsOn the CRD providers of the overlay's build (SPEC §4): a new one with
   * `path: ./overlays/<env>/<name>`, or the shared one applying the env's apps folder (it only gains dependsOn).
   */
  drafts(spec, _rendered, objects, model, cluster): Draft[] {
    const { overlay, shared } = spec.folders.envs[cluster]!;
    const name = shared?.kustomization ?? spec.name;
    const built = objects.get(overlay)!;
    const names = new Set(directProviders(providerIndex(model, cluster), name, built, model.config).keys());
    names.delete(name);
    return [{ name, path: shared?.path ?? overlay, monitoring: false, dependsOn: [...names].sort(), objects: built }];
  },
  /** Beside the env's other services, following their fields; in a shared env, the file of the Kustomization that applies it. */
  placement: (spec) => (model, cluster) => {
    const shared = spec.folders.envs[cluster]?.shared;
    if (shared) return { file: { value: shared.file } };
    return {
      file: serviceTargetFile(model, cluster, spec.name),
      neighbours: { kustomizations: envServices(model, cluster, spec.name), where: `among the services of env ${cluster}` },
    };
  },
};
