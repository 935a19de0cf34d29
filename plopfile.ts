/** `npx plop component`: the same questions, plan and code path as `fluxgen component`. */
import type { NodePlopAPI } from 'node-plop';
import { printError } from './src/cli/print-error.ts';
import { askComponent, requireTty, type Asker } from './src/cli/prompts.ts';
import { infraRoot } from './src/cli/options.ts';
import type { ComponentInput } from './src/plan/plan-component.ts';
import { loadRepoModel } from './src/discover/discover-repo.ts';
import { formatReportMarkdown } from './src/report/run-report.ts';
import { runComponent } from './src/commands/component/run-component.ts';
import { runService } from './src/commands/service/run-service.ts';
import { askService } from './src/cli/service-prompts.ts';
import type { ServiceInput } from './src/plan/plan-service.ts';

interface Answers {
  input?: ComponentInput;
  root: string;
}

/** Prints a core error as the CLI does and exits with its code (plop itself would exit 0 or 1). */
function exitWith(error: unknown): never {
  process.exit(printError(error));
}

export default function plopfile(plop: NodePlopAPI): void {
  plop.setActionType('fluxgen-component', async (answers) => {
    const { input, root } = answers as Answers;
    try {
      const result = await runComponent(input!, { root });
      process.stdout.write(formatReportMarkdown(result.report, { dryRun: false, recreateCommand: result.recreateCommand }));
      return `${result.report.filesCreated.length} created, ${result.report.filesModified.length} modified`;
    } catch (error) {
      exitWith(error);
    }
  });

  plop.setActionType('fluxgen-service', async (answers) => {
    const { service, root } = answers as { service?: ServiceInput; root: string };
    try {
      const result = await runService(service!, { root });
      process.stdout.write(formatReportMarkdown(result.report, { dryRun: false, recreateCommand: result.recreateCommand }));
      return `${result.report.filesCreated.length} created, ${result.report.filesModified.length} modified`;
    } catch (error) {
      exitWith(error);
    }
  });

  plop.setGenerator('service', {
    description: 'add an application in the base/overlays layout (same as `fluxgen service`)',
    prompts: async (inquirer: unknown) => {
      const root = infraRoot(undefined);
      try {
        requireTty();
        const repo = await loadRepoModel(root);
        process.stdout.write(`Infra repository: ${root}\n`);
        const service = await askService(inquirer as Asker, repo);
        const plan = await runService(service, { root, dryRun: true });
        process.stdout.write(`\n${formatReportMarkdown(plan.report, { dryRun: true, recreateCommand: plan.recreateCommand })}\n`);
        const { confirm } = await (inquirer as Asker).prompt([{ type: 'confirm', name: 'confirm', message: 'Write these files?', default: true }]);
        return confirm ? { service, root } : { root };
      } catch (error) {
        exitWith(error);
      }
    },
    actions: (answers) => ((answers as { service?: ServiceInput }).service ? [{ type: 'fluxgen-service' }] : []),
  });

  plop.setGenerator('component', {
    description: 'add a Helm-based cluster component (same as `fluxgen component`)',
    prompts: async (inquirer: unknown): Promise<Answers> => {
      const root = infraRoot(undefined);
      try {
        requireTty();
        const repo = await loadRepoModel(root);
        process.stdout.write(`Infra repository: ${root}\n`);
        const input = await askComponent(inquirer as Asker, repo);
        const plan = await runComponent(input, { root, dryRun: true });
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
    actions: (answers) => ((answers as Answers).input ? [{ type: 'fluxgen-component' }] : []),
  });
}
