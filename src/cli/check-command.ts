/** `fluxgen check`: discover, build, run every rule; findings as text, JSON or SARIF; exit 1 on an error finding. */
import { Command, Option } from 'commander';
import pc from 'picocolors';
import { ALL_RULES } from '../check/all-rules.ts';
import { checkRepoModel, unknownRuleSettings } from '../check/check-repo.ts';
import { describeCoverage } from '../check/rules/schema-invalid.ts';
import { loadRepoModel } from '../discover/discover-repo.ts';
import { FluxgenError } from '../errors.ts';
import { formatCheckJson, formatCheckText, formatNotices } from '../report/check-text.ts';
import { formatRemoteWarnings } from '../report/remote-warnings.ts';
import { formatSarif } from '../report/sarif.ts';
import { wantsColor } from './color.ts';
import { infraRoot, single } from './options.ts';

interface CheckFlags {
  format: 'text' | 'json' | 'sarif';
  cluster?: string;
  path?: string;
}

export function checkCommand(program: Command): Command {
  return program
    .command('check')
    .description('build every Flux Kustomization of every cluster and check the output against the anti-pattern rules and the upstream schemas; exit 1 on an error finding')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .option('--cluster <name>', 'only this cluster (default: every cluster)', single('--cluster'))
    .option('--path <dir>', 'only this entry folder (cluster named by --cluster, default the folder name)', single('--path'))
    .action(async (flags: CheckFlags, command: Command) => {
      const root = infraRoot(command.optsWithGlobals().infraRoot);
      const progress = (text: string) => process.stderr.write(`fluxgen: ${text}\n`);
      progress(`discovering and building the Flux Kustomizations of ${root}${flags.cluster ? ` (cluster ${flags.cluster})` : ''}…`);
      const model = await loadRepoModel(root, { cluster: flags.cluster, path: flags.path });
      for (const id of unknownRuleSettings(model)) progress(`warning: .fluxgen.yaml rules: "${id}" is not a rule id; it has no effect`);
      progress(`checking ${model.kustomizations.length} Kustomizations of ${model.clusters.length === 1 ? 'cluster' : 'clusters'} ${model.clusters.join(', ')}…`);
      process.stderr.write(formatRemoteWarnings(model.builder.remoteReferences()));
      const { findings, schema } = await checkRepoModel(model);
      progress(`schemas: ${describeCoverage(schema)}`);

      if (flags.format !== 'json') process.stderr.write(formatNotices(model.notices));
      if (flags.format === 'json') process.stdout.write(formatCheckJson(findings, model.notices));
      else if (flags.format === 'sarif') process.stdout.write(formatSarif(findings, ALL_RULES, model.config.rules));
      else process.stdout.write(formatCheckText(findings, pc.createColors(wantsColor())));

      const errors = findings.filter((f) => f.severity === 'error').length;
      if (errors > 0) {
        throw new FluxgenError('CHECK_FAILED', `${errors} error finding${errors === 1 ? '' : 's'}`, {
          hint: 'fix each finding as its message says, or turn the rule down (`rules: {<id>: warning}`) in .fluxgen.yaml or for one object with the annotation fluxgen.io/ignore: <id>',
        });
      }
    });
}
