/** Writes generated file specs as text the way a person might, and predicts what the reader finds. */

export type DependsOnStyle = 'none' | 'block' | 'flow' | 'flow-spaced' | 'flow-multiline' | 'empty' | 'null' | 'tilde';
export interface DepSpec { name: string; form: 'object' | 'namespaced' | 'string' }
export interface DocSpec {
  kind: 'Kustomization' | 'ConfigMap' | 'GitRepository';
  namespace: boolean;
  anchor: boolean;
  deps: DepSpec[];
  style: DependsOnStyle;
  position: 'first' | 'middle' | 'last';
  keyComment: boolean;
  lineComment: boolean;
  patch: boolean;
  substitution: boolean;
  startMarker: boolean;
  commentAfterMarker: boolean;
  endMarker: boolean;
  between: Array<'blank' | 'comment' | 'commented-doc'>;
}
export interface FileSpec {
  eol: '\n' | '\r\n';
  indent: 2 | 4;
  indentSeq: boolean;
  finalNewline: boolean;
  header: string[];
  names: string[];
  docs: DocSpec[];
}
/** What the reader must find: one entry per Kustomization, in file order. */
export interface ModelKustomization { name: string; namespace?: string; dependsOn: string[]; path: string }
/** A generated file: its text, where each document's own lines are, and the model. */
export interface GeneratedFile {
  spec: FileSpec;
  source: string;
  docs: Array<{ kind: DocSpec['kind']; name: string; start: number; end: number; style: DependsOnStyle }>;
  kustomizations: ModelKustomization[];
  /** Whether the file holds a block sequence under a key, so its sequence indentation is detectable. */
  hasBlockSeq: boolean;
}

/** Writes a FileSpec as text the way a person might, recording each document's extent. */
export function renderFile(spec: FileSpec): GeneratedFile {
  const { eol, indent, indentSeq } = spec;
  const pad = (level: number) => ' '.repeat(indent * level);
  const dash = (level: number) => pad(level) + (indentSeq ? pad(1) : '') + '- ';
  let source = spec.header.map((line) => line + eol).join('');
  let hasBlockSeq = false;
  const docs: GeneratedFile['docs'] = [];
  const kustomizations: ModelKustomization[] = [];
  spec.docs.forEach((doc, index) => {
    const name = spec.names[index];
    const start = source.length;
    if (index > 0 || doc.startMarker) source += `---${eol}` + (doc.commentAfterMarker ? `# ${name}${eol}` : '');
    const lines = doc.kind === 'Kustomization' ? kustomizationLines(doc, name) : otherLines(doc, name);
    source += lines.map((line) => line + eol).join('');
    docs.push({ kind: doc.kind, name, start, end: source.length, style: effectiveStyle(doc) });
    if (doc.endMarker) source += `...${eol}`;
    for (const piece of doc.between) source += betweenLines(piece).map((line) => line + eol).join('');
  });
  if (!spec.finalNewline && source.endsWith(eol)) source = source.slice(0, -eol.length);
  for (const doc of docs) doc.end = Math.min(doc.end, source.length);
  return { spec, source, docs, kustomizations, hasBlockSeq };

  function kustomizationLines(doc: DocSpec, name: string): string[] {
    const deps = ['none', 'empty', 'null', 'tilde'].includes(doc.style) ? [] : doc.deps;
    kustomizations.push({ name, ...(doc.namespace ? { namespace: 'flux-system' } : {}), dependsOn: deps.map((d) => d.name), path: `./apps/${name}` });
    const keys: string[][] = [
      [`${pad(1)}interval: 10m`],
      [`${pad(1)}path: ./apps/${name}`, `${pad(1)}prune: true`],
      [`${pad(1)}sourceRef:`, `${pad(2)}kind: GitRepository`, `${pad(2)}name: flux-system`],
    ];
    if (doc.anchor) keys.push([`${pad(1)}commonMetadata:`, `${pad(2)}labels:`, `${pad(3)}app.kubernetes.io/name: *appname`]);
    if (doc.substitution) keys.push([`${pad(1)}postBuild:`, `${pad(2)}substitute:`, `${pad(3)}DOMAIN: \${SECRET_DOMAIN}`]);
    if (doc.patch) {
      hasBlockSeq = true;
      const content = ' '.repeat(indent + (indentSeq ? indent : 0) + 2 + indent);
      keys.push([`${pad(1)}patches:`, `${dash(1)}patch: |-`, `${content}- op: add`, `${content}  path: /x`]);
    }
    const dependsOn = dependsOnLines(doc, deps);
    if (dependsOn.length > 0) keys.splice({ first: 0, middle: 2, last: keys.length }[doc.position], 0, dependsOn);
    if (doc.keyComment) keys.splice(1, 0, [`${pad(1)}# why this runs every ten minutes`]);
    if (doc.keyComment && doc.position === 'middle') keys.splice(2, 0, ['']);
    const meta = [`${pad(1)}name: ${doc.anchor ? '&appname ' : ''}${name}`, ...(doc.namespace ? [`${pad(1)}namespace: flux-system`] : [])];
    return ['apiVersion: kustomize.toolkit.fluxcd.io/v1', 'kind: Kustomization', 'metadata:', ...meta, 'spec:', ...keys.flat()];
  }

  function dependsOnLines(doc: DocSpec, deps: DepSpec[]): string[] {
    const key = `${pad(1)}dependsOn:`;
    const comment = doc.lineComment ? ' # ordering' : '';
    const flow = (dep: DepSpec, space: string) =>
      dep.form === 'string' ? dep.name : `{${space}name: ${dep.name}${dep.form === 'namespaced' ? ', namespace: flux-system' : ''}${space}}`;
    switch (doc.style) {
      case 'none': return [];
      case 'empty': return [`${key} []${comment}`];
      case 'null': return [`${key}${comment}`];
      case 'tilde': return [`${key} ~${comment}`];
      case 'flow': return [`${key} [${deps.map((d) => flow(d, '')).join(', ')}]${comment}`];
      case 'flow-spaced': return [`${key} [ ${deps.map((d) => flow(d, ' ')).join(', ')} ]${comment}`];
      case 'flow-multiline':
        if (deps.length === 0) return [`${key} []`];
        return [`${key} [${comment}`, ...deps.map((d, i) => `${pad(2)}${flow(d, '')}${i < deps.length - 1 ? ',' : ''}`), `${pad(1)}]`];
      case 'block':
        if (deps.length === 0) return [`${key} []`];
        hasBlockSeq = true;
        return [`${key}${comment}`, ...deps.flatMap((d) => blockEntry(d))];
    }
  }

  function blockEntry(dep: DepSpec): string[] {
    if (dep.form === 'string') return [`${dash(1)}${dep.name}`];
    const entry = [`${dash(1)}name: ${dep.name}`];
    if (dep.form === 'namespaced') entry.push(`${pad(1)}${indentSeq ? pad(1) : ''}  namespace: flux-system`);
    return entry;
  }

  function otherLines(doc: DocSpec, name: string): string[] {
    if (doc.kind === 'GitRepository') {
      return [
        'apiVersion: source.toolkit.fluxcd.io/v1', 'kind: GitRepository', 'metadata:', `${pad(1)}name: ${name}`,
        'spec:', `${pad(1)}url: https://example.com/${name}.git`, `${pad(1)}ref: {branch: main}`,
      ];
    }
    return [
      'apiVersion: v1', 'kind: ConfigMap', 'metadata:', `${pad(1)}name: ${name}`, 'data:', `${pad(1)}settings.yaml: |`,
      `${pad(2)}domain: \${SECRET_DOMAIN}`, `${pad(2)}list:`, `${pad(2)}- a`, `${pad(2)}# not a comment`,
    ];
  }
}

function effectiveStyle(doc: DocSpec): DependsOnStyle {
  const list = ['block', 'flow', 'flow-spaced', 'flow-multiline'].includes(doc.style);
  return list && doc.deps.length === 0 ? 'empty' : doc.style;
}

function betweenLines(piece: 'blank' | 'comment' | 'commented-doc'): string[] {
  if (piece === 'blank') return [''];
  if (piece === 'comment') return ['# --- notes between documents ---'];
  return ['# ---', '# apiVersion: kustomize.toolkit.fluxcd.io/v1', '# kind: Kustomization', '# metadata:', '#   name: disabled'];
}

