// Istio's DestinationRule lookup (client namespace, host namespace, root namespace; exportTo; exact over wildcard;
// merging) and its traffic-policy merge (subset and port-level settings).
import { explain, ExplainedDestination, KubeObject } from '../../lib';
import { AGENCY, CP, deployment, destinationRule, service, virtualService } from '../analysis/fixtures';

const PORTAL = 'travel-portal';
const HOST = 'travels.travel-agency.svc.cluster.local';
const workloads = [
  service(AGENCY, 'travels', { app: 'travels' }),
  deployment(AGENCY, 'travels-v1', { app: 'travels', version: 'v1' }),
  deployment(AGENCY, 'travels-v2', { app: 'travels', version: 'v2' }),
];
const routeTo = (subset: string) => virtualService(AGENCY, 'travels', { hosts: ['travels'], http: [{ route: [{ destination: { host: 'travels', subset } }] }] });
const dr = (ns: string, name: string, spec: object = {}) =>
  destinationRule(ns, name, { host: HOST, subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }], ...spec });

function destinationFrom(objects: KubeObject[], options: { subset?: string; sourceLabels?: Record<string, string>; rootNamespace?: string } = {}): ExplainedDestination {
  const e = explain([...workloads, routeTo(options.subset ?? 'v1'), ...objects], { host: HOST, fromNamespace: PORTAL, sourceLabels: options.sourceLabels },
    { rootNamespace: options.rootNamespace });
  expect(e.destinations).toHaveLength(1);
  return e.destinations[0];
}

const found = (d: ExplainedDestination) => [d.destinationRule, d.destinationRuleFoundIn];

describe('lookup order', () => {
  const client = dr(PORTAL, 'client');
  const owner = dr(AGENCY, 'owner');
  const root = dr(CP, 'root');

  test('the client\'s namespace first, then the host\'s, then the root namespace', () => {
    expect(found(destinationFrom([root, owner, client]))).toEqual(['travel-portal/client', 'client namespace']);
    expect(found(destinationFrom([root, owner]))).toEqual(['travel-agency/owner', 'host namespace']);
    expect(found(destinationFrom([root]))).toEqual(['istio-system/root', 'root namespace']);
  });

  test('the root namespace is the control plane\'s, or the option', () => {
    const smcp = { apiVersion: 'maistra.io/v2', kind: 'ServiceMeshControlPlane', metadata: { name: 'basic', namespace: 'mesh-system' }, spec: {} };
    expect(found(destinationFrom([smcp, dr('mesh-system', 'root')]))).toEqual(['mesh-system/root', 'root namespace']);
    expect(destinationFrom([dr('mesh-system', 'root')]).destinationRule).toBeNull();
    expect(found(destinationFrom([dr('mesh-system', 'root')], { rootNamespace: 'mesh-system' }))).toEqual(['mesh-system/root', 'root namespace']);
  });

  test('exportTo: a rule private to the host\'s namespace is skipped; one exported by name counts', () => {
    expect(found(destinationFrom([dr(AGENCY, 'owner', { exportTo: ['.'] }), root]))).toEqual(['istio-system/root', 'root namespace']);
    expect(found(destinationFrom([dr(AGENCY, 'owner', { exportTo: [PORTAL] }), root]))).toEqual(['travel-agency/owner', 'host namespace']);
    expect(destinationFrom([dr(CP, 'root', { exportTo: ['somewhere-else'] })]).destinationRule).toBeNull();
  });

  test('a rule in the client\'s namespace exported only elsewhere does not apply there', () => {
    expect(found(destinationFrom([dr(PORTAL, 'client', { exportTo: [AGENCY] }), owner]))).toEqual(['travel-agency/owner', 'host namespace']);
  });

  test('within a namespace an exact host wins over a wildcard; across namespaces the order decides', () => {
    const wildcard = (ns: string) => destinationRule(ns, 'wildcard', { host: '*.travel-agency.svc.cluster.local', subsets: [{ name: 'v1', labels: { version: 'v1' } }] });
    expect(found(destinationFrom([wildcard(AGENCY), owner]))).toEqual(['travel-agency/owner', 'host namespace']);
    expect(found(destinationFrom([wildcard(AGENCY)]))).toEqual(['travel-agency/wildcard', 'host namespace']);
    expect(found(destinationFrom([wildcard(PORTAL), owner]))).toEqual(['travel-portal/wildcard', 'client namespace']);
  });

  test('no DestinationRule: a subset cannot be resolved, Envoy answers 503', () => {
    const d = destinationFrom([]);
    expect(d).toMatchObject({ destinationRule: null, subsetLabels: null, workloads: [], trafficPolicy: null });
    expect(d.problems).toEqual([`subset v1 needs a DestinationRule for ${HOST} that namespace travel-portal sees, and there is none: Envoy answers 503 (no cluster for it)`]);
  });

  test('an undefined subset names the rule and the subsets it defines', () => {
    expect(destinationFrom([owner], { subset: 'v9' }).problems)
      .toEqual(['subset v9 is not defined by DestinationRule travel-agency/owner (defined: v1, v2): Envoy answers 503 (no cluster for it)']);
  });

  test('a subset whose labels select no pod template', () => {
    const rule = destinationRule(AGENCY, 'owner', { host: HOST, subsets: [{ name: 'v1', labels: { version: 'v4' } }] });
    expect(destinationFrom([rule]).problems).toEqual(['no pod template in namespace travel-agency carries app=travels, version=v4: Envoy answers 503 (no healthy upstream)']);
  });
});

test('two rules for one host and namespace are merged: the first (by name) keeps its policy, the second adds subsets', () => {
  const a = destinationRule(AGENCY, 'a-first', { host: HOST, trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } }, subsets: [{ name: 'v1', labels: { version: 'v1' } }] });
  const b = destinationRule(AGENCY, 'b-second', { host: HOST, trafficPolicy: { loadBalancer: { simple: 'RANDOM' } }, subsets: [{ name: 'v2', labels: { version: 'v2' } }] });
  const d = destinationFrom([b, a], { subset: 'v2' });
  expect(d).toMatchObject({ destinationRule: 'travel-agency/a-first', mergedDestinationRules: ['travel-agency/b-second'], workloads: ['travel-agency/travels-v2'], problems: [] });
  expect(d.trafficPolicy?.loadBalancer).toEqual({ simple: 'ROUND_ROBIN' });
});

test('a rule with a workloadSelector applies only to the pods it selects', () => {
  const selected = destinationRule(PORTAL, 'for-voyages', { host: HOST, workloadSelector: { matchLabels: { app: 'voyages' } }, subsets: [{ name: 'v1', labels: { version: 'v1' } }] });
  const owner = dr(AGENCY, 'owner');
  expect(found(destinationFrom([selected, owner], { sourceLabels: { app: 'voyages' } }))).toEqual(['travel-portal/for-voyages', 'client namespace']);
  const e = explain([...workloads, routeTo('v1'), selected, owner], { host: HOST, fromNamespace: PORTAL });
  expect(found(e.destinations[0])).toEqual(['travel-agency/owner', 'host namespace']);
  expect(e.notes).toContain('DestinationRule travel-portal/for-voyages has a workloadSelector that the client\'s labels do not match: it does not apply');
});

describe('traffic policy merge', () => {
  const pool = { tcp: { maxConnections: 1 } };
  const outlier = { consecutive5xxErrors: 1 };

  test('a subset\'s policy replaces only the parts it sets', () => {
    const rule = dr(AGENCY, 'owner', {
      trafficPolicy: { connectionPool: pool, outlierDetection: outlier, loadBalancer: { simple: 'ROUND_ROBIN' } },
      subsets: [{ name: 'v1', labels: { version: 'v1' }, trafficPolicy: { loadBalancer: { simple: 'RANDOM' } } }],
    });
    expect(destinationFrom([rule]).trafficPolicy).toEqual({
      connectionPool: pool, loadBalancer: { simple: 'RANDOM' }, outlierDetection: outlier, tls: null, sources: ['trafficPolicy', 'subset v1'],
    });
  });

  test('port-level settings for the port replace all four parts, even those they leave out', () => {
    const rule = dr(AGENCY, 'owner', {
      trafficPolicy: { connectionPool: pool, outlierDetection: outlier, portLevelSettings: [{ port: { number: 8000 }, tls: { mode: 'ISTIO_MUTUAL' } }] },
    });
    expect(destinationFrom([rule]).trafficPolicy).toEqual({
      connectionPool: null, loadBalancer: null, outlierDetection: null, tls: { mode: 'ISTIO_MUTUAL' }, sources: ['trafficPolicy', 'portLevelSettings[port 8000]'],
    });
    const otherPort = dr(AGENCY, 'owner', { trafficPolicy: { connectionPool: pool, portLevelSettings: [{ port: { number: 9000 }, tls: { mode: 'DISABLE' } }] } });
    expect(destinationFrom([otherPort]).trafficPolicy).toMatchObject({ connectionPool: pool, tls: null, sources: ['trafficPolicy'] });
  });

  test('a subset\'s port-level settings replace all four parts of the top-level policy', () => {
    const rule = dr(AGENCY, 'owner', {
      trafficPolicy: { connectionPool: pool, outlierDetection: outlier },
      subsets: [{ name: 'v1', labels: { version: 'v1' }, trafficPolicy: { portLevelSettings: [{ port: { number: 8000 }, loadBalancer: { simple: 'LEAST_REQUEST' } }] } }],
    });
    expect(destinationFrom([rule]).trafficPolicy).toEqual({
      connectionPool: null, loadBalancer: { simple: 'LEAST_REQUEST' }, outlierDetection: null, tls: null,
      sources: ['trafficPolicy', 'subset v1', 'subset v1 portLevelSettings[port 8000]'],
    });
  });

  test('the deprecated consecutiveErrors alone is reported: Istio 1.20 ignores it', () => {
    const rule = dr(AGENCY, 'owner', { trafficPolicy: { outlierDetection: { consecutiveErrors: 1 } } });
    expect(destinationFrom([rule]).problems).toEqual(['outlierDetection sets only the deprecated consecutiveErrors, which Istio 1.20 ignores: hosts are ejected after Envoy\'s default of 5 consecutive 5xx']);
  });
});
