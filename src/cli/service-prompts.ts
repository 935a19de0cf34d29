/** The interactive questions of `npx plop service`, validated by the shared core; Enter gives the CLI's defaults. */
import type { RepoModel } from '../discover/model.ts';
import { validateConfig, validateHealthPath, validateImage, validateSecretKeys, type ServiceInput } from '../plan/plan-service.ts';
import { validateName } from '../plan/validate.ts';
import { check, type Asker } from './prompts.ts';

/** A comma-separated answer as a list ('' → none). */
const list = (value: string) => value.split(',').map((v) => v.trim()).filter((v) => v !== '');

/** Asks what `fluxgen service` takes as flags. */
export async function askService(asker: Asker, repo: RepoModel): Promise<ServiceInput> {
  const { name } = await asker.prompt([{ type: 'input', name: 'name', message: 'Service name', validate: check((v) => validateName(v, 'service name')) }]);
  const answers = await asker.prompt([
    { type: 'input', name: 'image', message: 'Container image', validate: check((v) => validateImage(v, name)) },
    { type: 'input', name: 'port', message: 'Container port', validate: (v: string) => /^[0-9]+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535 ? true : 'a whole number from 1 to 65535' },
    ...(repo.clusters.length > 1 ? [{ type: 'checkbox', name: 'envs', message: 'Envs (none: every env)', choices: repo.clusters }] : []),
    { type: 'input', name: 'config', message: 'ConfigMap entries KEY=VALUE, comma-separated (empty: none)', default: '', validate: check((v) => validateConfig(list(v))) },
    { type: 'input', name: 'secrets', message: 'Secret keys, comma-separated (empty: none)', default: '', validate: check((v) => validateSecretKeys(list(v))) },
    { type: 'input', name: 'healthPath', message: 'Health check path', default: '/health', validate: check(validateHealthPath) },
  ]);
  return {
    name,
    image: answers.image,
    port: answers.port,
    clusters: answers.envs?.length ? answers.envs : undefined,
    config: list(answers.config),
    secrets: list(answers.secrets),
    healthPath: answers.healthPath,
  };
}
