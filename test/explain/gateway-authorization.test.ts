// explain from outside (through an Istio Gateway) and through policy (PeerAuthentication + AuthorizationPolicy),
// on the workshop and on Istio's Bookinfo files.
import { App } from 'cdk8s';
import * as path from 'node:path';
import { buildTravelsWorkshop, explain, formatExplanation, KubeObject, loadManifests } from '../../lib';
import { synthesizeApp } from '../../lib/synth/synthesize';
import { describeWithShared, sharedPath } from '../support/shared';

const SEC = 'security.istio.io/v1beta1';
const policy = (ns: string, name: string, spec: object): KubeObject => ({ apiVersion: SEC, kind: 'AuthorizationPolicy', metadata: { name, namespace: ns }, spec });
const objectsOf = (app: App): KubeObject[] => synthesizeApp(app).flatMap((c) => c.objects);

describe('workshop', () => {
  const base = objectsOf(buildTravelsWorkshop({ clusterBaseDomain: 'example.com' }).base);
  const CONTROL_HOST = 'control.travel-control.apps.example.com';

  test('a request to the external ingress host enters through its Gateway, then takes the mesh hop to the control workload', () => {
    const e = explain(base, { host: CONTROL_HOST });
    expect(e).toMatchObject({ outcome: 'route', routed: true, virtualService: 'travel-control/control', matchedRule: 0 });
    expect(e.request).toMatchObject({ gateway: 'travel-control/control-gateway', fromNamespace: 'istio-ingress', fromServiceAccount: 'istio-ingressgateway', port: 80 });
    expect(e.gateway).toMatchObject({ gateway: 'travel-control/control-gateway', server: 0, port: 80, protocol: 'HTTP', hosts: [CONTROL_HOST], tlsMode: null, workloads: ['istio-ingress/istio-ingressgateway'] });
    expect(e.destinations.map((d) => [d.host, d.port, d.workloads])).toEqual([['control.travel-control.svc.cluster.local', 8080, ['travel-control/control']]]);
    expect(e.destinations[0].authorizations).toEqual([{ workload: 'travel-control/control', authorization: { decision: 'ALLOW', policy: null, rule: null }, reason: expect.stringContaining('no ALLOW policy applies') }]);
    // --gateway names it explicitly; the same answer
    expect(explain(base, { host: CONTROL_HOST, gateway: 'travel-control/control-gateway' }).destinations).toEqual(e.destinations);
    const text = formatExplanation(e);
    expect(text).toContain('from outside through Gateway travel-control/control-gateway');
    expect(text).toContain('gateway: Gateway travel-control/control-gateway servers[0], port 80 HTTP');
    expect(text).toContain('authorization at travel-control/control: ALLOW');
  });

  test('a host no server admits, a port no server listens on, and an unknown Gateway: no route, saying why', () => {
    expect(explain(base, { host: 'other.example.com', gateway: 'travel-control/control-gateway' }).reason).toMatch(/^no server of Gateway travel-control\/control-gateway admits host other.example.com/);
    expect(explain(base, { host: CONTROL_HOST, port: 443 }).reason).toMatch(/listens on port 443/);
    expect(explain(base, { host: CONTROL_HOST, gateway: 'travel-control/nope' })).toMatchObject({ outcome: 'no-route', reason: expect.stringContaining('the set has no Gateway travel-control/nope') });
  });

  test('an allow-only policy on travels: the portal is allowed by rules[0], the control namespace is denied (DENY, the policy, no rule)', () => {
    const allowPortal = policy('travel-agency', 'travels-from-portal', { selector: { matchLabels: { app: 'travels' } }, rules: [{ from: [{ source: { namespaces: ['travel-portal'] } }] }] });
    const objects = [...base, allowPortal];
    const portal = explain(objects, { host: 'travels.travel-agency', fromNamespace: 'travel-portal' });
    expect(portal.destinations.flatMap((d) => d.authorizations.map((a) => a.authorization))).toEqual(
      portal.destinations.flatMap((d) => d.workloads.map(() => ({ decision: 'ALLOW', policy: 'travel-agency/travels-from-portal', rule: 0 }))));
    expect(portal.destinations.flatMap((d) => d.workloads).length).toBeGreaterThan(0);
    const control = explain(objects, { host: 'travels.travel-agency', fromNamespace: 'travel-control' });
    const decisions = control.destinations.flatMap((d) => d.authorizations);
    expect(decisions.length).toBeGreaterThan(0);
    for (const a of decisions) expect(a.authorization).toEqual({ decision: 'DENY', policy: 'travel-agency/travels-from-portal', rule: null });
    expect(control.destinations[0].problems.join('\n')).toMatch(/denies the request: ALLOW policy travel-agency\/travels-from-portal applies to the workload and no rule of it matches: 403/);
    expect(formatExplanation(control)).toMatch(/authorization at travel-agency\/travels-v1: DENY \(AuthorizationPolicy travel-agency\/travels-from-portal\)/);
  });

  test('a DENY rule decides before ALLOW rules; a caller outside the mesh has no namespace identity', () => {
    const deny = policy('travel-agency', 'no-delete', { action: 'DENY', rules: [{ to: [{ operation: { methods: ['DELETE'] } }] }] });
    const e = explain([...base, deny], { host: 'travels.travel-agency', fromNamespace: 'travel-portal', method: 'DELETE' });
    expect(e.destinations[0].authorizations[0].authorization).toEqual({ decision: 'DENY', policy: 'travel-agency/no-delete', rule: 0 });
    expect(explain([...base, deny], { host: 'travels.travel-agency', fromNamespace: 'travel-portal' }).destinations[0].authorizations[0].authorization.decision).toBe('ALLOW');
  });

  test('a mesh-wide STRICT PeerAuthentication does not refuse clients from outside at the gateway (its listeners are not governed by it); a workload without sidecar is refused by STRICT', () => {
    const strict = { apiVersion: SEC, kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode: 'STRICT' } } };
    const gwPods = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'ingress', namespace: 'istio-system' },
      spec: { selector: { matchLabels: { istio: 'ingressgateway' } }, template: { metadata: { labels: { istio: 'ingressgateway' } }, spec: { containers: [{ name: 'istio-proxy', image: 'auto' }] } } } };
    const e = explain([...base, strict, gwPods], { host: CONTROL_HOST });
    expect(e.gateway!.authorizations.map((a) => a.authorization.decision)).toEqual(['ALLOW', 'ALLOW']);
    // the mesh hop from the gateway pods is mutual TLS: allowed
    expect(e.destinations[0].authorizations[0].authorization.decision).toBe('ALLOW');
  });

  test('an allow-only policy on the ingress gateway that asks for principals denies every request from outside', () => {
    const gwPolicy = policy('istio-system', 'ingress-internal-only', { selector: { matchLabels: { istio: 'ingressgateway' } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/travel-portal/sa/default'] } }] }] });
    const e = explain([...base, gwPolicy], { host: CONTROL_HOST });
    expect(e.gateway!.authorizations).toEqual([{ workload: 'istio-ingress/istio-ingressgateway', authorization: { decision: 'DENY', policy: 'istio-system/ingress-internal-only', rule: null }, reason: expect.stringContaining('no peer identity') }]);
    expect(e.notes.join('\n')).toContain('the gateway pods istio-ingress/istio-ingressgateway deny the request from outside');
  });
});

const BOOKINFO = sharedPath('reference', 'istio-bookinfo');
describeWithShared('Bookinfo', [BOOKINFO], () => {
  const load = (...files: string[]) => loadManifests(files.map((f) => path.join(BOOKINFO, f)), { namespace: 'bookinfo' });
  const objects = load('platform/bookinfo.yaml', 'networking/bookinfo-gateway.yaml', 'networking/destination-rule-all.yaml');
  const ingress = { host: 'bookinfo.example.com', gateway: 'bookinfo/bookinfo-gateway' };

  test('an ingress request: /productpage through bookinfo-gateway reaches productpage; /admin gets 404, each rule saying why', () => {
    const e = explain(objects, { ...ingress, path: '/productpage' });
    expect(e).toMatchObject({ outcome: 'route', virtualService: 'bookinfo/bookinfo', matchedRule: 0, gateway: { server: 0, port: 8080, hosts: ['*'] } });
    expect(e.destinations.map((d) => [d.host, d.workloads])).toEqual([['productpage.bookinfo.svc.cluster.local', ['bookinfo/productpage-v1']]]);
    const miss = explain(objects, { ...ingress, path: '/admin' });
    expect(miss).toMatchObject({ outcome: 'no-route', routed: false });
    expect(miss.reason).toMatch(/bound to Gateway bookinfo\/bookinfo-gateway matches this request: the gateway answers 404/);
    expect(miss.rules[0].reason).toMatch(/path/);
  });

  test('a denied request: Istio\'s authorization task (allow-nothing, then GET on productpage, reviews from the productpage account)', () => {
    const allowNothing = policy('bookinfo', 'allow-nothing', {});
    const viewer = policy('bookinfo', 'productpage-viewer', { selector: { matchLabels: { app: 'productpage' } }, action: 'ALLOW', rules: [{ to: [{ operation: { methods: ['GET'] } }] }] });
    const reviewsViewer = policy('bookinfo', 'reviews-viewer', { selector: { matchLabels: { app: 'reviews' } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/bookinfo/sa/bookinfo-productpage'] } }], to: [{ operation: { methods: ['GET'] } }] }] });
    const secured = [...objects, allowNothing, viewer, reviewsViewer];
    const get = explain(secured, { ...ingress, path: '/productpage' });
    expect(get.destinations[0].authorizations[0].authorization).toEqual({ decision: 'ALLOW', policy: 'bookinfo/productpage-viewer', rule: 0 });
    const post = explain(secured, { ...ingress, path: '/productpage', method: 'POST' });
    expect(post.destinations[0].authorizations[0].authorization).toEqual({ decision: 'DENY', policy: 'bookinfo/allow-nothing', rule: null });
    expect(formatExplanation(post)).toContain('authorization at bookinfo/productpage-v1: DENY (AuthorizationPolicy bookinfo/allow-nothing)');
    const fromProductpage = explain(secured, { host: 'reviews', fromNamespace: 'bookinfo', fromServiceAccount: 'bookinfo-productpage' });
    expect(fromProductpage.destinations.flatMap((d) => d.authorizations.map((a) => a.authorization.decision))).toEqual(['ALLOW', 'ALLOW', 'ALLOW']);
    expect(fromProductpage.destinations[0].authorizations[0].authorization).toEqual({ decision: 'ALLOW', policy: 'bookinfo/reviews-viewer', rule: 0 });
    const fromOther = explain(secured, { host: 'reviews', fromNamespace: 'bookinfo', fromServiceAccount: 'bookinfo-ratings' });
    expect(fromOther.destinations.flatMap((d) => d.authorizations.map((a) => a.authorization))).toEqual(
      [0, 1, 2].map(() => ({ decision: 'DENY', policy: 'bookinfo/allow-nothing', rule: null })));
    // principals need mutual TLS: with the workloads' mTLS disabled, the principal rule matches nobody
    const plain = [...secured, { apiVersion: SEC, kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'bookinfo' }, spec: { mtls: { mode: 'DISABLE' } } }];
    expect(explain(plain, { host: 'reviews', fromNamespace: 'bookinfo', fromServiceAccount: 'bookinfo-productpage' }).destinations[0].authorizations[0].authorization.decision).toBe('DENY');
  });
});
