/** The generated `-monitoring` part of a component: kustomization.yaml, a PrometheusRule with meaningful alerts, a ServiceMonitor. */
import type { Assumption, RenderedFile } from './render-component.ts';
import { renderTemplate } from './engine.ts';

function camel(name: string): string {
  return name.split('-').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
}

/** The REVIEW on the -monitoring kustomization.yaml. */
export function monitoringSplitReview(name: string): string {
  return `Monitoring split per pattern: PrometheusRule and ServiceMonitor live in ${name}-monitoring, applied after monitoring and ${name}`;
}

/** The kustomization.yaml of a `-monitoring` folder listing `resources`. */
export function renderMonitoringKustomization(name: string, resources: readonly string[]): string {
  return renderTemplate('monitoring/kustomization.yaml', { review: monitoringSplitReview(name), resources });
}

/** Every file of `dir` (`<components>/<name>-monitoring`) for component `name` in `namespace`, with their REVIEW lines. */
export function renderMonitoringPart(name: string, namespace: string, dir: string): { files: RenderedFile[]; assumptions: Assumption[] } {
  const files: RenderedFile[] = [];
  const assumptions: Assumption[] = [];
  const add = (file: string, template: string, context: object, review: string) => {
    files.push({ path: `${dir}/${file}`, content: renderTemplate(template, { ...context, review }) });
    assumptions.push({ file: `${dir}/${file}`, text: review });
  };
  files.push({ path: `${dir}/kustomization.yaml`, content: renderMonitoringKustomization(name, ['prometheus-rules.yaml', 'servicemonitor.yaml']) });
  assumptions.push({ file: `${dir}/kustomization.yaml`, text: monitoringSplitReview(name) });
  const selector = `namespace=${JSON.stringify(namespace)}`;
  add(
    'prometheus-rules.yaml',
    'monitoring/prometheus-rules.yaml',
    {
      name,
      namespace,
      targetDownAlert: `${camel(name)}TargetDown`,
      targetDownExpr: `up{${selector}} == 0`,
      targetDownSummary: `${name} metrics target is down`,
      targetDownDescription: `{{ $labels.instance }} in namespace ${namespace} has been unreachable for 5 minutes.`,
      absentAlert: `${camel(name)}MetricsAbsent`,
      absentExpr: `absent(up{${selector}})`,
      absentSummary: `${name} exposes no metrics`,
      absentDescription: `No target in namespace ${namespace} has been scraped for 15 minutes: check the ServiceMonitor selector.`,
    },
    'Alert thresholds (down 5m, absent 15m) are defaults: tune them to the service',
  );
  add('servicemonitor.yaml', 'monitoring/servicemonitor.yaml', { name, namespace }, `ServiceMonitor selects app.kubernetes.io/instance=${name} on a port named "metrics": check the chart's Service`);
  return { files, assumptions };
}
