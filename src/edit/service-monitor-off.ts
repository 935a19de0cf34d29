/**
 * Turns a chart's own ServiceMonitor off in a HelmRelease file, in place: every
 * `serviceMonitor.enabled: true` under a HelmRelease's `spec.values` (at any depth, e.g. bitnami's
 * `metrics.serviceMonitor`) becomes `false`; comments, quoting and every other byte are kept.
 */
import { isMap, isPair, isScalar, visit, type Node, type Scalar } from 'yaml';
import { parseStream } from './parse-stream.ts';

/** The `enabled: true` scalars under a `serviceMonitor` mapping inside `values`. */
function enabledScalars(values: Node): Scalar[] {
  const found: Scalar[] = [];
  visit(values, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || pair.key.value !== 'serviceMonitor' || !isMap(pair.value)) return;
      for (const item of pair.value.items) {
        if (isPair(item) && isScalar(item.key) && item.key.value === 'enabled' && isScalar(item.value) && item.value.value === true) found.push(item.value);
      }
    },
  });
  return found;
}

/** `source` with every HelmRelease's `serviceMonitor.enabled: true` spliced to `false`; unchanged when there is none. */
export function turnServiceMonitorsOff(source: string, file: string): string {
  const stream = parseStream(source, file);
  const scalars: Scalar[] = [];
  for (const doc of stream.docs) {
    if (doc.get('kind') !== 'HelmRelease') continue;
    const values = doc.getIn(['spec', 'values'], true);
    if (values && isMap(values)) scalars.push(...enabledScalars(values as Node));
  }
  let out = source;
  for (const scalar of scalars.sort((a, b) => b.range![0] - a.range![0])) out = out.slice(0, scalar.range![0]) + 'false' + out.slice(scalar.range![1]);
  return out;
}
