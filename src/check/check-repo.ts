/** The rule engine: every rule over the repo model, then the repo's rule settings and per-object ignores. */
import { ALL_RULES } from './all-rules.ts';
import { isSeedFlat } from '../discover/layout.ts';
import { SourceLocator } from './locate.ts';
import type { ModelView } from '../discover/model.ts';
import type { Finding } from './finding.ts';
import { isFluxGenerated, type EntryBuild, type Hit, type Rule, type RuleContext } from './rule.ts';
import { schemaCoverage, schemaTargets, type SchemaCoverage } from './rules/schema-invalid.ts';
import { SchemaCatalog } from './schema-catalog.ts';

export const IGNORE_ANNOTATION = 'fluxgen.io/ignore';

/** The seeds' house conventions (SPEC §8): their own severity in a flat repo, warnings in any other layout. */
export const HOUSE_CONVENTIONS: ReadonlySet<string> = new Set([
  'monitoring-outside-monitoring-kustomization',
  'chart-servicemonitor-enabled',
  'namespace-missing-pss',
  'webhook-without-cilium-policy',
]);

export interface CheckOptions {
  /** Schema validators (default: a new catalog); `false` skips `schema-invalid`. */
  schemas?: SchemaCatalog | false;
  /** Only these rules (default: all). */
  rules?: readonly Rule[];
  /** Entry-folder builds to check (see `entryBuildsOf`). */
  entryBuilds?: EntryBuild[];
}

/** Rule ids listed in the object's `fluxgen.io/ignore` annotation. */
function ignoredBy(subject: Hit['subject']): Set<string> {
  const value = (subject as { metadata?: { annotations?: Record<string, unknown> } } | undefined)?.metadata?.annotations?.[IGNORE_ANNOTATION];
  return new Set(typeof value === 'string' ? value.split(',').map((id) => id.trim()).filter(Boolean) : []);
}

function compareFindings(a: Finding, b: Finding): number {
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return text(a.file, b.file) || a.line - b.line || text(a.rule, b.rule) || text(a.message, b.message);
}

/** Runs the rules; applies `.fluxgen.yaml` `rules:` (off, warning, error) and `fluxgen.io/ignore`; sorted by file, line, rule. */
export function checkModel(model: ModelView, options: CheckOptions = {}): Finding[] {
  const schemas = options.schemas === false ? undefined : (options.schemas ?? new SchemaCatalog());
  const context: RuleContext = { model, locate: new SourceLocator(model.root), schemas, entryBuilds: options.entryBuilds };
  const findings = new Map<string, Finding>();
  const patched = new Map<string, { finding: Finding; subjects: Set<string> }>();
  const seedFlat = isSeedFlat(model);
  for (const rule of options.rules ?? ALL_RULES) {
    const setting = model.config.rules[rule.id];
    if (setting === 'off') continue;
    const convention = HOUSE_CONVENTIONS.has(rule.id);
    for (const hit of rule.check(context)) {
      if (ignoredBy(hit.subject).has(rule.id)) continue;
      if (convention && isFluxGenerated(hit.file)) continue;
      const layoutSeverity = convention && !seedFlat ? 'warning' : undefined;
      const finding: Finding = { rule: rule.id, severity: setting ?? layoutSeverity ?? hit.severity ?? rule.severity, file: hit.file, line: hit.line, message: hit.message };
      if (hit.kustomization !== undefined) finding.kustomization = hit.kustomization;
      if (hit.viaPatch) {
        const key = `${finding.rule}\0${finding.file}\0${finding.line}`;
        const group = patched.get(key) ?? { finding, subjects: new Set<string>() };
        if (compareFindings(finding, group.finding) < 0) group.finding = finding;
        group.subjects.add(subjectName(hit.subject));
        patched.set(key, group);
        continue;
      }
      findings.set(`${finding.rule}\0${finding.file}\0${finding.line}\0${finding.message}`, finding);
    }
  }
  for (const { finding, subjects } of patched.values()) findings.set(`${finding.rule}\0${finding.file}\0${finding.line}`, onePerPatch(finding, subjects));
  return [...findings.values()].sort(compareFindings);
}

function subjectName(subject: Hit['subject']): string {
  const object = subject as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | undefined;
  const namespace = typeof object?.metadata?.namespace === 'string' ? `${object.metadata.namespace}/` : '';
  return `${String(object?.kind ?? 'object')}/${namespace}${String(object?.metadata?.name ?? '?')}`;
}

/** The one finding of a Flux patch line, saying how many objects the patch gives the problem. */
function onePerPatch(first: Finding, subjects: ReadonlySet<string>): Finding {
  const names = [...subjects].sort();
  if (names.length === 1) return { ...first, message: `${first.message} (set by this Flux patch)` };
  const shown = names.slice(0, 3).join(', ');
  const more = names.length > 3 ? `, and ${names.length - 3} more` : '';
  return { ...first, message: `this Flux patch affects ${names.length} objects (${shown}${more}); the first: ${first.message}` };
}

export interface CheckResult {
  findings: Finding[];
  schema: SchemaCoverage;
}

/** The builds of the entry folders that no discovered Kustomization builds (built by discovery already). */
export function entryBuildsOf(model: ModelView): EntryBuild[] {
  const covered = new Set(model.kustomizations.map((k) => `${k.cluster}\0${k.path}`));
  return [...model.entries]
    .filter(([cluster, dir]) => !covered.has(`${cluster}\0${dir}`) && model.folders.has(dir))
    .map(([cluster, dir]) => ({ cluster, dir, outcome: model.folders.get(dir)! }));
}

/** Loads the schemas the model's objects need, checks the model, and says how many objects had a schema. */
export async function checkRepoModel(model: ModelView, options: Omit<CheckOptions, 'schemas' | 'entryBuilds'> = {}): Promise<CheckResult> {
  const schemas = new SchemaCatalog();
  const context: RuleContext = { model, locate: new SourceLocator(model.root) };
  await schemas.load(schemaTargets(context).map((entry) => entry.source.object));
  const findings = checkModel(model, { ...options, schemas, entryBuilds: entryBuildsOf(model) });
  return { findings, schema: schemaCoverage(context, schemas) };
}

/** Rule ids in `.fluxgen.yaml` `rules:` that no rule has (likely typos). */
export function unknownRuleSettings(model: Pick<ModelView, 'config'>): string[] {
  const known = new Set(ALL_RULES.map((rule) => rule.id));
  return Object.keys(model.config.rules).filter((id) => !known.has(id)).sort();
}
