/** The question of `npx plop monitoring` and `npx plop netpol`: which existing component, picked from a list. */
import { FluxgenError } from '../errors.ts';
import type { RepoModel } from '../discover/model.ts';
import { componentNames } from '../plan/existing-component.ts';
import type { Asker } from './prompts.ts';

/** The components of every cluster of the repo, sorted (a Flux Kustomization with a path in this repository each). */
export function existingComponents(repo: RepoModel): string[] {
  return [...new Set(repo.clusters.flatMap((cluster) => componentNames(repo, cluster)))].sort();
}

/** Asks which existing component `command` works on; a repo without any is refused (exit 2). */
export async function askExistingComponent(asker: Asker, repo: RepoModel, command: string): Promise<{ name: string }> {
  const choices = existingComponents(repo);
  if (choices.length === 0) {
    throw new FluxgenError('UNKNOWN_COMPONENT', `${repo.root} has no component for \`${command}\` to work on`, { hint: 'add one first with `npx plop component` or `fluxgen component <name> ...`' });
  }
  const { name } = await asker.prompt([{ type: 'list', name: 'name', message: 'Component', choices, pageSize: Math.max(choices.length, 7) }]);
  return { name };
}
