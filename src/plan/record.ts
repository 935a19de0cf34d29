/** Records under `.fluxgen/`: the validated inputs of a run and a hash of every file it wrote. */
import { createHash } from 'node:crypto';
import { parseDocument, stringify } from 'yaml';
import type { ComponentSpec } from './plan-component.ts';

export const RECORDS_DIR = '.fluxgen/components';

export interface ComponentRecord {
  kind: 'component';
  spec: ComponentSpec;
  /** Repo-relative path → `sha256:<hex>` of the content fluxgen wrote. */
  files: Record<string, string>;
}

export function recordPath(name: string): string {
  return `${RECORDS_DIR}/${name}.yaml`;
}

export function contentHash(content: string): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

const HEADER =
  '# Written by fluxgen: the inputs of `fluxgen component` and a hash of each file it generated.\n' +
  '# Edit `spec` and run `fluxgen regen` to re-render; do not edit `files`.\n';

/** The record's text: stable key order, no timestamps. */
export function serializeRecord(record: ComponentRecord): string {
  const { spec } = record;
  const ordered = {
    kind: record.kind,
    spec: {
      name: spec.name,
      namespace: spec.namespace,
      chart: spec.chart,
      repoUrl: spec.repoUrl,
      ...(spec.chartVersion === undefined ? {} : { chartVersion: spec.chartVersion }),
      repoName: spec.repoName,
      clusters: spec.clusters,
      monitoring: spec.monitoring,
      webhook: spec.webhook,
      pss: spec.pss,
      dependsOn: spec.dependsOn,
      values: spec.values,
    },
    files: Object.fromEntries(Object.keys(record.files).sort().map((k) => [k, record.files[k]])),
  };
  return HEADER + stringify(ordered, { version: '1.1', lineWidth: 0 });
}

/** Parses a record's text; undefined when it is not a component record. */
export function parseRecord(text: string): ComponentRecord | undefined {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return undefined;
  const value = doc.toJS({ maxAliasCount: 100 }) as ComponentRecord | null;
  return value?.kind === 'component' && value.spec && value.files ? value : undefined;
}
