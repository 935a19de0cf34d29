/** One real `check` run: discovery, builds, schemas and rules, printed as it goes and returned for the run cache. */
import pc from 'picocolors';
import { ALL_RULES } from '../check/all-rules.ts';
import { checkRepoModel, unknownRuleSettings } from '../check/check-repo.ts';
import { describeCoverage } from '../check/rules/schema-invalid.ts';
import { loadRepoModel } from '../discover/discover-repo.ts';
import { FluxgenError } from '../errors.ts';
import type { RunOutput } from './cached-run.ts';
import { formatCheckJson, formatCheckText, formatNotices } from '../report/check-text.ts';
import { formatRemoteWarnings } from '../report/remote-warnings.ts';
import { formatSarif } from '../report/sarif.ts';
import type { CheckFlags } from './check-command.ts';
import { withProgress } from './progress.ts';

/** Runs check once, printing as it goes; throws CHECK_FAILED on an error finding. */
export async function checkOnce(root: string, flags: CheckFlags, color: boolean, { out, err }: RunOutput): Promise<void> {
  const progress = (text: string) => err(`fluxgen: ${text}\n`);
  progress(`discovering and building the Flux Kustomizations of ${root}${flags.cluster ? ` (cluster ${flags.cluster})` : ''}…`);
  const model = await withProgress(flags.format === 'text', (onProgress) => loadRepoModel(root, { cluster: flags.cluster, path: flags.path, onProgress }));
  for (const id of unknownRuleSettings(model)) progress(`warning: .fluxgen.yaml rules: "${id}" is not a rule id; it has no effect`);
  progress(`checking ${model.kustomizations.length} Kustomizations of ${model.clusters.length === 1 ? 'cluster' : 'clusters'} ${model.clusters.join(', ')}…`);
  err(formatRemoteWarnings(model.builder.remoteReferences()));
  const { findings, schema } = await checkRepoModel(model);
  progress(`schemas: ${describeCoverage(schema)}`);

  if (flags.format !== 'json') err(formatNotices(model.notices));
  if (flags.format === 'json') out(formatCheckJson(findings, model.notices));
  else if (flags.format === 'sarif') out(formatSarif(findings, ALL_RULES, model.config.rules));
  else out(formatCheckText(findings, pc.createColors(color)));

  const errors = findings.filter((f) => f.severity === 'error').length;
  if (errors > 0) {
    throw new FluxgenError('CHECK_FAILED', `${errors} error finding${errors === 1 ? '' : 's'}`, {
      hint: 'fix each finding as its message says, or turn the rule down (`rules: {<id>: warning}`) in .fluxgen.yaml or for one object with the annotation fluxgen.io/ignore: <id>',
    });
  }
}
