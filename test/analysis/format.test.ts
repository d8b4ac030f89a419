import { analyze, AnalysisResult, formatText, KubeObject, parseManifests } from '../../lib/analysis';
import { cleanMesh } from './fixtures';

test('formatText prints one line per finding then the summary, pluralized', () => {
  const result: AnalysisResult = {
    findings: [
      { code: 'OSSM101', severity: 'error', kind: 'VirtualService', namespace: 'ns', name: 'vs', message: 'm1', fix: 'f1' },
      { code: 'OSSM504', severity: 'warning', kind: 'Namespace', name: 'ns', message: 'm2', fix: 'f2' },
      { code: 'OSSM402', severity: 'warning', kind: 'Deployment', namespace: 'ns', name: 'd', message: 'm3', fix: 'f3', suppressedBecause: 'r3' },
    ],
    errors: 1,
    warnings: 1,
    suppressed: 1,
    objects: 1,
  };
  expect(formatText(result)).toBe([
    'ERROR OSSM101 VirtualService/ns/vs: m1 (fix: f1)',
    'WARNING OSSM504 Namespace/ns: m2 (fix: f2)',
    'SUPPRESSED OSSM402 Deployment/ns/d: m3 (reason: r3)',
    '1 error, 1 warning, 1 suppressed in 1 object',
    '',
  ].join('\n'));
  expect(formatText({ findings: [], errors: 2, warnings: 0, suppressed: 0, objects: 57 })).toBe('2 errors, 0 warnings, 0 suppressed in 57 objects\n');
});

test('findings are sorted by severity, code, kind, namespace, name and message, whatever the input order', () => {
  const broken = (objects: KubeObject[]): KubeObject[] => objects.map((o) => {
    if (o.kind === 'VirtualService' && o.metadata?.name === 'travels') return { ...o, spec: { ...o.spec, http: [...o.spec.http].reverse() } };
    if (o.kind === 'Deployment') return { ...o, spec: { ...o.spec, template: { metadata: { labels: { app: 'travels', version: o.metadata?.name?.slice(-2) } } } } };
    if (o.kind === 'DestinationRule') return { ...o, spec: { ...o.spec, subsets: [...o.spec.subsets, { name: 'v9', labels: { version: 'v9' } }, { name: 'x' }] } };
    return o;
  });
  const a = analyze(broken(cleanMesh())).findings;
  const b = analyze(broken(cleanMesh()).reverse()).findings;
  expect(b).toEqual(a);
  expect(a.map((f) => `${f.severity} ${f.code} ${f.name}`)).toEqual([
    'error OSSM202 travels',
    'warning OSSM108 travels',
    'warning OSSM204 travels',
    'warning OSSM501 travels-v1',
    'warning OSSM501 travels-v2',
    'warning OSSM501 travels-v3',
  ]);
});

test('a finding that names its file starts with file:line, as compilers print it', () => {
  const finding = { code: 'OSSM101', severity: 'error', kind: 'VirtualService', namespace: 'ns', name: 'vs', message: 'm1', fix: 'f1' } as const;
  const result: AnalysisResult = {
    findings: [{ ...finding, file: 'dist/02-apps/x.yaml', line: 12 }, { ...finding, suppressedBecause: 'r', file: '<stdin>', line: 3 }],
    errors: 1,
    warnings: 0,
    suppressed: 1,
    objects: 2,
  };
  expect(formatText(result).split('\n').slice(0, 2)).toEqual([
    'dist/02-apps/x.yaml:12: ERROR OSSM101 VirtualService/ns/vs: m1 (fix: f1)',
    '<stdin>:3: SUPPRESSED OSSM101 VirtualService/ns/vs: m1 (reason: r)',
  ]);
});

test('analyze places findings with options.locate, by default where loadManifests read the object', () => {
  const [vs] = parseManifests('\n\napiVersion: networking.istio.io/v1beta1\nkind: VirtualService\nmetadata: {name: vs, namespace: ns}\n'
    + 'spec: {hosts: [vs], http: [{route: [{destination: {host: vs, subset: v1}}]}]}\n', 'vs.yaml');
  const places = (r: AnalysisResult) => r.findings.map((f) => [f.code, f.file, f.line]);
  expect(places(analyze([vs]))).toEqual([['OSSM101', 'vs.yaml', 3], ['OSSM102', 'vs.yaml', 3]]);
  expect(places(analyze([vs], { locate: () => ({ file: 'elsewhere.yaml', line: 7 }) }))).toEqual([['OSSM101', 'elsewhere.yaml', 7], ['OSSM102', 'elsewhere.yaml', 7]]);
  const synthesized = { ...vs }; // an object built in code has no source: no file, no line
  expect(analyze([synthesized]).findings.map((f) => Object.keys(f).filter((k) => k === 'file' || k === 'line'))).toEqual([[], []]);
});
