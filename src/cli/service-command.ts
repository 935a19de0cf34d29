/** `fluxgen service <name>`: flags → ServiceInput → the shared pipeline → summary (base/overlays layout). */
import type { Command } from 'commander';
import type { ServiceInput } from '../plan/plan-service.ts';
import { collect, infraRoot, single } from './options.ts';
import { addWriteFlags, runAndPrint, writeOptions, type WriteFlags } from './write-flags.ts';

interface ServiceFlags extends WriteFlags {
  image?: string;
  port?: string;
  env?: string[];
  replicas?: string;
  config?: string[];
  secret?: string[];
  namespace?: string;
  healthPath?: string;
}

/** The flags as a ServiceInput: the same shape the prompts and records produce. `--env` and `--cluster` both name envs. */
export function serviceInputFromFlags(name: string, flags: ServiceFlags): ServiceInput {
  const envs = [...(flags.env ?? []), ...(flags.cluster ?? [])];
  return {
    name,
    image: flags.image,
    port: flags.port,
    clusters: envs.length > 0 ? envs : undefined,
    replicas: flags.replicas,
    config: flags.config,
    secrets: flags.secret,
    namespace: flags.namespace,
    healthPath: flags.healthPath,
  };
}

/** Registers `fluxgen service` on the program. */
export function serviceCommand(program: Command): Command {
  return addWriteFlags(program.command('service'))
    .description("add an application in the base/overlays layout: base/<name>/, overlays/<env>/<name>/, clusters/<env>/apps/<name>.yaml, or the repo's own folders (e.g. apps/base/<name>/ and apps/<env>/<name>/ under the env's one apps Kustomization)")
    .argument('<name>', 'service name (DNS-1123 label); the folders are base/<name> and overlays/<env>/<name>, or the repo\'s own')
    .option('--image <image>', 'container image, e.g. ghcr.io/org/app:1.2.3', single('--image'))
    .option('--port <port>', 'container port', single('--port'))
    .option('--env <env>', 'env to deploy to (repeatable; a clusters/<env>/ folder; default: every env)', collect)
    .option('--replicas <n>', 'replicas in every env (default: 2 in production-like envs, else 1)', single('--replicas'))
    .option('--config <key=value>', 'ConfigMap entry (repeatable)', collect)
    .option('--secret <key>', 'key of the Secret template, written with a placeholder (repeatable)', collect)
    .option('--namespace <ns>', "namespace (default: the one the env's other services use)", single('--namespace'))
    .option('--health-path <path>', 'HTTP path of the liveness and readiness probes (default /health)', single('--health-path'))
    .action(async (name: string, flags: ServiceFlags, command: Command) => {
      const root = infraRoot(command.optsWithGlobals().infraRoot);
      const { runService } = await import('../commands/service/run-service.ts');
      await runAndPrint(flags, (onProgress) => runService(serviceInputFromFlags(name, flags), { root, ...writeOptions(flags), onProgress }));
    });
}
