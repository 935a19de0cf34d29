/** fast-check generators of hand-written-looking multi-document Flux files, with their known model. */
import fc from 'fast-check';
import { renderFile, type DependsOnStyle, type DepSpec, type DocSpec, type FileSpec, type GeneratedFile } from './generated-file.ts';

export * from './generated-file.ts';

export const NAMES = ['apps', 'cert-manager', 'cilium', 'db', 'infra', 'kyverno', 'longhorn', 'monitoring', 'storage', 'web'];
const MAX_DOCS = 6;

const depArb = fc.record({
  name: fc.constantFrom(...NAMES, 'external-secrets', 'snapshot-controller'),
  form: fc.constantFrom<DepSpec['form']>('object', 'object', 'namespaced', 'string'),
});
const docArb: fc.Arbitrary<DocSpec> = fc.record({
  kind: fc.constantFrom<DocSpec['kind']>('Kustomization', 'Kustomization', 'Kustomization', 'ConfigMap', 'GitRepository'),
  namespace: fc.boolean(),
  anchor: fc.boolean(),
  deps: fc.uniqueArray(depArb, { maxLength: 4, selector: (dep) => dep.name }),
  style: fc.constantFrom<DependsOnStyle>('none', 'block', 'block', 'flow', 'flow-spaced', 'flow-multiline', 'empty', 'null', 'tilde'),
  position: fc.constantFrom<DocSpec['position']>('first', 'middle', 'last'),
  keyComment: fc.boolean(),
  lineComment: fc.boolean(),
  patch: fc.boolean(),
  substitution: fc.boolean(),
  startMarker: fc.boolean(),
  commentAfterMarker: fc.boolean(),
  endMarker: fc.boolean(),
  between: fc.array(fc.constantFrom<'blank' | 'comment' | 'commented-doc'>('blank', 'comment', 'commented-doc'), { maxLength: 3 }),
});

/** Random pieces of a file: line ending, indentation, markers, comments, documents. */
export const fileSpecArbitrary: fc.Arbitrary<FileSpec> = fc.record({
  eol: fc.constantFrom<FileSpec['eol']>('\n', '\r\n'),
  indent: fc.constantFrom<FileSpec['indent']>(2, 4),
  indentSeq: fc.boolean(),
  finalNewline: fc.boolean(),
  header: fc.array(fc.constantFrom('# Managed by hand', '# yaml-language-server: $schema=https://example.com/k.json', '#'), { maxLength: 2 }),
  names: fc.shuffledSubarray(NAMES, { minLength: MAX_DOCS, maxLength: MAX_DOCS }),
  docs: fc.array(docArb, { maxLength: MAX_DOCS }),
});

/** Generated files: text plus model. */
export const fluxFileArbitrary: fc.Arbitrary<GeneratedFile> = fileSpecArbitrary.map(renderFile);

/** How to pick a request against a generated file. */
export interface RequestChoice { mode: 'update' | 'append'; target: number; deps: string[]; inDocument: boolean; comments: string[] }

/** Random requests: update one existing Kustomization or append a new one, with some dependsOn. */
export const requestChoiceArbitrary: fc.Arbitrary<RequestChoice> = fc.record({
  mode: fc.constantFrom<RequestChoice['mode']>('update', 'append'),
  target: fc.nat(),
  deps: fc.uniqueArray(fc.constantFrom(...NAMES, 'external-secrets', 'snapshot-controller'), { maxLength: 3 }),
  inDocument: fc.boolean(),
  comments: fc.array(fc.constantFrom('REVIEW: check the path', 'REVIEW: computed from CRDs', ''), { maxLength: 2 }),
});
