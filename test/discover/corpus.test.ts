import { cp, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { RepoModel } from '../../src/discover/model.ts';
import { loadRepoModel } from '../../src/discover/discover-repo.ts';
import { listYamlFiles } from '../../src/discover/repo-files.ts';
import { tempDir } from '../helpers/repo.ts';
import { CORPUS, describeShared } from '../helpers/shared.ts';

interface Expected {
  cluster: string;
  file: string;
  name: string;
  namespace: string;
  line: number;
}

/** Flux Kustomizations of a file, each with the first line of its document that is neither blank, comment nor `---`. */
function expectedOf(text: string, cluster: string, file: string): Expected[] {
  const lines = text.split('\n');
  return parseAllDocuments(text).flatMap((doc) => {
    const value = doc.toJS() as Record<string, any> | null;
    if (!value?.apiVersion?.startsWith?.('kustomize.toolkit.fluxcd.io/') || value.kind !== 'Kustomization') return [];
    let line = text.slice(0, doc.range[0]).split('\n').length;
    while (/^\s*(#.*)?$|^---/.test(lines[line - 1]!)) line += 1;
    return [{ cluster, file, name: value.metadata.name, namespace: value.metadata.namespace ?? 'flux-system', line }];
  });
}

describeShared('loadRepoModel on the corpus of real Flux Kustomization files (each file the entry of its own cluster)', () => {
  let model: RepoModel;
  const expected: Expected[] = [];

  beforeAll(async () => {
    const root = await tempDir('fluxgen-corpus-');
    const files = await listYamlFiles(CORPUS);
    for (const [index, source] of files.entries()) {
      const cluster = `c${String(index).padStart(2, '0')}`;
      const file = `clusters/${cluster}/${path.posix.basename(source)}`;
      await mkdir(path.join(root, 'clusters', cluster), { recursive: true });
      await cp(path.join(CORPUS, source), path.join(root, file));
      expected.push(...expectedOf(await readFile(path.join(CORPUS, source), 'utf8'), cluster, file));
    }
    model = await loadRepoModel(root);
  }, 180_000);

  it('finds every one of them, in its cluster, file and namespace, at the line its document starts', () => {
    expect(expected.length).toBeGreaterThan(200);
    const found = model.kustomizations.map(({ cluster, file, name, namespace, line }) => ({ cluster, file, name, namespace, line }));
    const order = (a: Expected, b: Expected) => (`${a.cluster}/${a.namespace}/${a.name}` < `${b.cluster}/${b.namespace}/${b.name}` ? -1 : 1);
    expect(found.sort(order)).toEqual(expected.sort(order));
  });

  it('builds every cluster file despite anchors, ${VAR} substitutions and other kinds beside them', async () => {
    const outcomes = await model.builder.build([...model.entries.values()]);
    expect([...outcomes.values()].filter((outcome) => outcome.error)).toEqual([]);
  });
});
