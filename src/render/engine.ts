/** The handlebars engine: templates give the shape, every value goes through the YAML library. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { Document, isMap, isScalar } from 'yaml';

/** templates/ at the package root, found from src/render/ or from its compiled copy in dist/src/render/. */
export const TEMPLATES_DIR = findTemplates(path.dirname(fileURLToPath(import.meta.url)));

function findTemplates(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'templates', 'component'))) return path.join(dir, 'templates');
    if (path.dirname(dir) === dir) throw new Error(`fluxgen templates/ not found above ${from}`);
  }
}

/** Options for every YAML fluxgen writes: YAML 1.1 quoting keeps "yes", "on", "0755" strings. */
export const YAML_OPTIONS = { version: '1.1', lineWidth: 0 } as const;

/** One scalar as YAML, on one line; refuses anything that would need more. */
export function yamlScalar(value: unknown): string {
  const text = new Document(value, { version: '1.1' }).toString({ lineWidth: 0 }).replace(/\n$/, '');
  if (text.includes('\n')) throw new Error(`value does not fit on one line: ${JSON.stringify(value)}`);
  return text;
}

/**
 * A mapping as a YAML block indented by `indent` spaces (`{}` when empty), with an optional
 * comment line above some top-level keys.
 */
export function yamlBlock(value: Record<string, unknown>, indent: number, keyComments: Record<string, string> = {}): string {
  const doc = new Document(value, { version: '1.1' });
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      if (isScalar(pair.key) && typeof pair.key.value === 'string' && keyComments[pair.key.value]) {
        pair.key.commentBefore = ` ${commentText(keyComments[pair.key.value]!)}`;
      }
    }
  }
  const pad = ' '.repeat(indent);
  return doc
    .toString({ lineWidth: 0, indentSeq: true })
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => (line ? pad + line : line))
    .join('\n');
}

/** A comment's text: one line, no control characters. */
export function commentText(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

const engine = Handlebars.create();
engine.registerHelper('yaml', (value: unknown) => yamlScalar(value));
engine.registerHelper('block', (value: Record<string, unknown>, indent: number, options: Handlebars.HelperOptions) =>
  yamlBlock(value, indent, (options.hash.comments ?? {}) as Record<string, string>),
);
engine.registerHelper('comment', (value: string) => commentText(value));

const cache = new Map<string, Handlebars.TemplateDelegate>();

/** Renders templates/<name>.hbs with the context. */
export function renderTemplate(name: string, context: object): string {
  let template = cache.get(name);
  if (!template) {
    const source = readFileSync(path.join(TEMPLATES_DIR, `${name}.hbs`), 'utf8');
    template = engine.compile(source, { noEscape: true, strict: true });
    cache.set(name, template);
  }
  return template(context);
}
