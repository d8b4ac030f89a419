import { analyze, AnalysisResult, formatText, KubeObject } from '../../lib/analysis';
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
