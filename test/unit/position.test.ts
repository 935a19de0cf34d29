/** Positions are data on FluxgenError, formatted once (formatPosition) where the error is printed. */
import { describe, expect, it } from 'vitest';
import { thrown } from '../helpers/refusal.ts';
import { LineCounter } from 'yaml';
import { assertParses } from '../../src/build/assert-parses.ts';
import { formatError } from '../../src/cli/print-error.ts';
import { parseError, parseStream } from '../../src/edit/parse-stream.ts';
import { describeError, FluxgenError, formatPosition } from '../../src/errors.ts';
import { decodeUtf8 } from '../../src/edit/decode.ts';
import { restoredError } from '../../src/write/change-set.ts';

describe('formatPosition', () => {
  it.each([
    [{ file: 'a.yaml' }, 'a.yaml'],
    [{ file: 'a.yaml', line: 3 }, 'a.yaml:3'],
    [{ file: 'a.yaml', line: 3, col: 7 }, 'a.yaml:3:7'],
    [{ file: 'a.yaml', line: undefined, col: undefined }, 'a.yaml'],
  ])('%o → %s', (position, shown) => {
    expect(formatPosition(position)).toBe(shown);
  });
});

describe('a positioned FluxgenError', () => {
  it('keeps the position out of its message and prints it once, before the message', () => {
    const error = new FluxgenError('INFRA_PARSE', 'Tabs are not allowed as indentation', { position: { file: 'clusters/c/infrastructure.yaml', line: 2, col: 1 }, hint: 'fix it' });
    expect(error.message).toBe('Tabs are not allowed as indentation');
    expect(describeError(error)).toBe('clusters/c/infrastructure.yaml:2:1: Tabs are not allowed as indentation');
    expect(formatError(error)).toBe('fluxgen: error [INFRA_PARSE]: clusters/c/infrastructure.yaml:2:1: Tabs are not allowed as indentation\n  fix: fix it\n');
    expect(formatError(new FluxgenError('BAD_NAME', 'no position'))).toBe('fluxgen: error [BAD_NAME]: no position\n');
  });

  it('keeps its position when restoredError says the repo was restored', () => {
    const error = restoredError(new FluxgenError('BAD_KUSTOMIZATION', 'lists "x.yaml", which does not exist', { position: { file: 'k/kustomization.yaml', line: 2, col: 5 } }));
    expect(describeError(error)).toBe('k/kustomization.yaml:2:5: lists "x.yaml", which does not exist; every file was restored, nothing was changed');
  });

  it('is what the parsers throw', () => {
    const tab = thrown(() => parseStream('a:\n\tb: 1\n', 'f.yaml'));
    expect(tab.position).toEqual({ file: 'f.yaml', line: 2, col: 1 });
    expect(tab.message).toBe('Tabs are not allowed as indentation');
    const lines = new LineCounter();
    lines.addNewLine(0);
    lines.addNewLine(5);
    expect(parseError('f.yaml', lines, 7, 'why').position).toEqual({ file: 'f.yaml', line: 2, col: 3 });
    const latin1 = thrown(() => decodeUtf8(Buffer.from('# caf\xe9\n', 'latin1'), 'g.yaml'));
    expect(latin1.position).toEqual({ file: 'g.yaml', line: 1, col: 6 });
    expect(latin1.message).toBe('the file is not UTF-8 text (byte 0xe9)');
    const invalid = thrown(() => assertParses('h.yaml', 'a: [\n'));
    expect(invalid.code).toBe('YAML_INVALID');
    expect(invalid.position?.file).toBe('h.yaml');
    expect(invalid.message).toMatch(/^generated YAML does not parse: /);
  });
});
