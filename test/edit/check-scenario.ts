/** The editor's properties over one generated file and request; throws (node:assert) on the first violation. */
import assert from 'node:assert/strict';
import { readKustomizations, type FluxKustomization } from '../../src/edit/read-kustomizations.ts';
import { upsertKustomization, type KustomizationRequest } from '../../src/edit/upsert-kustomization.ts';
import { NAMES, type GeneratedFile, type ModelKustomization, type RequestChoice } from './arbitraries.ts';

const FILE = 'clusters/test/infrastructure.yaml';

/** The part of a reader result that the generator's model predicts. */
export function model(found: FluxKustomization[]): ModelKustomization[] {
  return found.map(({ name, namespace, dependsOn, path }) => ({ name, ...(namespace ? { namespace } : {}), dependsOn, path: path! }));
}

/** A Flux Kustomization document as the render stage would produce it. */
export function kustomizationDocument(name: string, dependsOn: string[] = []): Record<string, unknown> {
  const spec: Record<string, unknown> = { interval: '10m', path: `./apps/${name}`, prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } };
  if (dependsOn.length > 0) spec.dependsOn = dependsOn.map((dep) => ({ name: dep }));
  return { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name, namespace: 'flux-system' }, spec };
}

/** The request a choice makes against a file: an update of an existing Kustomization, or an append. */
export function scenarioRequest(file: GeneratedFile, choice: RequestChoice): { request: KustomizationRequest; target?: ModelKustomization } {
  const before = file.kustomizations;
  const target = choice.mode === 'update' && before.length > 0 ? before[choice.target % before.length] : undefined;
  const name = target?.name ?? NAMES.find((candidate) => !before.some((k) => k.name === candidate))!;
  const document = kustomizationDocument(name, choice.inDocument ? choice.deps : []);
  return { request: { name, document, dependsOn: choice.deps, comments: choice.comments }, target };
}

/** Checks reader, editor, byte preservation, file style and idempotence for one scenario. */
export function checkScenario(file: GeneratedFile, choice: RequestChoice): void {
  const { source, spec } = file;
  const eol = source.includes('\n') ? spec.eol : '\n';
  const before = model(readKustomizations(source, FILE));
  assert.deepEqual(before, file.kustomizations, 'the reader finds the generated Kustomizations');
  const { request, target } = scenarioRequest(file, choice);
  const { name } = request;
  const result = upsertKustomization(source, request, FILE);
  const after = model(readKustomizations(result.source, FILE));
  if (target) {
    const missing = choice.deps.filter((dep) => !target.dependsOn.includes(dep));
    const expected = before.map((k) => (k.name === target.name ? { ...k, dependsOn: [...k.dependsOn, ...missing] } : k));
    assert.deepEqual(after, expected, 'only the target gains the missing names');
    if (missing.length === 0) {
      assert.equal(result.action, 'unchanged');
      assert.equal(result.source, source);
    } else {
      assert.equal(result.action, 'updated');
      const doc = file.docs.find((d) => d.kind === 'Kustomization' && d.name === name)!;
      assert.equal(result.source.slice(0, doc.start), source.slice(0, doc.start), 'bytes before the document');
      assert.equal(result.source.slice(result.source.length - (source.length - doc.end)), source.slice(doc.end), 'bytes after it');
      if (doc.style !== 'tilde') assertPureInsertion(source, result.source);
    }
  } else {
    assert.equal(result.action, 'created');
    const prefix = source === '' || source.endsWith('\n') ? source : source + eol;
    assert.ok(result.source.startsWith(prefix), 'the original text is a prefix');
    const added = { name, namespace: 'flux-system', dependsOn: choice.deps, path: `./apps/${name}` };
    assert.deepEqual(after, [...before, added]);
    assertAppendedStyle(file, eol, result.source.slice(prefix.length), name, choice);
  }
  if (eol === '\r\n') assert.ok(!/(^|[^\r])\n/.test(result.source), 'CRLF file keeps CRLF only');
  else assert.ok(!result.source.includes('\r'), 'LF file gets no CR');
  const again = upsertKustomization(result.source, request, FILE);
  assert.equal(again.action, 'unchanged', 'idempotent');
  assert.equal(again.source, result.source);
}

function assertPureInsertion(source: string, edited: string): void {
  let first = 0;
  while (first < source.length && source[first] === edited[first]) first++;
  const inserted = edited.length - source.length;
  assert.ok(inserted > 0);
  assert.equal(edited.slice(0, first) + edited.slice(first + inserted), source, 'the edit only inserts text');
}

function assertAppendedStyle(file: GeneratedFile, eol: string, tail: string, name: string, choice: RequestChoice): void {
  const { indent: fileIndent, indentSeq } = file.spec;
  const indent = file.docs.length > 0 ? fileIndent : 2;
  const seqOffset = file.hasBlockSeq ? (indentSeq ? indent : 0) : indent;
  const pad = (n: number) => ' '.repeat(n);
  const separator = file.source === '' ? '' : `---${eol}`;
  const comments = choice.comments.map((c) => (c ? `# ${c}` : '#') + eol).join('');
  assert.ok(tail.startsWith(`${separator}${comments}apiVersion: kustomize.toolkit.fluxcd.io/v1${eol}`), 'separator and comments');
  assert.ok(tail.includes(`${eol}metadata:${eol}${pad(indent)}name: ${name}${eol}`), 'mapping indentation');
  if (choice.deps.length > 0) {
    assert.ok(tail.includes(`${pad(indent)}dependsOn:${eol}${pad(indent + seqOffset)}- name: ${choice.deps[0]}${eol}`), 'sequence indentation');
  }
}
