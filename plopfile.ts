/** `npx plop component`, `npx plop monitoring`, `npx plop netpol`: the same questions, plan and code path as the CLI. */
import type { NodePlopAPI } from 'node-plop';
import { printError } from './src/cli/print-error.ts';
import { askExistingComponent } from './src/cli/prompt-existing.ts';
import { askComponent, requireTty, type Asker } from './src/cli/prompts.ts';
import { infraRoot } from './src/cli/options.ts';
import type { RepoModel } from './src/discover/model.ts';
import { loadRepoModel } from './src/discover/discover-repo.ts';
import type { ChangeResult, RunChangeOptions } from './src/generate/run-change.ts';
import { formatReportMarkdown } from './src/report/run-report.ts';
import { runComponent } from './src/commands/component/run-component.ts';
import { runMonitoring } from './src/commands/monitoring/run-monitoring.ts';
import { runNetpol } from './src/commands/netpol/run-netpol.ts';
import { runService } from './src/commands/service/run-service.ts';
import { askService } from './src/cli/service-prompts.ts';

interface Answers {
  input?: object;
  root: string;
}

/** One interactive generator: its questions, and the run the CLI command makes of the answers. */
interface Form {
  description: string;
  ask(asker: Asker, repo: RepoModel): Promise<object>;
  run(input: object, options: RunChangeOptions): Promise<ChangeResult>;
}

const FORMS: Record<string, Form> = {
  component: { description: 'add a Helm-based cluster component (same as `fluxgen component`)', ask: askComponent, run: runComponent as Form['run'] },
  monitoring: { description: 'split out or add the -monitoring part of an existing component (same as `fluxgen monitoring`)', ask: (asker, repo) => askExistingComponent(asker, repo, 'monitoring'), run: runMonitoring as Form['run'] },
  netpol: { description: 'add the CiliumNetworkPolicy to an existing component (same as `fluxgen netpol`)', ask: (asker, repo) => askExistingComponent(asker, repo, 'netpol'), run: runNetpol as Form['run'] },
  service: { description: 'add an application in the base/overlays layout (same as `fluxgen service`)', ask: askService as Form['ask'], run: runService as Form['run'] },
};

/** Prints a core error as the CLI does and exits with its code (plop itself would exit 0 or 1). */
function exitWith(error: unknown): never {
  process.exit(printError(error));
}

export default function plopfile(plop: NodePlopAPI): void {
  for (const [name, form] of Object.entries(FORMS)) {
    plop.setActionType(`fluxgen-${name}`, async (answers) => {
      const { input, root } = answers as Answers;
      try {
        const result = await form.run(input!, { root });
        process.stdout.write(formatReportMarkdown(result.report, { dryRun: false, recreateCommand: result.recreateCommand }));
        return `${result.report.filesCreated.length} created, ${result.report.filesModified.length} modified`;
      } catch (error) {
        exitWith(error);
      }
    });

    plop.setGenerator(name, {
      description: form.description,
      prompts: async (inquirer: unknown): Promise<Answers> => {
        const root = infraRoot(undefined);
        try {
          requireTty(name);
          const repo = await loadRepoModel(root);
          process.stdout.write(`Infra repository: ${root}\n`);
          const input = await form.ask(inquirer as Asker, repo);
          const plan = await form.run(input, { root, dryRun: true });
          process.stdout.write(`\n${formatReportMarkdown(plan.report, { dryRun: true, recreateCommand: plan.recreateCommand })}\n`);
          const { confirm } = await (inquirer as Asker).prompt([{ type: 'confirm', name: 'confirm', message: 'Write these files?', default: true }]);
          if (!confirm) {
            process.stdout.write('Nothing written.\n');
            return { root };
          }
          return { input, root };
        } catch (error) {
          exitWith(error);
        }
      },
      actions: (answers) => ((answers as Answers).input ? [{ type: `fluxgen-${name}` }] : []),
    });
  }
}
