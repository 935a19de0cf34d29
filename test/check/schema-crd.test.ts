import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { SchemaCatalog, type CrdLookup } from '../../src/check/schema-catalog.ts';
import { repoCrds } from '../../src/check/schema-repo-crds.ts';
import { PROJECT } from '../helpers/repo.ts';
import { BACKUP_CRD, backupSchedule } from './backup-crd.ts';

const catalog = new SchemaCatalog();
const documents = (text: string) => parseAllDocuments(text).flatMap((doc) => (Array.isArray(doc) ? [] : [doc.toJS() as Record<string, any>])).filter((o) => o && typeof o === 'object');

const lines = (object: Record<string, unknown>, crds?: CrdLookup) => {
  const result = catalog.validate(object, crds);
  if (!result.known) throw new Error('no schema');
  return result.problems.map((p) => `${p.uncertain ? '(warning) ' : ''}${p.path.join('.')}: ${p.message}`);
};

const backupCrds = repoCrds(documents(BACKUP_CRD).map((object) => ({ object, cluster: 'lab' })))('lab');
const schedule = (spec: string[], apiVersion = 'backup.example.io/v1'): Record<string, any> => ({ ...documents(backupSchedule(spec))[0], apiVersion });

const SHARED = path.resolve(PROJECT, '../shared');
const REALREPOS = path.join(SHARED, 'realrepos');
const hasShared = existsSync(SHARED);
if (!hasShared) console.log(`skipped: the real upstream CRD tests need ${REALREPOS} (absent in a bare clone)`);

/** Every YAML file under dir. */
function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return name === '.git' ? [] : yamlFiles(file);
    return /\.ya?ml$/.test(name) ? [file] : [];
  });
}

describe('a CRD as a CRD', () => {
  it('validates the project\'s own CRD clean: descriptions, CEL rules, int-or-string and preserve-unknown-fields are JSONSchemaProps', () => {
    expect(lines(documents(BACKUP_CRD)[0]!)).toEqual([]);
  });

  it('still finds a typo in the CRD outside its schemas', () => {
    const crd = documents(BACKUP_CRD)[0]!;
    crd.spec.versions[1].servedd = true;
    expect(lines(crd)).toEqual(['spec.versions.1.servedd: unknown field "servedd": the schema has no such field (a typo?)']);
  });

  it.skipIf(!hasShared)('validates every real upstream CRD of ../shared/realrepos clean', () => {
    const crds = yamlFiles(REALREPOS).map((file) => [file, readFileSync(file, 'utf8')] as const).filter(([, text]) => text.includes('kind: CustomResourceDefinition')).flatMap(([file, text]) => documents(text).filter((o) => o.kind === 'CustomResourceDefinition').map((crd) => ({ file, crd })));
    expect(crds.length).toBeGreaterThanOrEqual(11);
    for (const { file, crd } of crds) expect(lines(crd), `${path.relative(REALREPOS, file)} ${crd.metadata.name}`).toEqual([]);
  });
});

describe('a custom resource whose CRD the repo builds', () => {
  it('passes when it matches: int-or-string either way, free-form options, an embedded resource, maps, defaulted required fields, ${VAR}, null', () => {
    const ok = schedule([
      'target: {host: db, port: postgres}',
      'retention: {keepLast: "${KEEP:=7}", maxAge: 720h}',
      'storage:',
      '  driver: s3',
      '  options: {bucket: b, nested: {any: [1, {thing: true}]}}',
      'jobTemplate:',
      '  apiVersion: batch/v1',
      '  kind: Job',
      '  metadata: {name: backup}',
      '  spec: {template: {spec: {containers: []}}}',
      'labels: {team: data}',
      'suspend: null',
    ]);
    expect(lines(ok, backupCrds)).toEqual([]);
    expect(lines({ ...ok, spec: { ...ok.spec, target: { host: 'db', port: 5432 }, schedule: '${SCHEDULE}' } }, backupCrds)).toEqual([]);
  });

  it('finds unknown fields where the schema is closed, wrong types, values outside an enum or pattern, and metadata typos: as errors', () => {
    const bad = schedule(['retentionn: {keepLast: 7}', 'retention: {keepLast: seven}', 'suspend: "yes"', 'mode: Incremental', 'storage: {driver: s3, typo: 1}']);
    bad.metadata.namespce = 'app';
    bad.spec.schedule = 'nightly';
    expect(lines(bad, backupCrds)).toEqual([
      'spec.schedule: must match pattern "^(\\S+\\s+){4}\\S+$"',
      'spec.mode: must be one of "Logical", "Physical"',
      'spec.suspend: must be boolean',
      'spec.retention.keepLast: must be integer',
      'spec.retentionn: unknown field "retentionn": the schema of CRD backupschedules.backup.example.io has no such field (a typo?)',
      'spec.storage.typo: unknown field "typo": the schema of CRD backupschedules.backup.example.io has no such field (a typo?)',
      'metadata.namespce: unknown field "namespce": the schema has no such field (a typo?)',
    ]);
  });

  it('finds a missing required field, and takes a version whose schema preserves unknown fields as it comes', () => {
    const missing = schedule([]);
    delete missing.spec.target;
    expect(lines(missing, backupCrds)).toEqual(['spec: must have required property \'target\'']);
    expect(lines(schedule(['anything: {goes: 1}'], 'backup.example.io/v1alpha1'), backupCrds)).toEqual([]);
  });

  it('counts as no schema in a version the CRD does not have', () => {
    expect(catalog.validate(schedule([], 'backup.example.io/v2'), backupCrds)).toEqual({ known: false });
  });

  it('wins over a model package for the same kind, and a cluster\'s own CRD over another cluster\'s', () => {
    const crd = (name: string, properties: Record<string, unknown>) => ({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'middlewares.traefik.io' },
      spec: {
        group: 'traefik.io',
        names: { kind: 'Middleware', plural: 'middlewares' },
        scope: 'Namespaced',
        versions: [{ name: 'v1alpha1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', description: name, properties } } } } }],
      },
    });
    const lookup = repoCrds([
      { object: crd('a', { stripPrefix: { type: 'object', properties: { prefixes: { type: 'array', items: { type: 'string' } } } } }), cluster: 'a' },
      { object: crd('b', { aFieldOfANewerRelease: { type: 'string' } }), cluster: 'b' },
    ]);
    const middleware = { apiVersion: 'traefik.io/v1alpha1', kind: 'Middleware', metadata: { name: 'm' }, spec: { aFieldOfANewerRelease: 'x' } };
    expect(catalog.validate(middleware, lookup('b'))).toEqual({ known: true, source: { from: 'crd', name: 'middlewares.traefik.io' }, problems: [] });
    expect(lines(middleware, lookup('a'))).toEqual(['spec.aFieldOfANewerRelease: unknown field "aFieldOfANewerRelease": the schema of CRD middlewares.traefik.io has no such field (a typo?)']);
    expect(lines(middleware, lookup('elsewhere'))).toEqual(lines(middleware, lookup('a')));
    expect(catalog.sourceOf(middleware)).toEqual({ from: 'package', name: '@kubernetes-models/traefik 2.0.0' });
  });

  it.skipIf(!hasShared)('validates the Flux objects of a real repo clean against the Flux CRDs it bootstraps, and finds a typo the Flux package cannot', () => {
    const repo = path.join(REALREPOS, 'mmontes11__k8s-infrastructure');
    const objects = yamlFiles(path.join(repo, 'clusters/homelab')).flatMap((file) => documents(readFileSync(file, 'utf8')));
    const lookup = repoCrds(objects.map((object) => ({ object, cluster: 'homelab' })))('homelab');
    const flux = objects.filter((o) => String(o.apiVersion).includes('.toolkit.fluxcd.io/'));
    expect(flux.length).toBeGreaterThan(50);
    for (const object of flux) {
      expect(catalog.sourceOf(object, lookup)?.from, `${object.kind}/${object.metadata?.name}`).toBe('crd');
      expect(lines(object, lookup), `${object.kind}/${object.metadata?.name}`).toEqual([]);
    }
    const typo = { ...flux.find((o) => o.kind === 'Kustomization')! };
    typo.spec = { ...typo.spec, wiat: true };
    expect(lines(typo, lookup)).toEqual(['spec.wiat: unknown field "wiat": the schema of CRD kustomizations.kustomize.toolkit.fluxcd.io has no such field (a typo?)']);
    expect(lines(typo)).toEqual([]);
  });
});
