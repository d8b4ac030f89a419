// OSSM701–OSSM703: the classic conflicts of security policies with routing and workloads.
import { KubeObject } from '../../../lib/analysis';
import { AGENCY, CP, deployment, service, destinationRule, cleanMesh, withEdit, findings } from '../fixtures';

const SEC = 'security.istio.io/v1beta1';
const peerAuthentication = (ns: string, name: string, spec: object): KubeObject => ({ apiVersion: SEC, kind: 'PeerAuthentication', metadata: { name, namespace: ns }, spec });
const authorizationPolicy = (ns: string, name: string, spec: object): KubeObject => ({ apiVersion: SEC, kind: 'AuthorizationPolicy', metadata: { name, namespace: ns }, spec });
const disableTls = (o: any) => { o.spec.trafficPolicy = { tls: { mode: 'DISABLE' } }; };
const withDisabledTls = (...more: KubeObject[]) => [...withEdit(cleanMesh(), 'DestinationRule', 'travels', disableTls), ...more];

describe('OSSM701 DestinationRule TLS DISABLE toward a STRICT workload', () => {
  test('fires for a namespace-wide STRICT policy, naming the workloads, the port and the policy', () => {
    const f = findings(withDisabledTls(peerAuthentication(AGENCY, 'default', { mtls: { mode: 'STRICT' } })), 'OSSM701');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', kind: 'DestinationRule', namespace: AGENCY, name: 'travels' });
    expect(f[0].message).toBe(`trafficPolicy.tls.mode DISABLE sends plain text to ${AGENCY}/travels-v1 (port 8000), ${AGENCY}/travels-v2 (port 8000) `
      + `and ${AGENCY}/travels-v3 (port 8000), which accept only mutual TLS (PeerAuthentication ${AGENCY}/default): the sidecars refuse the connections and requests fail with 503`);
  });

  test('fires for a mesh-wide policy in the root namespace, a workload policy, and a control plane with data-plane mTLS', () => {
    expect(findings(withDisabledTls(peerAuthentication(CP, 'default', { mtls: { mode: 'STRICT' } })), 'OSSM701')).toHaveLength(1);
    const workload = findings(withDisabledTls(peerAuthentication(AGENCY, 'travels-v2', { selector: { matchLabels: { app: 'travels', version: 'v2' } }, mtls: { mode: 'STRICT' } })), 'OSSM701');
    expect(workload.map((x) => x.message)).toEqual([expect.stringContaining(`to ${AGENCY}/travels-v2 (port 8000), which accepts only mutual TLS (PeerAuthentication ${AGENCY}/travels-v2)`)]);
    const mtlsPlane = withEdit(withDisabledTls(), 'ServiceMeshControlPlane', 'basic', (o) => { o.spec.security = { dataPlane: { mtls: true } }; });
    expect(findings(mtlsPlane, 'OSSM701').map((x) => x.message)).toEqual([expect.stringContaining(`(ServiceMeshControlPlane ${CP}/basic (spec.security.dataPlane.mtls: true))`)]);
  });

  test('a wildcard DestinationRule, a port-level DISABLE and a subset DISABLE count too', () => {
    const strict = peerAuthentication(AGENCY, 'default', { mtls: { mode: 'STRICT' } });
    const wildcard = destinationRule(AGENCY, 'all', { host: `*.${AGENCY}.svc.cluster.local`, trafficPolicy: { tls: { mode: 'DISABLE' } } });
    expect(findings([...cleanMesh(), strict, wildcard], 'OSSM701').map((x) => x.name)).toEqual(['all']);
    const portLevel = withEdit(cleanMesh(), 'DestinationRule', 'travels', (o) => { o.spec.trafficPolicy = { portLevelSettings: [{ port: { number: 8000 }, tls: { mode: 'DISABLE' } }] }; });
    expect(findings([...portLevel, strict], 'OSSM701').map((x) => x.message)).toEqual([expect.stringMatching(/^trafficPolicy\.portLevelSettings\[0\]\.tls\.mode DISABLE/)]);
    const subset = withEdit(cleanMesh(), 'DestinationRule', 'travels', (o) => { o.spec.subsets[2].trafficPolicy = { tls: { mode: 'DISABLE' } }; });
    expect(findings([...subset, strict], 'OSSM701').map((x) => x.message)).toEqual([expect.stringMatching(new RegExp(`^subsets\\[2\\]\\.trafficPolicy\\.tls\\.mode DISABLE sends plain text to ${AGENCY}/travels-v3 \\(port 8000\\), which`))]);
  });

  test('does not fire when the workload accepts plain text: PERMISSIVE, a port-level exception, UNSET inheriting PERMISSIVE, no sidecar, or no DISABLE', () => {
    expect(findings(withDisabledTls(peerAuthentication(AGENCY, 'default', { mtls: { mode: 'PERMISSIVE' } })), 'OSSM701')).toEqual([]);
    const exception = peerAuthentication(AGENCY, 'travels', { selector: { matchLabels: { app: 'travels' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 8000: { mode: 'PERMISSIVE' } } });
    expect(findings(withDisabledTls(exception), 'OSSM701')).toEqual([]);
    const unset = peerAuthentication(AGENCY, 'travels', { selector: { matchLabels: { app: 'travels' } }, mtls: { mode: 'UNSET' } });
    expect(findings(withDisabledTls(unset, peerAuthentication(CP, 'default', { mtls: { mode: 'PERMISSIVE' } })), 'OSSM701')).toEqual([]);
    const strict = peerAuthentication(AGENCY, 'default', { mtls: { mode: 'STRICT' } });
    expect(findings([...withEdit(cleanMesh(), 'DestinationRule', 'travels', (o) => { o.spec.trafficPolicy = { tls: { mode: 'ISTIO_MUTUAL' } }; }), strict], 'OSSM701')).toEqual([]);
    const noSidecar = withDisabledTls(strict).map((o) => (o.kind === 'Deployment' ? withEdit([o], 'Deployment', o.metadata!.name!, (d) => { d.spec.template.metadata.labels['sidecar.istio.io/inject'] = 'false'; })[0] : o));
    expect(findings(noSidecar, 'OSSM701')).toEqual([]);
    // the workload policy decides over the namespace's
    const workloadPermissive = peerAuthentication(AGENCY, 'travels', { selector: { matchLabels: { app: 'travels' } }, mtls: { mode: 'PERMISSIVE' } });
    expect(findings(withDisabledTls(strict, workloadPermissive), 'OSSM701')).toEqual([]);
  });
});

describe('OSSM702 policy selector matching no pod template', () => {
  test('fires for an AuthorizationPolicy and a PeerAuthentication whose selector matches nothing in their namespace', () => {
    const objects = [...cleanMesh(),
      authorizationPolicy(AGENCY, 'deny-typo', { selector: { matchLabels: { app: 'travel' } }, action: 'DENY', rules: [{}] }),
      peerAuthentication(AGENCY, 'strict-typo', { selector: { matchLabels: { app: 'travels', version: 'v9' } }, mtls: { mode: 'STRICT' } })];
    const f = findings(objects, 'OSSM702');
    expect(f.map((x) => [x.severity, x.kind, x.name])).toEqual([['error', 'AuthorizationPolicy', 'deny-typo'], ['error', 'PeerAuthentication', 'strict-typo']]);
    expect(f[0].message).toBe(`selector app=travel matches no pod template of namespace ${AGENCY}, so the policy applies to no workload`);
  });

  test('a warning where the set has no workload; an AuthorizationPolicy of the root namespace selects in every namespace', () => {
    const elsewhere = findings([...cleanMesh(), authorizationPolicy('shop', 'cart', { selector: { matchLabels: { app: 'cart' } }, rules: [{}] })], 'OSSM702');
    expect(elsewhere.map((x) => x.severity)).toEqual(['warning']);
    expect(elsewhere[0].message).toContain('(the set has no workload there: it may be deployed elsewhere)');
    const root = authorizationPolicy(CP, 'travels-only', { selector: { matchLabels: { app: 'travels' } }, rules: [{}] });
    expect(findings([...cleanMesh(), root], 'OSSM702')).toEqual([]);
    const rootPeer = peerAuthentication(CP, 'travels', { selector: { matchLabels: { app: 'travels' } }, mtls: { mode: 'STRICT' } });
    expect(findings([...cleanMesh(), rootPeer, deployment(CP, 'tool', { app: 'tool' })], 'OSSM702').map((x) => x.name)).toEqual(['travels']);
  });

  test('does not fire for matching selectors and policies without selector', () => {
    const objects = [...cleanMesh(),
      authorizationPolicy(AGENCY, 'travels', { selector: { matchLabels: { app: 'travels', version: 'v1' } }, rules: [{}] }),
      authorizationPolicy(AGENCY, 'allow-nothing', {}),
      peerAuthentication(AGENCY, 'default', { mtls: { mode: 'STRICT' } })];
    expect(findings(objects, 'OSSM702')).toEqual([]);
  });
});

describe('OSSM703 principal naming a ServiceAccount that does not exist', () => {
  const reader = (principal: string) => authorizationPolicy(AGENCY, 'travels-viewer', {
    selector: { matchLabels: { app: 'travels' } },
    rules: [{ from: [{ source: { principals: ['cluster.local/ns/travel-portal/sa/portal', principal] } }], to: [{ operation: { methods: ['GET'] } }] }],
  });
  const portal = (sa?: string): KubeObject[] => {
    const d = deployment('travel-portal', 'voyages', { app: 'voyages' });
    if (sa) (d.spec as any).template.spec.serviceAccountName = sa;
    return [d, service('travel-portal', 'voyages', { app: 'voyages' }), { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'portal', namespace: 'travel-portal' } }];
  };

  test('fires for a ServiceAccount no object and no workload of its namespace has', () => {
    const f = findings([...cleanMesh(), ...portal(), reader('cluster.local/ns/travel-portal/sa/portl')], 'OSSM703');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', kind: 'AuthorizationPolicy', name: 'travels-viewer' });
    expect(f[0].message).toBe('rules[0].from[0].source.principals[1] "cluster.local/ns/travel-portal/sa/portl" names ServiceAccount travel-portal/portl, '
      + 'which no ServiceAccount and no workload of namespace travel-portal in the set has: no caller carries this identity');
  });

  test('does not fire for an existing ServiceAccount, one a workload runs as, default, wildcards, or namespaces the set has nothing of', () => {
    for (const principal of ['cluster.local/ns/travel-portal/sa/portal', 'cluster.local/ns/travel-portal/sa/voyages-sa', 'cluster.local/ns/travel-portal/sa/default',
      'cluster.local/ns/travel-portal/sa/*', '*', 'cluster.local/ns/elsewhere/sa/reader']) {
      expect([principal, findings([...cleanMesh(), ...portal('voyages-sa'), reader(principal)], 'OSSM703')]).toEqual([principal, []]);
    }
  });
});

test('security rules are quiet on the clean mesh with a STRICT namespace and no DISABLE', () => {
  const objects = [...cleanMesh(), peerAuthentication(AGENCY, 'default', { mtls: { mode: 'STRICT' } })];
  for (const code of ['OSSM701', 'OSSM702', 'OSSM703']) expect([code, findings(objects, code)]).toEqual([code, []]);
});
