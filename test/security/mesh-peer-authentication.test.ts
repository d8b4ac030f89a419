// MeshPeerAuthentication: mesh-wide, namespace-wide, workload and port-level mTLS; both platforms; bad values refused.
import { App, Chart, Testing } from 'cdk8s';
import { MeshPeerAuthentication, MeshPeerAuthenticationProps, MeshService, MtlsMode } from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { validateAll } from '../support/crd-schema';
import { V1_MESH, meshApp } from '../support/control-planes';

const reviews = MeshService.fromServiceName('reviews', 'bookinfo', { port: 9080, versions: ['v1'] });
const LABELS = { 'app.kubernetes.io/managed-by': 'cdk8s-ossm' };

const chart = () => new Chart(meshApp(), 'c');
const peer = (props: MeshPeerAuthenticationProps): KubeObject => { const c = chart(); new MeshPeerAuthentication(c, 'pa', props); return Testing.synth(c)[0]; };

describe('MeshPeerAuthentication', () => {
  test('mesh-wide: in the control plane\'s namespace, named default', () => {
    expect(peer({ mode: MtlsMode.STRICT })).toEqual({
      apiVersion: 'security.istio.io/v1beta1', kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'istio-system', labels: LABELS }, spec: { mtls: { mode: 'STRICT' } },
    });
  });

  test('namespace-wide, workload by service (with port-level modes), workload by selector', () => {
    expect(peer({ mode: MtlsMode.PERMISSIVE, namespace: 'bookinfo' })).toMatchObject({ metadata: { name: 'default', namespace: 'bookinfo' }, spec: { mtls: { mode: 'PERMISSIVE' } } });
    expect(peer({ mode: MtlsMode.STRICT, service: reviews, portLevelMtls: { 9080: MtlsMode.DISABLE } })).toMatchObject({
      metadata: { name: 'reviews', namespace: 'bookinfo' },
      spec: { selector: { matchLabels: { app: 'reviews' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 9080: { mode: 'DISABLE' } } },
    });
    expect(peer({ mode: MtlsMode.UNSET, namespace: 'bookinfo', selector: { app: 'details' }, name: 'details', portLevelMtls: { 8080: MtlsMode.STRICT } }).spec)
      .toEqual({ selector: { matchLabels: { app: 'details' } }, mtls: { mode: 'UNSET' }, portLevelMtls: { 8080: { mode: 'STRICT' } } });
  });

  test('security.istio.io/v1 on OSSM 3; valid on both platforms', () => {
    const old = peer({ mode: MtlsMode.STRICT, service: reviews, portLevelMtls: { 9080: MtlsMode.PERMISSIVE } });
    const v1 = peer({ mode: MtlsMode.STRICT, service: reviews, portLevelMtls: { 9080: MtlsMode.PERMISSIVE }, controlPlane: V1_MESH });
    expect(v1.apiVersion).toBe('security.istio.io/v1');
    expect(v1.spec).toEqual(old.spec);
    expect(validateAll([old], '2.6')).toEqual([]);
    expect(validateAll([v1], '3')).toEqual([]);
  });

  test.each<[string, MeshPeerAuthenticationProps, RegExp]>([
    ['an unknown mode', { mode: 'strict' as MtlsMode }, /c\/pa: mode "strict" is not valid\. Allowed: "UNSET", "DISABLE", "PERMISSIVE", "STRICT"\./],
    ['port-level modes on a namespace policy', { mode: MtlsMode.STRICT, namespace: 'bookinfo', portLevelMtls: { 80: MtlsMode.DISABLE } },
      /c\/pa: portLevelMtls \{"80":"DISABLE"\} is not valid\. Allowed: only with service or selector/],
    ['a port 0', { mode: MtlsMode.STRICT, service: reviews, portLevelMtls: { 0: MtlsMode.DISABLE } }, /c\/pa: portLevelMtls port 0 is not valid/],
    ['a selector without namespace', { mode: MtlsMode.STRICT, selector: { app: 'x' }, name: 'x' }, /c\/pa: namespace undefined is not valid\. Allowed: the namespace of the pods/],
    ['a selector without name', { mode: MtlsMode.STRICT, namespace: 'bookinfo', selector: { app: 'x' } }, /c\/pa: name undefined is not valid\. Allowed: a name/],
    ['an empty selector', { mode: MtlsMode.STRICT, namespace: 'bookinfo', selector: {}, name: 'x' }, /c\/pa: selector \{\} is not valid\. Allowed: at least one label/],
    ['service and selector', { mode: MtlsMode.STRICT, service: reviews, selector: { app: 'x' } }, /c\/pa: service and selector .* is not valid\. Allowed: one of service and selector\./],
    ['another namespace than the service\'s', { mode: MtlsMode.STRICT, service: reviews, namespace: 'other' }, /c\/pa: namespace "other" is not valid\. Allowed: the service's namespace/],
  ])('%s is refused', (_, props, message) => {
    expect(() => peer(props)).toThrow(message);
  });
});
