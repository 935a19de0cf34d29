/**
 * The editor fuzz run shared by `npm run fuzz` (10,000 files) and the test suite (500): for each
 * generated file and request, checkScenario (untouched bytes, model, style, idempotence) plus a
 * whole-object check — every document of the result re-parses to exactly the expected object.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { upsertKustomization } from '../../src/edit/upsert-kustomization.ts';
import { fluxFileArbitrary, requestChoiceArbitrary, type GeneratedFile, type RequestChoice } from './arbitraries.ts';
import { checkScenario, scenarioRequest } from './check-scenario.ts';

type Obj = Record<string, any>;

const objects = (text: string): unknown[] => parseAllDocuments(text, { version: '1.1' }).map((doc) => doc.toJS());

/** `doc` with `names` appended to spec.dependsOn as `{name}` entries (what the editor promises). */
function withDependsOn(doc: Obj, names: string[]): Obj {
  const copy = structuredClone(doc);
  const spec = (copy.spec ??= {});
  spec.dependsOn = [...(Array.isArray(spec.dependsOn) ? spec.dependsOn : []), ...names.map((name) => ({ name }))];
  return copy;
}

/** Every document of the edited text equals the original object, except the one requested. */
export function checkObjects(file: GeneratedFile, choice: RequestChoice): void {
  const { request, target } = scenarioRequest(file, choice);
  const edited = upsertKustomization(file.source, request, 'clusters/test/infrastructure.yaml').source;
  const before = objects(file.source);
  const after = objects(edited);
  if (target) {
    const missing = [...new Set(choice.deps)].filter((dep) => !target.dependsOn.includes(dep));
    const isTarget = (doc: unknown) => (doc as Obj | null)?.kind === 'Kustomization' && (doc as Obj).metadata?.name === target.name;
    const expected = missing.length === 0 ? before : before.map((doc) => (isTarget(doc) ? withDependsOn(doc as Obj, missing) : doc));
    assert.deepEqual(after, expected, 'only the target changed, and only by the missing dependsOn');
  } else {
    // a file that ends in a bare `---` parses with a trailing empty document, which the new one fills
    const kept = before.at(-1) === null ? before.slice(0, -1) : before;
    assert.deepEqual(after.slice(0, -1), kept, 'every existing document unchanged');
    const present = (request.document.spec as Obj).dependsOn?.map((d: Obj) => d.name) ?? [];
    const added = withDependsOn(request.document, [...new Set(choice.deps)].filter((dep) => !present.includes(dep)));
    assert.deepEqual(after.at(-1), choice.deps.length === 0 && present.length === 0 ? request.document : added, 'the new document is the request');
  }
}

export interface FuzzResult {
  runs: number;
  failed: number;
  seed: number;
  /** fast-check's report of the first failure, shrunk, with the seed and path to replay it. */
  report?: string;
}

/** Runs `numRuns` generated scenarios (every one, counting failures), shrinking the first failure. */
export function fuzzEditor(numRuns: number, seed: number): FuzzResult {
  let runs = 0;
  let failed = 0;
  const check = (file: GeneratedFile, choice: RequestChoice) => {
    checkScenario(file, choice);
    checkObjects(file, choice);
  };
  fc.assert(
    fc.property(fluxFileArbitrary, requestChoiceArbitrary, (file, choice) => {
      runs++;
      try {
        check(file, choice);
      } catch {
        failed++;
      }
    }),
    { numRuns, seed },
  );
  if (failed === 0) return { runs, failed, seed };
  const details = fc.check(fc.property(fluxFileArbitrary, requestChoiceArbitrary, check), { numRuns, seed });
  return { runs, failed, seed, report: fc.defaultReportMessage(details) ?? undefined };
}
