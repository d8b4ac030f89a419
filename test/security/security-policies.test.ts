// Security as code: PeerAuthentication (mesh, namespace, workload, port level), AuthorizationPolicy (ALLOW, DENY,
// AUDIT, allow-nothing), principals, and the control plane's data-plane mTLS; both platforms; bad values refused.
import { App, Chart, Testing } from 'cdk8s';
import {
  AuthorizationAction, DEFAULT_MESH_CONTROL_PLANE, IMeshControlPlane, IstioApiVersion, MaistraControlPlane, MeshAuthorizationPolicy,
  MeshAuthorizationPolicyProps, MeshBaseChart, MeshPeerAuthentication, MeshPeerAuthenticationProps, MeshService, MtlsMode, OssmVersion,
  serviceAccountPrincipal, synthWarningsOf,
} from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { validateAll } from '../support/crd-schema';

const V1_MESH: IMeshControlPlane = { ...DEFAULT_MESH_CONTROL_PLANE, ossmVersion: OssmVersion.V3, istioApiVersion: IstioApiVersion.V1, createsGatewayRoutes: false };
const reviews = MeshService.fromServiceName('reviews', 'bookinfo', { port: 9080, versions: ['v1'] });
const LABELS = { 'app.kubernetes.io/managed-by': 'cdk8s-ossm' };

const chart = () => new Chart(new App(), 'c');
const peer = (props: MeshPeerAuthenticationProps): KubeObject => { const c = chart(); new MeshPeerAuthentication(c, 'pa', props); return Testing.synth(c)[0]; };
const policy = (props: MeshAuthorizationPolicyProps): KubeObject => { const c = chart(); new MeshAuthorizationPolicy(c, 'ap', props); return Testing.synth(c)[0]; };

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

describe('MeshAuthorizationPolicy', () => {
  test('allow-nothing: ALLOW without rules', () => {
    expect(policy({ name: 'allow-nothing', namespace: 'bookinfo', rules: [] })).toEqual({
      apiVersion: 'security.istio.io/v1beta1', kind: 'AuthorizationPolicy', metadata: { name: 'allow-nothing', namespace: 'bookinfo', labels: LABELS }, spec: {},
    });
  });

  test('ALLOW GET from one principal to a service\'s pods (Istio\'s reviews-viewer); DENY and AUDIT', () => {
    const viewer = policy({
      name: 'reviews-viewer', service: reviews, action: AuthorizationAction.ALLOW,
      rules: [{ from: [{ principals: [serviceAccountPrincipal('bookinfo', 'bookinfo-productpage')] }], to: [{ methods: ['GET'] }] }],
    });
    expect(viewer.spec).toEqual({
      selector: { matchLabels: { app: 'reviews' } }, action: 'ALLOW',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/bookinfo/sa/bookinfo-productpage'] } }], to: [{ operation: { methods: ['GET'] } }] }],
    });
    const deny = policy({
      name: 'deny-admin', namespace: 'bookinfo', action: AuthorizationAction.DENY,
      rules: [{ from: [{ notNamespaces: ['bookinfo'], ipBlocks: ['10.0.0.0/8', '2001:db8::1'] }], to: [{ paths: ['/admin/*', '*.php'], notMethods: ['GET'], ports: [9080], hosts: ['*.example.com'] }] }],
    });
    expect(deny.spec.rules[0].to[0].operation).toEqual({ paths: ['/admin/*', '*.php'], notMethods: ['GET'], ports: ['9080'], hosts: ['*.example.com'] });
    const audit = policy({ name: 'audit', namespace: 'istio-system', action: AuthorizationAction.AUDIT, rules: [{}], controlPlane: V1_MESH });
    expect(audit).toMatchObject({ apiVersion: 'security.istio.io/v1', spec: { action: 'AUDIT', rules: [{}] } });
    expect(validateAll([viewer, deny], '2.6')).toEqual([]);
    expect(validateAll([audit], '3')).toEqual([]);
  });

  test.each<[string, MeshAuthorizationPolicyProps, RegExp]>([
    ['no namespace and no service', { name: 'x', rules: [] }, /c\/ap: namespace undefined is not valid\. Allowed: a namespace .*"istio-system" \(the control plane's\) for the whole mesh\./],
    ['a DENY without rules', { name: 'x', namespace: 'b', action: AuthorizationAction.DENY, rules: [] }, /c\/ap: rules \[\] is not valid\. Allowed: at least one rule; a DENY policy without rules matches no request/],
    ['an unknown action', { name: 'x', namespace: 'b', action: 'CUSTOM' as AuthorizationAction, rules: [{}] }, /c\/ap: action "CUSTOM" is not valid/],
    ['an empty source', { name: 'x', namespace: 'b', rules: [{ from: [{}] }] }, /c\/ap: rules\[0\]\.from\[0\] \{\} is not valid\. Allowed: at least one field/],
    ['an empty from', { name: 'x', namespace: 'b', rules: [{ from: [] }] }, /c\/ap: rules\[0\]\.from \[\] is not valid/],
    ['a principal with a space', { name: 'x', namespace: 'b', rules: [{ from: [{ principals: ['cluster.local/ns/b/sa/my sa'] }] }] }, /rules\[0\]\.from\[0\]\.principals\[0\] "cluster\.local\/ns\/b\/sa\/my sa" is not valid/],
    ['a wildcard inside a principal', { name: 'x', namespace: 'b', rules: [{ from: [{ principals: ['cluster.local/*/sa/x'] }] }] }, /principals\[0\] .* is not valid/],
    ['a namespace that is no namespace', { name: 'x', namespace: 'b', rules: [{ from: [{ namespaces: ['Book_Info'] }] }] }, /namespaces\[0\] "Book_Info" is not valid/],
    ['a bad CIDR', { name: 'x', namespace: 'b', rules: [{ from: [{ ipBlocks: ['10.0.0.0/33'] }] }] }, /ipBlocks\[0\] "10\.0\.0\.0\/33" is not valid/],
    ['a lower-case method', { name: 'x', namespace: 'b', rules: [{ to: [{ methods: ['get'] }] }] }, /methods\[0\] "get" is not valid\. Allowed: an HTTP method in upper case/],
    ['a path without /', { name: 'x', namespace: 'b', rules: [{ to: [{ paths: ['admin'] }] }] }, /paths\[0\] "admin" is not valid/],
    ['a port 0', { name: 'x', namespace: 'b', rules: [{ to: [{ ports: [0] }] }] }, /c\/ap: rules\[0\]\.to\[0\]\.ports\[0\] 0 is not valid/],
    ['a name that is no object name', { name: 'Allow All', namespace: 'b', rules: [] }, /c\/ap: name "Allow All" is not valid/],
  ])('%s is refused', (_, props, message) => {
    expect(() => policy(props)).toThrow(message);
  });

  test('serviceAccountPrincipal checks its parts', () => {
    expect(serviceAccountPrincipal('bookinfo', 'reviews', 'td.example')).toBe('td.example/ns/bookinfo/sa/reviews');
    expect(() => serviceAccountPrincipal('Book', 'reviews')).toThrow(/^serviceAccountPrincipal: namespace "Book" is not valid/);
  });
});

describe('MaistraControlPlane data-plane mTLS', () => {
  const smcp = (dataPlaneMtls?: boolean) => { const c = chart(); new MaistraControlPlane(c, 'cp', { dataPlaneMtls }); return Testing.synth(c)[0]; };
  test('spec.security.dataPlane.mtls when set, nothing when left to the operator', () => {
    expect(smcp(true).spec.security).toEqual({ dataPlane: { mtls: true } });
    expect(smcp(false).spec.security).toEqual({ dataPlane: { mtls: false } });
    expect(smcp().spec.security).toBeUndefined();
    expect(validateAll([smcp(true)], '2.6')).toEqual([]);
    expect(() => smcp('yes' as unknown as boolean)).toThrow(/c\/cp: dataPlaneMtls "yes" is not valid\. Allowed: true or false\./);
  });

  test('on OSSM 3, which has no such field, it becomes a mesh-wide PeerAuthentication in the root namespace', () => {
    const mesh = (dataPlaneMtls?: boolean) => new MeshBaseChart(new App(), 'mesh', { ossmVersion: OssmVersion.V3, controlPlane: { dataPlaneMtls } });
    const policies = (dataPlaneMtls?: boolean) => Testing.synth(mesh(dataPlaneMtls)).filter((o) => o.kind === 'PeerAuthentication');
    expect(policies(true)).toEqual([expect.objectContaining({
      apiVersion: 'security.istio.io/v1',
      metadata: expect.objectContaining({ name: 'default', namespace: 'istio-system' }),
      spec: { mtls: { mode: 'STRICT' } },
    })]);
    expect(policies(false).map((o) => o.spec)).toEqual([{ mtls: { mode: 'PERMISSIVE' } }]);
    expect(policies()).toEqual([]);
    expect(validateAll(policies(true), '3')).toEqual([]);
    expect(synthWarningsOf(mesh(true)).map((w) => w.message).filter((m) => m.includes('dataPlaneMtls'))).toEqual([]);
  });
});
