/** What `fluxgen check` does once its flags are parsed: loaded only when check runs. */
import pc from 'picocolors';
import { ALL_RULES } from '../check/all-rules.ts';
import { checkRepoModel, unknownRuleSettings } from '../check/check-repo.ts';
import { describeCoverage } from '../check/rules/schema-invalid.ts';
import { loadRepoModel } from '../discover/discover-repo.ts';
import { FluxgenError } from '../errors.ts';
import { formatCheckJson, formatCheckText, formatNotices } from '../report/check-text.ts';
import { formatRemoteWarnings } from '../report/remote-warnings.ts';
import { formatSarif } from '../report/sarif.ts';
import type { CheckFlags } from './check-command.ts';
import { wantsColor } from './color.ts';
import { withProgress } from './progress.ts';

/** Discovers and builds the repo at `root`, runs every rule, prints the findings; throws CHECK_FAILED on an error finding. */
export async function runCheck(root: string, flags: CheckFlags): Promise<void> {
  const progress = (text: string) => process.stderr.write(`fluxgen: ${text}\n`);
  progress(`discovering and building the Flux Kustomizations of ${root}${flags.cluster ? ` (cluster ${flags.cluster})` : ''}…`);
  const model = await withProgress(flags.format === 'text', (onProgress) => loadRepoModel(root, { cluster: flags.cluster, path: flags.path, onProgress }));
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
}
