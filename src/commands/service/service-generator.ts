/** `service` as a generator over the shared pipeline: base/<name>/, one overlay per env, one Flux Kustomization per env. */
import { directProviders, providerIndex } from '../../discover/providers.ts';
import type { Generator } from '../../generate/generator.ts';
import { assertOverlaysLayout } from '../../generate/layout-policy.ts';
import { envServices, serviceTargetFile } from '../../plan/follow-services.ts';
import { checkServiceInput, overlayDir, planService, type ServiceInput, type ServiceSpec } from '../../plan/plan-service.ts';
import { renderService } from '../../render/render-service.ts';

export const serviceGenerator: Generator<ServiceInput, ServiceSpec> = {
  kind: 'service',
  check: (input) => checkServiceInput(input),
  assertLayout: (model) => assertOverlaysLayout(model, 'service'),
  plan: (input, model) => planService(input, model),
  render: (spec) => renderService(spec),
  /** The env's Kustomization: `path: ./overlays/<env>/<name>`, dependsOn the CRD providers of its build (SPEC §4). */
  drafts(spec, _rendered, objects, model, cluster) {
    const path = overlayDir(cluster, spec.name);
    const built = objects.get(path)!;
    const names = new Set(directProviders(providerIndex(model, cluster), spec.name, built, model.config).keys());
    names.delete(spec.name);
    return [{ name: spec.name, path, monitoring: false, dependsOn: [...names].sort(), objects: built }];
  },
  /** Beside the env's other services, following their fields. */
  placement: (spec) => (model, cluster) => ({
    file: serviceTargetFile(model, cluster, spec.name),
    neighbours: { kustomizations: envServices(model, cluster, spec.name), where: `among the services of env ${cluster}` },
  }),
};
