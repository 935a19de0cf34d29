/** `component` as a generator over the shared pipeline: plan the spec, render the files, draft the Flux Kustomizations. */
import { helmRepositoriesOf } from '../../discover/helm-repositories.ts';
import { prometheusNamespaces } from '../../discover/prometheus.ts';
import { directProviders, providerIndex } from '../../discover/providers.ts';
import type { Draft, Generator } from '../../generate/generator.ts';
import { checkComponentInput, planComponent, type ComponentInput, type ComponentSpec } from '../../plan/plan-component.ts';
import { renderComponent } from '../../render/render-component.ts';
import { assertFlatLayout } from '../../generate/layout-policy.ts';

export const componentGenerator: Generator<ComponentInput, ComponentSpec> = {
  kind: 'component',
  check: (input) => checkComponentInput(input),
  assertLayout: (model) => assertFlatLayout(model, 'component'),
  plan: (input, model) => planComponent(input, model),
  render(spec, model) {
    const prometheus = spec.webhook && spec.monitoring ? prometheusNamespaces(model, spec.clusters) : undefined;
    const rendered = renderComponent(spec, { config: model.config, helmRepositories: helmRepositoriesOf(model), prometheus });
    return { files: rendered.files, assumptions: rendered.assumptions, dirs: [rendered.dirs.main, ...(rendered.dirs.monitoring ? [rendered.dirs.monitoring] : [])] };
  },
  /** The component's Flux Kustomizations with their computed dependsOn (SPEC §4). */
  drafts(spec, rendered, objects, model, cluster) {
    const index = providerIndex(model, cluster);
    const draft = (name: string, path: string, monitoring: boolean, explicit: readonly string[]): Draft => {
      const built = objects.get(path)!;
      const names = new Set([...directProviders(index, name, built, model.config).keys(), ...explicit]);
      names.delete(name);
      return { name, path, monitoring, dependsOn: [...names].sort(), objects: built };
    };
    const [main, monitoring] = rendered.dirs;
    const drafts = [draft(spec.name, main!, false, spec.dependsOn)];
    if (monitoring) drafts.push(draft(`${spec.name}-monitoring`, monitoring, true, [spec.name]));
    return drafts;
  },
};
