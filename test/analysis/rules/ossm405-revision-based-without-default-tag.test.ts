// OSSM405: a RevisionBased Istio needs the IstioRevisionTag default for istio-injection=enabled namespaces (OSSM 3 only).
import { KubeObject } from '../../../lib/analysis';
import { AGENCY, CP, codes, controlPlane, findings, memberRoll } from '../fixtures';

const DISCOVERY = { 'istio-discovery': 'enabled' };
const istio = (name: string, type?: string): KubeObject => ({
  apiVersion: 'sailoperator.io/v1', kind: 'Istio', metadata: { name },
  spec: { namespace: CP, version: 'v1.30.3', ...(type && { updateStrategy: { type } }), values: { meshConfig: { discoverySelectors: [{ matchLabels: DISCOVERY }] } } },
});
const tag = (name: string, target = 'default'): KubeObject => ({
  apiVersion: 'sailoperator.io/v1', kind: 'IstioRevisionTag', metadata: { name }, spec: { targetRef: { kind: 'Istio', name: target } },
});
const namespace = (name: string, labels: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
const mesh = (...control: KubeObject[]): KubeObject[] => [
  ...control,
  namespace(CP, DISCOVERY),
  namespace(AGENCY, { ...DISCOVERY, 'istio-injection': 'enabled' }),
  namespace('canary', { ...DISCOVERY, 'istio.io/rev': 'default-v1-30-3' }),
];

test('fires for each istio-injection=enabled namespace of a RevisionBased Istio without the tag, naming the Istio', () => {
  const f = findings(mesh(istio('default', 'RevisionBased')), 'OSSM405');
  expect(f).toEqual([expect.objectContaining({ severity: 'warning', kind: 'Namespace', name: AGENCY })]);
  expect(f[0].message).toMatch(/asks for the revision "default", but Istio default updates RevisionBased .*no IstioRevisionTag named default/);
});

test('silent with the tag default, with InPlace updates, with an InPlace Istio named default beside, and on OSSM 2', () => {
  expect(codes(mesh(istio('default', 'RevisionBased'), tag('default')))).not.toContain('OSSM405');
  expect(codes(mesh(istio('default', 'InPlace')))).not.toContain('OSSM405');
  expect(codes(mesh(istio('default')))).not.toContain('OSSM405');
  expect(codes(mesh(istio('default'), istio('canary', 'RevisionBased')))).not.toContain('OSSM405');
  // a tag of another name does not serve istio-injection
  expect(codes(mesh(istio('default', 'RevisionBased'), tag('prod')))).toContain('OSSM405');
  const ossm2 = [controlPlane(), memberRoll([AGENCY]), namespace(AGENCY, { 'istio-injection': 'enabled' })];
  expect(codes(ossm2)).not.toContain('OSSM405');
});
