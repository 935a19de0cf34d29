/**
 * `netpol` as a generator over the shared pipeline: adds `cilium-network-policies/allow-k8s-api.yaml` to an
 * existing component (generated or hand-written), lists it in the folder's kustomization.yaml (spliced in
 * place) and adds the cluster's Cilium provider to the component's Kustomization. Only the policy is fluxgen's.
 */
import { apiGroup } from '../../build/depends-on.ts';
import type { RepoModel } from '../../discover/model.ts';
import { prometheusNamespaces } from '../../discover/prometheus.ts';
import { directProviders, providerIndex } from '../../discover/providers.ts';
import { addResources } from '../../edit/kustomization-resources.ts';
import type { Generator, PlannedSpec } from '../../generate/generator.ts';
import { findComponent, type ExistingComponent } from '../../plan/existing-component.ts';
import { resolveClusters } from '../../plan/plan-component.ts';
import { validateName } from '../../plan/validate.ts';
import { NETWORK_POLICY_FILE, renderNetworkPolicy } from '../../render/render-network-policy.ts';

/** What `fluxgen netpol` is given (and what its record keeps). */
export interface NetpolInput {
  name: string;
  clusters?: string[];
}

/** The validated input with the component as the repo has it (not recorded: found again on every run). */
export interface NetpolSpec extends PlannedSpec {
  component: ExistingComponent;
}

const MONITORING_KINDS = new Set(['ServiceMonitor', 'PodMonitor']);

/** The component's clusters in which Prometheus scrapes it: where it has a `<name>-monitoring` Kustomization, or everywhere with a ServiceMonitor/PodMonitor of its own. */
export function monitoredClusters(component: ExistingComponent, model: RepoModel): string[] {
  const ownMonitor = component.objects.some((o) => MONITORING_KINDS.has(o.kind));
  const clusters = component.kustomizations.map((k) => k.cluster);
  return clusters.filter((cluster) => ownMonitor || model.kustomizations.some((k) => k.cluster === cluster && k.name === `${component.name}-monitoring`));
}

export const netpolGenerator: Generator<NetpolInput, NetpolSpec> = {
  kind: 'netpol',
  // it edits a component that exists, in place, whatever layout the repo has
  assertLayout: () => undefined,
  check: async (input) => validateName(input.name, 'component name'),
  async plan(input, model) {
    const name = validateName(input.name, 'component name');
    const clusters = resolveClusters(input.clusters, model);
    return { name, clusters, component: await findComponent(model, name, clusters, 'netpol') };
  },
  render(spec, model) {
    const { component } = spec;
    // one policy file for every cluster: it admits the Prometheus of each cluster that scrapes the component
    const monitored = monitoredClusters(component, model);
    const prometheus = monitored.length > 0 ? prometheusNamespaces(model, monitored) : undefined;
    const policy = renderNetworkPolicy({ name: component.name, namespace: component.namespace, chart: component.chart, prometheus });
    const file = component.dir ? `${component.dir}/${NETWORK_POLICY_FILE}` : NETWORK_POLICY_FILE;
    const listed = component.kustomizationFile;
    // without a kustomization file Flux builds every manifest of the folder: the policy needs no entry
    const edits = listed ? [{ path: listed.path, content: addResources(listed.source, [NETWORK_POLICY_FILE], listed.path) }] : [];
    return {
      files: [{ path: file, content: policy.content }],
      edits: edits.filter((edit) => edit.content !== listed?.source),
      assumptions: policy.reviews.map((text) => ({ file, text })),
      dirs: [component.dir],
      inPlace: true,
    };
  },
  /** The component's Kustomization in `cluster`, gaining the provider of its cilium.io resources (that cluster's Cilium). */
  drafts(spec, rendered, objects, model, cluster) {
    const built = objects.get(rendered.dirs[0]!)!;
    const cilium = built.filter((o) => apiGroup(o.apiVersion ?? '') === 'cilium.io');
    const dependsOn = [...directProviders(providerIndex(model, cluster), spec.name, cilium, model.config).keys()];
    return [{ name: spec.name, path: spec.component.dir, monitoring: false, dependsOn, objects: built }];
  },
};
