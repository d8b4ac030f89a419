// OSSM001 (suppression annotations) and OSSM002 (two objects with one identity).
import { analyze, KubeObject, parseManifests } from '../../../lib/analysis';
import { cleanMesh, withEdit, findings } from '../fixtures';

describe('OSSM001 suppression annotation', () => {
  const annotate = (key: string, value: string): KubeObject[] =>
    withEdit(cleanMesh(), 'Deployment', 'travels-v1', (o) => { o.metadata.annotations = { [key]: value }; });
  test('fires for an unknown code and for an empty reason', () => {
    expect(findings(annotate('suppress.analysis.cdk8s-ossm.io/OSSM999', 'why'), 'OSSM001')).toHaveLength(1);
    expect(findings(annotate('suppress.analysis.cdk8s-ossm.io/ossm501', 'why'), 'OSSM001')).toHaveLength(1);
    const empty = findings(annotate('suppress.analysis.cdk8s-ossm.io/OSSM501', ' '), 'OSSM001');
    expect(empty.map((f) => f.message)).toEqual([expect.stringContaining('empty reason')]);
  });
  test('does not fire for a known code with a reason', () => {
    expect(findings(annotate('suppress.analysis.cdk8s-ossm.io/OSSM501', 'tested elsewhere'), 'OSSM001')).toEqual([]);
  });
});

describe('OSSM002 two objects with one identity, in any YAML set', () => {
  const vs = (host: string) => `apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: travels
  namespace: travel-agency
spec:
  hosts: [${host}]
  http:
  - route:
    - destination: {host: ${host}}
`;
  test('an error on each copy, naming the file and line of the other', () => {
    const objects = [...parseManifests(vs('travels'), 'base.yaml'), ...parseManifests(`---\n${vs('travels.example.com')}`, 'step.yaml')];
    const found = analyze(objects).findings.filter((f) => f.code === 'OSSM002');
    // sorted by message, as every finding of one object kind and name
    expect(found.map((f) => [f.severity, f.file, f.line, f.message])).toEqual([
      ['error', 'step.yaml', 2, 'VirtualService travel-agency/travels is also written at base.yaml:1: applied together, the later replaces the earlier, and what differs in the earlier is lost'],
      ['error', 'base.yaml', 1, 'VirtualService travel-agency/travels is also written at step.yaml:2: applied together, the later replaces the earlier, and what differs in the earlier is lost'],
    ]);
  });

  test('a warning for identical copies; v1beta1 and v1 are one object; other namespaces, kinds and groups are not', () => {
    const same = analyze([...parseManifests(vs('travels'), 'a.yaml'), ...parseManifests(vs('travels'), 'b.yaml')]).findings.filter((f) => f.code === 'OSSM002');
    expect(same.map((f) => f.severity)).toEqual(['warning', 'warning']);
    expect(same[0].message).toContain('(they are identical, so one is enough)');
    const v1 = parseManifests(vs('travels').replace('v1beta1', 'v1'), 'v1.yaml');
    expect(analyze([...parseManifests(vs('x'), 'a.yaml'), ...v1]).findings.filter((f) => f.code === 'OSSM002')).toHaveLength(2);
    const others = [
      ...parseManifests(vs('travels'), 'a.yaml'),
      ...parseManifests(vs('travels').replace('namespace: travel-agency', 'namespace: other'), 'b.yaml'),
      ...parseManifests(vs('travels').replace('kind: VirtualService', 'kind: DestinationRule'), 'c.yaml'),
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'VirtualService', metadata: { name: 'travels', namespace: 'travel-agency' } },
    ];
    expect(analyze(others).findings.filter((f) => f.code === 'OSSM002')).toEqual([]);
  });

  test('objects built in code are named by their position', () => {
    const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n' }, data: { a: '1' } };
    const found = analyze([obj, { ...obj, data: { a: '2' } }]).findings.filter((f) => f.code === 'OSSM002');
    expect(found.map((f) => f.message)).toEqual([
      'ConfigMap n/c is also written at object 1 of the input: applied together, the later replaces the earlier, and what differs in the earlier is lost',
      'ConfigMap n/c is also written at object 2 of the input: applied together, the later replaces the earlier, and what differs in the earlier is lost',
    ]);
  });
});
