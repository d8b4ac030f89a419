// The analyzer on OSSM 3 sets: an Istio (sailoperator.io) instead of a ServiceMeshControlPlane and member roll.
import { KubeObject } from '../../../lib/analysis';
import { AnalysisContext } from '../../../lib/analysis/context';
import { AGENCY, cleanMesh, codes, CP, deployment, findings, memberRoll, controlPlane as smcp } from '../fixtures';

const DISCOVERY = { 'istio-discovery': 'enabled' };
const MEMBER = { ...DISCOVERY, 'istio-injection': 'enabled' };

function istio(name = 'default', spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'sailoperator.io/v1', kind: 'Istio', metadata: { name },
    spec: { namespace: CP, version: 'v1.30-latest', values: { meshConfig: { discoverySelectors: [{ matchLabels: DISCOVERY }] } }, ...spec },
  };
}

const namespace = (name: string, labels?: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...(labels && { labels }) } });

/**
 * The clean mesh of the fixtures on OSSM 3: an Istio, labelled namespaces, every Istio object in networking.istio.io/v1,
 * and the ingress gateway, which OSSM 3 does not create (without it, OSSM301 says the Gateway selects nothing).
 */
function ossm3Mesh(agencyLabels: Record<string, string> | undefined = MEMBER, control: KubeObject = istio()): KubeObject[] {
  return [
    control,
    namespace(CP, DISCOVERY),
    namespace('istio-ingress', MEMBER),
    deployment('istio-ingress', 'istio-ingressgateway', { istio: 'ingressgateway' }),
    ...cleanMesh()
      .filter((o) => !['ServiceMeshControlPlane', 'ServiceMeshMemberRoll', 'Namespace'].includes(o.kind))
      .map((o) => (o.apiVersion.startsWith('networking.istio.io/') ? { ...o, apiVersion: 'networking.istio.io/v1' } : o)),
    namespace(AGENCY, agencyLabels),
  ];
}

describe('an OSSM 3 mesh', () => {
  test('is recognised: the Istio\'s namespace is the control plane\'s, its version serves v1, and nothing is reported', () => {
    const ctx = new AnalysisContext(ossm3Mesh());
    expect([...ctx.controlPlaneNamespaces]).toEqual([CP]);
    expect(ctx.istio).toMatchObject({ version: '1.30', source: 'Istio default (v1.30-latest)' });
    expect(ctx.membership(CP)).toBe('control-plane');
    expect(ctx.membership(AGENCY)).toBe('member');
    expect(ctx.platformOf(AGENCY)).toBe('ossm3');
    expect(codes(ossm3Mesh())).toEqual([]);
    expect(new AnalysisContext([istio('default', { namespace: undefined, version: undefined })]).istio.version).toBe('1.30');
  });

  test('OSSM301: without a gateway deployment of its own the Gateway selects nothing, as OSSM 3 creates no gateway', () => {
    expect(findings(ossm3Mesh().filter((o) => o.metadata?.name !== 'istio-ingressgateway'), 'OSSM301')).toHaveLength(1);
  });

  test('the Istio is cluster-scoped: findings about it name no namespace', () => {
    const ctx = new AnalysisContext([istio()]);
    expect(ctx.objects[0].namespace).toBe('');
  });

  test('OSSM401/OSSM402: a namespace the discovery selectors do not select is outside the mesh, and the message says so', () => {
    const objects = ossm3Mesh({ 'istio-injection': 'enabled' });
    const f401 = findings(objects, 'OSSM401');
    expect(f401.map((f) => `${f.kind}/${f.name}`)).toEqual(['DestinationRule/travels', 'Gateway/travels-gateway', 'VirtualService/travels', 'VirtualService/travels-ingress']);
    expect(f401[0].message).toBe('namespace travel-agency is not selected by the discoverySelectors of Istio default, so the control plane ignores this DestinationRule');
    expect(findings(objects, 'OSSM402')).toHaveLength(3);
  });

  test('membership cannot be told without the Namespace object; an Istio without selectors discovers every namespace; expressions and the name label count', () => {
    expect(new AnalysisContext(ossm3Mesh().filter((o) => !(o.kind === 'Namespace' && o.metadata?.name === AGENCY))).membership(AGENCY)).toBe('unknown');
    expect(new AnalysisContext(ossm3Mesh({}, istio('default', { values: {} }))).membership(AGENCY)).toBe('member');
    const byExpression = istio('default', { values: { meshConfig: { discoverySelectors: [{ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [AGENCY] }] }] } } });
    const ctx = new AnalysisContext([byExpression, namespace('elsewhere', {})]);
    expect([ctx.membership(AGENCY), ctx.membership('elsewhere')]).toEqual(['member', 'not-member']);
    const notIn = istio('default', { values: { meshConfig: { discoverySelectors: [{ matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['x'] }, { key: 'mesh', operator: 'Exists' }] }] } } });
    const ctx2 = new AnalysisContext([notIn, namespace('a', { mesh: '1' }), namespace('b', { mesh: '1', team: 'x' }), namespace('c', {})]);
    expect(['a', 'b', 'c'].map((n) => ctx2.membership(n))).toEqual(['member', 'not-member', 'not-member']);
  });

  test('OSSM501: a pod that neither its namespace nor its template gets injected; "false" and namespace labels count', () => {
    const bare = ossm3Mesh(DISCOVERY).map((o) => (o.kind === 'Deployment' && o.metadata?.name === 'travels-v1' ? deployment(AGENCY, 'travels-v1', { app: 'travels', version: 'v1' }, { inject: false }) : o));
    const f = findings(bare, 'OSSM501');
    expect(f.map((x) => x.name)).toEqual(['travels-v1']);
    expect(f[0].message).toBe('neither namespace travel-agency (istio-injection, istio.io/rev) nor the pod template (sidecar.istio.io/inject, istio.io/rev) asks for a sidecar, so OSSM 3 injects none');
    expect(findings(bare.map((o) => (o.kind === 'Namespace' && o.metadata?.name === AGENCY ? namespace(AGENCY, MEMBER) : o)), 'OSSM501')).toEqual([]);
    expect(findings(bare.map((o) => (o.kind === 'Namespace' && o.metadata?.name === AGENCY ? namespace(AGENCY, { ...DISCOVERY, 'istio.io/rev': 'default' }) : o)), 'OSSM501')).toEqual([]);
    const optOut = deployment(AGENCY, 'travels-v1', { app: 'travels', version: 'v1', 'sidecar.istio.io/inject': 'false' }, { inject: false });
    expect(findings(bare.map((o) => (o.kind === 'Deployment' && o.metadata?.name === 'travels-v1' ? optOut : o)), 'OSSM501')).toEqual([]);
    // ambient mode: the namespace's (or the pod's) istio.io/dataplane-mode needs no sidecar
    expect(findings(bare.map((o) => (o.kind === 'Namespace' && o.metadata?.name === AGENCY ? namespace(AGENCY, { ...DISCOVERY, 'istio.io/dataplane-mode': 'ambient' }) : o)), 'OSSM501')).toEqual([]);
    const outOfAmbient = deployment(AGENCY, 'travels-v1', { app: 'travels', version: 'v1', 'istio.io/dataplane-mode': 'none' }, { inject: false });
    expect(findings(bare.map((o) => (o.kind === 'Deployment' && o.metadata?.name === 'travels-v1' ? outOfAmbient : o)), 'OSSM501')).toEqual([]);
  });

  test('OSSM504: istio-injection=enabled is right on OSSM 3 with the default revision, and flagged without one', () => {
    expect(findings(ossm3Mesh(), 'OSSM504')).toEqual([]);
    const tenant = ossm3Mesh(MEMBER, istio('tenant-a'));
    expect(findings(tenant, 'OSSM504').map((f) => [f.name, f.message])).toEqual(['istio-ingress', AGENCY].map((ns) => [ns,
      'label istio-injection=enabled asks for the revision "default", which no Istio or IstioRevisionTag of the set provides (revisions: tenant-a), so nothing is injected']));
    const tag: KubeObject = { apiVersion: 'sailoperator.io/v1', kind: 'IstioRevisionTag', metadata: { name: 'default' }, spec: { targetRef: { kind: 'Istio', name: 'tenant-a' } } };
    expect(findings([...tenant, tag], 'OSSM504')).toEqual([]);
    const agencyOnly = (objects: KubeObject[]) => objects.filter((o) => o.metadata?.name !== 'istio-ingress');
    expect(findings(agencyOnly(ossm3Mesh({ ...DISCOVERY, 'istio.io/rev': 'tenant-a' }, istio('tenant-a'))), 'OSSM504')).toEqual([]);
    expect(findings(agencyOnly(ossm3Mesh({ ...DISCOVERY, 'istio.io/rev': 'canary' }, istio('tenant-a'))), 'OSSM504')).toHaveLength(1);
    // RevisionBased: the revision is <name>-<version, dots as dashes>; an alias (v1.30-latest) leaves the patch to the operator
    const revisionBased = (rev: string, version = 'v1.30-latest') => agencyOnly(ossm3Mesh({ ...DISCOVERY, 'istio.io/rev': rev }, istio('tenant-a', { version, updateStrategy: { type: 'RevisionBased' } })));
    expect(findings(revisionBased('canary'), 'OSSM504').map((f) => f.message)).toEqual([
      'label istio.io/rev=canary asks for the revision "canary", which no Istio or IstioRevisionTag of the set provides (revisions: tenant-a-v1-30-…), so nothing is injected']);
    expect(findings(revisionBased('tenant-a-v1-30-3'), 'OSSM504')).toEqual([]);
    expect(findings(revisionBased('tenant-a-v1-30-3', 'v1.30.3'), 'OSSM504')).toEqual([]);
    expect(findings(revisionBased('tenant-a-v1-30-2', 'v1.30.3'), 'OSSM504').map((f) => f.message)).toEqual([expect.stringContaining('(revisions: tenant-a-v1-30-3)')]);
    // a RevisionBased Istio named default does not answer istio-injection=enabled without an IstioRevisionTag default
    const rbDefault = ossm3Mesh(MEMBER, istio('default', { updateStrategy: { type: 'RevisionBased' } }));
    expect(findings(rbDefault, 'OSSM504').map((f) => f.name)).toEqual(['istio-ingress', AGENCY]);
    expect(findings([...rbDefault, { ...tag, spec: { targetRef: { kind: 'Istio', name: 'default' } } }], 'OSSM504')).toEqual([]);
    // on OSSM 2 the label still does nothing
    expect(findings([...cleanMesh().filter((o) => o.kind !== 'Namespace'), namespace(AGENCY, { 'istio-injection': 'enabled' })], 'OSSM504')).toHaveLength(1);
  });

  test('the OSSM 2-only rules stay quiet: v1 is served, and there is no member roll, IOR or Jaeger to check', () => {
    expect(codes(ossm3Mesh())).toEqual([]);
    const withRoute: KubeObject = { apiVersion: 'route.openshift.io/v1', kind: 'Route', metadata: { name: 'r', namespace: 'istio-ingress' }, spec: { host: 'travels.apps.example.com', to: { kind: 'Service', name: 'istio-ingressgateway' } } };
    expect(findings([...ossm3Mesh(), withRoute], 'OSSM302')).toEqual([]);
  });

  test('a migration set (both control planes): a namespace handed over with maistra.io/ignore-namespace follows OSSM 3, the others OSSM 2', () => {
    const both = [smcp(), memberRoll([AGENCY, 'legacy']), istio(), namespace(AGENCY, { ...MEMBER, 'maistra.io/ignore-namespace': 'true' }), namespace('legacy', { ...DISCOVERY })];
    const ctx = new AnalysisContext(both);
    expect([ctx.platformOf(AGENCY), ctx.platformOf('legacy')]).toEqual(['ossm3', 'ossm2']);
    expect(ctx.istio.version).toBe('1.20'); // the oldest control plane decides what is served
    expect(findings(both, 'OSSM504')).toEqual([]);
  });
});
