/**
 * Property-based tests of the functions that read users' YAML: the analyzer, the loader (and `cdk8s-ossm analyze`),
 * `explain` and the OSSM 2.6 → 3 migration. They run on whatever a cluster or repository holds, so for arbitrary
 * objects (manifests.ts) and text they must answer, or refuse with their documented error, never fail from inside;
 * and their answers must not depend on what cannot matter (input order, unrelated objects).
 *
 * Same conventions as fuzz.test.ts (test/fuzz/runs.ts): FUZZ_RUNS inputs per property, scaled by its weight, with the
 * fixed seed FUZZ_SEED; few in `npm test`, 300 in `npm run test:slow`, 5,000 in `npm run fuzz`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { dump } from 'js-yaml';
import {
  analyze, explain, ExplainRequest, Explanation, Finding, KubeObject, migrateOssm2, MigrationInputError, RULE_CODES, SUPPRESS_ANNOTATION_PREFIX, ValidationError,
} from '../../lib';
import { AnalysisContext } from '../../lib/analysis/context';
import { KUBECTL_SCHEMA } from '../../lib/analysis/kubectl-yaml';
import { parseManifests } from '../../lib/analysis/load';
import { storedIdentity } from '../../lib/core/kube-object';
import { validateAll } from '../support/crd-schema';
import { kubeRuleViolations } from '../support/kube-rules';
import { runCli, tempFolderPerTest } from '../support/cli';
import { mapOf } from './arbitraries';
import { FUZZ_RUNS as RUNS, FUZZ_SEED as SEED, fuzzRuns } from './runs';
import { HOSTS, junk, kubeObjects, labels, metadata, NAMESPACES, SCENARIO_NAMESPACE, scenario, smcpSpec } from './manifests';

/** fast-check's parameters for a property of this weight (share of RUNS). */
const runs = (weight = 1): fc.Parameters<unknown> => ({ numRuns: fuzzRuns(weight), seed: SEED });

const ANALYZER_DOC = fs.readFileSync(path.join(__dirname, '../../docs/ANALYZER.md'), 'utf8');
/** The rule codes of the table in docs/ANALYZER.md. */
const DOCUMENTED_CODES = new Set([...ANALYZER_DOC.matchAll(/^\| (OSSM\d{3}) \|/gm)].map((m) => m[1]));

const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
const meta = (o: KubeObject): Record<string, unknown> | undefined =>
  (o.metadata !== null && typeof o.metadata === 'object' && !Array.isArray(o.metadata) ? o.metadata as Record<string, unknown> : undefined);

/** A finding in a form that compares by value, in any order: sorted keys. */
const key = (f: Finding): string => JSON.stringify(Object.fromEntries(Object.entries(f).sort(([a], [b]) => (a < b ? -1 : 1))));
const multiset = (findings: readonly Finding[]): string[] => findings.map(key).sort();
/**
 * OSSM002 points at the other copies of an object by file and line, or, for objects not loaded from files, by their
 * position in the input ("object 3 of the input"): that pointer moves with the object, on purpose. Order-free
 * comparisons read it as "another object of the input".
 */
const positionFree = (f: Finding): Finding => ({ ...f, message: f.message.replace(/\bobjects? [\d, and]+ of the input/g, 'another object of the input') });
const withoutSuppression = ({ suppressedBecause: _, ...rest }: Finding): Finding => rest;

/** `objects` in the order `order` (a permutation of their indexes), except that copies of one object keep their relative order. */
function keepOrderOfCopies(objects: readonly KubeObject[], order: readonly number[]): KubeObject[] {
  const refs = new AnalysisContext(objects).objects;
  // objects without a name (or with one of the wrong type) are read as named '': copies of each other too
  const identity = (i: number) => storedIdentity(refs[i].group, refs[i].kind, refs[i].namespace, refs[i].name);
  const copies = new Map<string, number[]>();
  objects.forEach((_, i) => copies.set(identity(i), [...copies.get(identity(i)) ?? [], i]));
  const next = new Map([...copies].map(([id, list]) => [id, list[Symbol.iterator]()]));
  return order.map((i) => objects[next.get(identity(i))!.next().value as number]);
}

describe(`analyze, ${RUNS} inputs per property, seed ${SEED}`, () => {
  test('never throws; every finding names an object of the input and a documented rule code', () => {
    fc.assert(fc.property(kubeObjects(), (objects) => {
      const result = analyze(objects);
      for (const f of result.findings) {
        expect(RULE_CODES.has(f.code) && DOCUMENTED_CODES.has(f.code)).toBe(true);
        const named = objects.some((o) => (str(o.kind) ?? '') === f.kind && (str(meta(o)?.name) ?? '') === f.name
          && (f.namespace === undefined || f.namespace === (str(meta(o)?.namespace) || 'default')));
        if (!named) throw new Error(`finding ${key(f)} names no object of the input`);
      }
      expect(result.errors + result.warnings + result.suppressed).toBe(result.findings.length);
      expect(result.objects).toBe(objects.length);
    }), runs());
  });

  // Copies of one object (OSSM002) are the exception: applied together, the later one is what the cluster keeps, and
  // the rules check that one (e.g. OSSM301 reads the selector of the last copy of a Gateway). The shuffle keeps the
  // relative order of the copies of each object and moves everything else.
  test('the findings do not depend on the order of the objects (copies of one object keep their order)', () => {
    const input = kubeObjects().chain((objects) => fc.tuple(fc.constant(objects), fc.shuffledSubarray(objects.map((_, i) => i), { minLength: objects.length })
      .map((order) => keepOrderOfCopies(objects, order))));
    fc.assert(fc.property(input, ([objects, shuffled]) => {
      expect(multiset(analyze(shuffled).findings.map(positionFree))).toEqual(multiset(analyze(objects).findings.map(positionFree)));
    }), runs());
  });

  test('suppression annotations only ever remove findings', () => {
    const codes = fc.subarray([...RULE_CODES], { minLength: 1, maxLength: 6 });
    fc.assert(fc.property(kubeObjects(), codes, (objects, suppress) => {
      // the same annotations on every object that can carry them, so that identical copies (OSSM002) stay identical
      const annotated = objects.map((o) => {
        const m = meta(o);
        const annotations = m?.annotations;
        if (!m || (annotations !== undefined && (annotations === null || typeof annotations !== 'object' || Array.isArray(annotations)))) return o;
        // added, never replacing an annotation the object has (which may be an empty, refused suppression: OSSM001)
        const added = Object.fromEntries(suppress.map((c) => [SUPPRESS_ANNOTATION_PREFIX + c, 'reviewed']));
        return { ...o, metadata: { ...m, annotations: { ...added, ...annotations as object } } };
      });
      const before = analyze(objects);
      const after = analyze(annotated);
      expect(multiset(after.findings.map(withoutSuppression))).toEqual(multiset(before.findings.map(withoutSuppression)));
      expect(after.errors).toBeLessThanOrEqual(before.errors);
      expect(after.warnings).toBeLessThanOrEqual(before.warnings);
      const unsuppressedBefore = new Set(before.findings.filter((f) => f.suppressedBecause === undefined).map(key));
      for (const f of after.findings.filter((x) => x.suppressedBecause === undefined)) expect(unsuppressedBefore.has(key(f))).toBe(true);
    }), runs(0.5));
  });
});

/** Lines of YAML-ish text: documents, anchors and aliases, tags, merge keys, flow collections, bad indentation, tabs. */
const YAML_PIECES = [
  '---', '...', 'apiVersion: v1', 'kind: Service', 'kind: List', 'items:', '- apiVersion: v1', '  kind: ConfigMap', 'metadata:', '  name: a',
  '  namespace: b', 'spec: &s', '  ports: [{port: 80}]', 'spec: *s', '<<: *s', '<<: {a: 1}', 'x: !!binary aGk=', 'x: !foo bar', 'x: !!set {a}',
  '? complex', ': key', '- - a', '  - b', 'a: b: c', '\tkey: v', '"unterminated', "'x", '{', '}', '[', ']', 'x: |', '  block', 'x: >-', '%YAML 1.1',
  '%TAG ! tag:x,2000:', 'x: 0777', 'x: yes', 'x: .nan', 'x: 1e400', 'x: ~', '__proto__: {polluted: true}', 'constructor: 1', '&a [*a]', '*unknown',
  'x: \u00fc', '#comment', '', '   ', 'a: 1', 'a: 1', 'apiVersion: [1]', 'kind: {a: 1}',
];
const yamlText = (): fc.Arbitrary<string> => fc.oneof(
  fc.array(fc.tuple(fc.constantFrom('', '', '  ', '    ', ' '), fc.constantFrom(...YAML_PIECES)).map(([indent, line]) => indent + line), { maxLength: 14 })
    .map((lines) => lines.join('\n')),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

describe(`the loader, ${RUNS} inputs per property, seed ${SEED}`, () => {
  test('arbitrary text loads as Kubernetes objects, or fails with a message that names the file and the place', () => {
    fc.assert(fc.property(yamlText(), (text) => {
      let objects: KubeObject[];
      try {
        objects = parseManifests(text, 'in.yaml');
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
        const error = e as Error;
        // not a TypeError or RangeError from inside: the loader's own message, naming the file and where in it
        expect(error.name).toBe('Error');
        expect(error.message).toMatch(/^in\.yaml\b/);
        expect(error.message).toMatch(/line \d+|\(document \d+\)/);
        return;
      }
      for (const o of objects) expect([typeof o.apiVersion, typeof o.kind]).toEqual(['string', 'string']);
    }), runs(2));
  });

  // Dumped with the schema kubectl reads by (KUBECTL_SCHEMA), so that js-yaml quotes every string kubectl would read as
  // something else: with js-yaml's default schema `+_0` and `0X0` stay plain, and kubectl (go-yaml v2), like the
  // loader, reads them as the integer 0.
  test('the objects js-yaml dumps of arbitrary JSON load as those objects', () => {
    // kind must not end in "List" (a List's items are loaded instead of it)
    const object = fc.tuple(fc.string(), fc.string().filter((k) => !k.endsWith('List')), fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }))
      .map(([apiVersion, kind, rest]) => JSON.parse(JSON.stringify({ ...rest, apiVersion, kind })) as KubeObject);
    fc.assert(fc.property(fc.array(object, { maxLength: 4 }), (objects) => {
      const text = objects.map((o) => dump(o, { schema: KUBECTL_SCHEMA })).join('---\n');
      expect(parseManifests(text, 'in.yaml')).toEqual(objects);
    }), runs());
  });
});

describe(`cdk8s-ossm analyze, ${fuzzRuns(0.1)} inputs, seed ${SEED}`, () => {
  const folder = tempFolderPerTest('readers-');
  test('on a file of arbitrary text it reports, or exits 2 with a message that names the file, never with a stack trace', () => {
    fc.assert(fc.property(yamlText(), (text) => {
      const file = folder.write('in.yaml', text);
      const { code, stderr } = runCli('analyze', file);
      expect([0, 1, 2]).toContain(code);
      if (code === 2) expect(stderr).toContain(file);
      expect(stderr).not.toMatch(/\n\s+at |TypeError|RangeError/);
    }), runs(0.1));
  });
});

/** A mostly valid value from `valid`, sometimes one of the wrong type. */
const orJunk = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<T> => fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: junk() as fc.Arbitrary<T>, weight: 1 });
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });

/** A request as a caller (or the CLI) gives it: mostly valid, sometimes with fields of the wrong type. */
const explainRequest = (): fc.Arbitrary<ExplainRequest> => fc.record({
  host: orJunk(fc.oneof({ arbitrary: fc.constantFrom('travels', 'travels.travel-agency'), weight: 3 }, { arbitrary: fc.constantFrom(...HOSTS), weight: 1 })),
  fromNamespace: fc.oneof({ arbitrary: fc.constant(SCENARIO_NAMESPACE), weight: 3 }, { arbitrary: optional(orJunk(fc.constantFrom(...NAMESPACES, 'Bad_NS'))), weight: 1 }),
  port: optional(orJunk(fc.constantFrom(80, 443, 8000, 9080, 3306, 0))),
  path: optional(orJunk(fc.constantFrom('/', '/api', '/api?x=1', 'api', ''))),
  method: optional(orJunk(fc.constantFrom('GET', 'POST', 'get', 'G T'))),
  scheme: optional(orJunk(fc.constantFrom('http', 'https'))),
  authority: optional(orJunk(fc.constantFrom('travels', 'www.example.com'))),
  headers: optional(orJunk(mapOf(fc.constantFrom('portal', 'Host', 'x-user', 'a b', '__proto__', 'constructor'), orJunk(fc.constantFrom('viaggi.it', 'travels.uk', '')), 3))),
  sourceLabels: optional(orJunk(labels())),
}) as fc.Arbitrary<ExplainRequest>;

/** The field order of every part of an explanation, from one that fills every part (docs.test.ts checks it against docs/EXPLAIN.md). */
const SHAPE = (() => {
  const e = explain([
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'n' }, spec: { selector: { app: 's' }, ports: [{ name: 'http', port: 80 }] } },
    { apiVersion: 'networking.istio.io/v1beta1', kind: 'DestinationRule', metadata: { name: 's', namespace: 'n' }, spec: { host: 's', trafficPolicy: {} } },
    { apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', metadata: { name: 's', namespace: 'n' }, spec: { hosts: ['s'], http: [{ route: [{ destination: { host: 's' } }] }] } },
  ], { host: 's.n' });
  return { explanation: Object.keys(e), request: Object.keys(e.request), target: Object.keys(e.target!), rule: Object.keys(e.rules[0]), destination: Object.keys(e.destinations[0]) };
})();

function checkShape(e: Explanation): void {
  expect(Object.keys(e)).toEqual(SHAPE.explanation);
  expect(Object.keys(e.request)).toEqual(SHAPE.request);
  if (e.target !== null) expect(Object.keys(e.target)).toEqual(SHAPE.target);
  for (const r of e.rules) expect(Object.keys(r)).toEqual(SHAPE.rule);
  for (const d of e.destinations) expect(Object.keys(d)).toEqual(SHAPE.destination);
  expect(JSON.parse(JSON.stringify(e))).toEqual(e); // plain JSON: nothing lost or changed by --format json
}

/** Explains, or returns the ValidationError explain documents for a request it cannot explain; anything else fails. */
function explainOrRefusal(objects: readonly KubeObject[], request: ExplainRequest): Explanation | ValidationError {
  try {
    return explain(objects, request);
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
}

/** Objects in a namespace of their own, for a host of their own: nothing a request of the pools can reach. */
const UNRELATED_NS = 'unrelated-zz';
const unrelatedObjects = (): fc.Arbitrary<KubeObject[]> => fc.subarray([
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: UNRELATED_NS } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'zz', namespace: UNRELATED_NS }, spec: { selector: { app: 'zz' }, ports: [{ name: 'http', port: 80 }] } },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'zz', namespace: UNRELATED_NS }, spec: { template: { metadata: { labels: { app: 'zz', version: 'v1' } } } } },
  { apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', metadata: { name: 'zz', namespace: UNRELATED_NS },
    spec: { hosts: ['zz'], http: [{ route: [{ destination: { host: 'zz', subset: 'v1' } }] }] } },
  { apiVersion: 'networking.istio.io/v1beta1', kind: 'DestinationRule', metadata: { name: 'zz', namespace: UNRELATED_NS },
    spec: { host: 'zz', subsets: [{ name: 'v1', labels: { version: 'v1' } }] } },
] as KubeObject[], { minLength: 1 });

describe(`explain, ${RUNS} inputs per property, seed ${SEED}`, () => {
  test('answers in the documented shape, or refuses the request with a ValidationError; never fails from inside', () => {
    fc.assert(fc.property(scenario(), explainRequest(), (objects, request) => {
      const e = explainOrRefusal(objects, request);
      if (!(e instanceof ValidationError)) checkShape(e);
    }), runs());
  });

  test('matchedRule is null or a rule of the chosen VirtualService; weights are 0-100 and sum to 100 when a route matches', () => {
    fc.assert(fc.property(scenario(), explainRequest(), (objects, request) => {
      const e = explainOrRefusal(objects, request);
      if (e instanceof ValidationError) return;
      if (e.matchedRule !== null) {
        expect(Number.isInteger(e.matchedRule)).toBe(true);
        const rules = objects.filter((o) => o.kind === 'VirtualService' && `${str(meta(o)?.namespace) || 'default'}/${str(meta(o)?.name) ?? ''}` === e.virtualService)
          .map((o) => (o.spec as Record<string, unknown> | undefined)?.[e.routeType!]);
        expect(rules.some((r) => Array.isArray(r) && e.matchedRule! < r.length)).toBe(true);
      }
      for (const d of e.destinations) expect(d.weight >= 0 && d.weight <= 100).toBe(true);
      const sum = e.destinations.reduce((total, d) => total + d.weight, 0);
      // weights that are all 0 (or negative, or no numbers) leave nothing to split: Envoy rejects the route, a note says so
      if (e.destinations.length > 0 && sum > 0) expect(sum).toBeCloseTo(100, 6);
      if (e.destinations.length === 1) expect(e.destinations[0].weight).toBe(100); // Istio: a single destination takes all, whatever its weight
    }), runs());
  });

  test('adding objects that cannot matter (another namespace, a host no request names) does not change the answer', () => {
    fc.assert(fc.property(scenario(), explainRequest(), unrelatedObjects(), (objects, request, unrelated) => {
      const before = explainOrRefusal(objects, request);
      const after = explainOrRefusal([...objects, ...unrelated], request);
      expect(after instanceof ValidationError ? after.message : after).toEqual(before instanceof ValidationError ? before.message : before);
    }), runs(0.5));
  });
});

/** Every path of a plain object down to its leaves (scalars, lists, empty objects), dotted. */
function leafPaths(node: unknown, prefix: string[] = []): string[] {
  if (node === null || typeof node !== 'object' || Array.isArray(node) || Object.keys(node).length === 0) return prefix.length > 0 ? [prefix.join('.')] : [];
  return Object.entries(node).flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
}

const smcp = (spec: unknown, apiVersion = 'maistra.io/v2'): KubeObject => ({ apiVersion, kind: 'ServiceMeshControlPlane', metadata: { name: 'basic', namespace: 'istio-system' }, spec } as KubeObject);
/** An SMCP spec at v2.6, the only version migrate accepts (it refuses others with MigrationInputError), in `oneIn - 1` of `oneIn` specs. */
const at26 = (spec: fc.Arbitrary<unknown>, oneIn = 1) => fc.tuple(spec, fc.integer({ min: 1, max: oneIn }))
  .map(([s, n]) => (n === oneIn && oneIn > 1) || s === null || typeof s !== 'object' || Array.isArray(s) ? s : { ...s, version: 'v2.6' });
const memberRoll: KubeObject = { apiVersion: 'maistra.io/v1', kind: 'ServiceMeshMemberRoll', metadata: { name: 'default', namespace: 'istio-system' }, spec: { members: ['travel-agency', 'bookinfo'] } };

describe(`migrateOssm2, ${RUNS} inputs per property, seed ${SEED}`, () => {
  test('returns a result or throws MigrationInputError, and names every field of the SMCP in the report', () => {
    const input = fc.tuple(at26(smcpSpec(), 4), fc.constantFrom('maistra.io/v2', 'maistra.io/v2', 'maistra.io/v1'), metadata(), kubeObjects(4));
    fc.assert(fc.property(input, ([spec, apiVersion, meta, others]) => {
      const objects = [{ ...smcp(spec, apiVersion), metadata: meta } as KubeObject, memberRoll, ...others];
      let result;
      try {
        result = migrateOssm2(objects);
      } catch (e) {
        if (e instanceof MigrationInputError) return;
        throw e;
      }
      if (apiVersion !== 'maistra.io/v2') return;
      const report = result.controlPlanes[0];
      const named = report.fields.map((f) => f.field);
      for (const leaf of leafPaths(spec)) {
        // an empty section of the spec that a profile fills is named by the fields under it
        if (!named.some((f) => leaf === f || leaf.startsWith(`${f}.`) || f.startsWith(`${leaf}.`))) throw new Error(`field ${leaf} is not in the report (${named.join(', ')})`);
      }
    }), runs(0.5));
  });

  test('what it writes for an SMCP the 2.6 CRD accepts passes the OSSM 3 CRD schemas and the Kubernetes name rules', () => {
    // junk one value in 200: most specs pass the 2.6 schema, whose output must then be valid
    fc.assert(fc.property(at26(smcpSpec(200)), (spec) => {
      const input = smcp(spec);
      fc.pre(validateAll([input], '2.6').length === 0);
      const result = migrateOssm2([input, memberRoll]);
      const written = result.files.flatMap((f) => f.objects);
      expect(validateAll(written, '3')).toEqual([]);
      expect(kubeRuleViolations(written as Array<Record<string, unknown>>)).toEqual([]);
    }), runs(0.3));
  });
});
