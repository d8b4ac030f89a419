import { Yaml } from 'cdk8s';
import fc from 'fast-check';
import { loadAll } from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { kubectlPlainScalar } from '../../lib/analysis/kubectl-scalars';
import { KUBECTL_SCHEMA } from '../../lib/analysis/kubectl-yaml';
import { stringifyYaml } from '../../lib/synth/yaml-text';
import { fuzzRuns } from '../fuzz/runs';

/** Strings that YAML writers must quote or write as blocks, or that sit at the edge of what is written plain. */
const TRICKY_STRINGS = [
  // read as something else when plain (YAML 1.1 and 1.2, kubectl's go-yaml)
  'true', 'True', 'TRUE', 'false', 'yes', 'Yes', 'no', 'NO', 'on', 'Off', 'y', 'Y', 'n', 'N', 'null', 'Null', 'NULL', '~', '',
  '0', '-1', '+1', '1.0', '.5', '1e3', 'e3', 'E-3', '1_000', '0x1F', '0o17', '0O17', '0X1F', '0B1', '-0o7', '0o1_7', '017', '0b101', '1:20', '190:20:30.15', '.inf', '-.Inf',
  '.nan', 'NaN', 'Infinity', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '2002-12-14 21:59:43.10 -5', '<<', '=',
  // indicators and comments
  '- x', '-', '?', '? x', ':', 'a: b', 'a:', 'a :b', 'a:b', 'a #b', 'a#b', '#x', '@x', '`x', '!x', '&x', '*x', '|', '>', '%x',
  '"x\'', "it's", '"quoted"', '{}', '[]', '[a]', '{a: 1}', 'a, b', ',',
  // whitespace, lines, document markers
  ' x', 'x ', '  ', '\t', ' \n', '\t\n', '  \n\n', '\n \n', 'a\tb', 'a  b', 'a\nb', 'a\nb\n', 'a\n\n', '\n', '\nx', 'x\n\n\ny', ' lead\nx', 'x\n lead', 'a \nb',
  '---', '...', '--- x', 'a\n---\nb', 'a\n...\n', '#!/bin/sh\necho "$1"\n',
  // unicode and control characters
  'é', '日本語', '😀', 'a\u0085b', '\u2028', '\ufeffx', '\u00a0', '\x7f', '\x00', '\x1b[0m', '\ud800', 'a\udc00b', '\r\n', '\x85', '\x9f',
  '\uFFFE', '\uFFFF', 'a\uFEFF',
  // long
  'a'.repeat(1100), `${'a '.repeat(600)}b`,
  // what manifests are made of
  'quay.io/kiali/demo_travels_portal:v1', 'sidecar.istio.io/inject', 'app.kubernetes.io/managed-by', 'IfNotPresent', '8080',
  'http://x.example.com:8080/a?b=c', 'x-canary', '*.example.com', 'travels.travel-agency.svc.cluster.local', '100m', '0.5',
];

const tricky = fc.constantFrom(...TRICKY_STRINGS);
const someString = fc.oneof(
  tricky,
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9+\-. :_]{0,6}$/), // around the plain-string rule
  fc.stringMatching(/^(---|\.\.\.|[a-z #:\n-]){0,8}$/), // document markers, comments, colons and lines mixed
);

/** JSON data with the strings above as keys and values. */
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    someString, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(someString, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A document as synthesis gives one: a map, usually non-empty. */
const document = fc.dictionary(someString, json, { maxKeys: 6 });

/**
 * Characters that kubectl's go-yaml refuses in a stream (outside YAML's printable set, or a byte order mark inside a
 * document); lone surrogates too.
 */
const NOT_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A string that cdk8s's YAML 1.1 writer leaves plain although kubectl (go-yaml) reads it as a number, such as `0o17`. */
const readAsNumberByKubectl = (s: string) => Yaml.stringify({ a: s }) === `a: ${s}\n` && kubectlPlainScalar(s) !== s;

/**
 * Whether some key or string in `value` is {@link readAsNumberByKubectl}, holds a byte order mark or is blank lines
 * with spaces, or some key is the merge key `<<`: where this writer quotes what cdk8s's writes so that it is misread.
 */
function misreadByKubectl(value: unknown): boolean {
  const misread = (s: string) => readAsNumberByKubectl(s) || NOT_PRINTABLE.test(s) || (/^[\t \n]+$/.test(s) && /\n/.test(s) && /[\t ]/.test(s));
  if (typeof value === 'string') return misread(value);
  if (Array.isArray(value)) return value.some(misreadByKubectl);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([k, v]) => k === '<<' || misread(k) || misreadByKubectl(v));
  }
  return false;
}

/** As JSON has it (-0 is 0; both YAML writers keep -0, which JSON data cannot hold). */
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('stringifyYaml', () => {
  test('writes byte for byte what cdk8s Yaml.stringify writes, for any JSON documents', () => {
    fc.assert(fc.property(fc.array(fc.oneof(document, json), { maxLength: 3 }), (docs) => {
      fc.pre(!misreadByKubectl(docs));
      expect(stringifyYaml(...docs)).toBe(Yaml.stringify(...docs));
    }), { numRuns: fuzzRuns(10) }); // 3,000 in npm run test:slow (test/fuzz/runs.ts)
  });

  test('except where cdk8s writes what is read back as something else: numbers for kubectl, a << key, blank lines, a byte order mark', () => {
    expect(Yaml.stringify({ '<<': 'x' })).toBe('<<: x\n');
    expect(() => parseAllDocuments(Yaml.stringify({ '<<': 'x' }), { version: '1.1' })[0].toJS()).toThrow(/Merge sources must be maps/);
    expect(stringifyYaml({ '<<': 'x', 'a': '<<' })).toBe('!!str "<<": x\na: <<\n');
    expect(parseAllDocuments(Yaml.stringify({ a: ' \n' }))[0].toJS()).toEqual({ a: '\n' }); // the space is lost
    expect(stringifyYaml({ a: ' \n' })).toBe('a: "\\ \\n"\n');
    expect(parseAllDocuments(Yaml.stringify({ '\uFEFFa': 1 }))[0].toJS()).toEqual({ a: 1 }); // the byte order mark is lost
    expect(stringifyYaml({ '\uFEFFa': 1 })).toBe('"\\uFEFFa": 1\n');

    const strings = TRICKY_STRINGS.filter(readAsNumberByKubectl);
    expect(strings).toEqual(['0o17', '0O17', '0X1F', '0B1', '-0o7', '0o1_7']);
    for (const s of strings) {
      const input = { [s]: s, list: [s] };
      expect(loadAll(Yaml.stringify(input), undefined, { schema: KUBECTL_SCHEMA })).not.toEqual([input]);
      const text = stringifyYaml(input);
      expect(text).toBe(`"${s}": "${s}"\nlist:\n  - "${s}"\n`);
      expect(loadAll(text, undefined, { schema: KUBECTL_SCHEMA })).toEqual([input]);
    }
  });

  test('and for what is not JSON: undefined, -0, non-finite numbers, objects written twice, dates, maps', () => {
    const shared = { a: { b: 1 } };
    const empty = {};
    const cases: unknown[][] = [
      [{ a: undefined, b: [undefined, null] }],
      [undefined, { a: 1 }, undefined],
      [{ zero: -0, inf: Infinity, nan: NaN, big: 1e21, tiny: 5e-324 }],
      [{ first: shared, second: shared }],
      [{ first: empty, second: [empty] }],
      [{ when: new Date(0) }],
      [{ map: new Map([['a', 1]]) }],
      [{ set: new Set([1]) }],
      [[1, [2, [3, { a: [] }]]]],
      [{}, [], 'top', 3, null, true],
      [Object.assign(Object.create(null), { a: 1 })],
    ];
    for (const docs of cases) expect(stringifyYaml(...docs)).toBe(Yaml.stringify(...docs));
  });

  test('objects written twice in one document become an anchor and aliases, as cdk8s writes them', () => {
    const shared = { app: 'x' };
    expect(stringifyYaml({ a: shared, b: shared })).toBe('a: &a1\n  app: x\nb: *a1\n');
  });

  test('parses back to exactly the input with the yaml package (YAML 1.1, as cdk8s) and with js-yaml as kubectl reads it', () => {
    fc.assert(fc.property(fc.array(document, { minLength: 1, maxLength: 3 }), (docs) => {
      const input = asJson(docs);
      const text = stringifyYaml(...input);
      expect(text).not.toMatch(NOT_PRINTABLE);
      expect(parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS())).toEqual(input);
      expect(loadAll(text, undefined, { schema: KUBECTL_SCHEMA })).toEqual(input);
    }), { numRuns: fuzzRuns(20 / 3) }); // 2,000 in npm run test:slow
  });

  test('every tricky string, as a key and as a value, in a map and in a sequence, parses back as itself', () => {
    for (const s of TRICKY_STRINGS) {
      const input = { [s]: s, nested: { list: [s, { [s]: [s] }] } };
      const text = stringifyYaml(input);
      expect({ s, parsed: parseAllDocuments(text, { version: '1.1' })[0].toJS() }).toEqual({ s, parsed: input });
      expect({ s, parsed: loadAll(text, undefined, { schema: KUBECTL_SCHEMA })[0] }).toEqual({ s, parsed: input });
    }
  });

  test('plain strings stay plain; strings read as something else are quoted; lines become a block', () => {
    expect(stringifyYaml({
      image: 'quay.io/kiali/demo_travels_portal:v1', inject: 'true', port: '8080', on: 'yes', e: 'E5', date: '2001-12-14',
      script: 'a\nb\n', ports: [8080, 'http'],
    })).toBe([
      'image: quay.io/kiali/demo_travels_portal:v1', 'inject: "true"', 'port: "8080"', '"on": "yes"', 'e: "E5"', 'date: "2001-12-14"',
      'script: |', '  a', '  b', 'ports:', '  - 8080', '  - http', '',
    ].join('\n'));
  });
});
