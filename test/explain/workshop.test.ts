// `explain` on every workshop step, synthesized through buildTravelsWorkshop as `npm run synth` does.
import { App } from 'cdk8s';
import { buildTravelsWorkshop, ExplainRequest, explain, Explanation, KubeObject, OssmVersion, WORKSHOP_STEPS, WorkshopStep } from '../../lib';
import { synthesizeApp } from '../../lib/synth/synthesize';

const objectsOf = (app: App): KubeObject[] => synthesizeApp(app).flatMap((c) => c.objects);
const workshop = buildTravelsWorkshop({ clusterBaseDomain: 'example.com' });
const base = objectsOf(workshop.base);
const withStep = (step: WorkshopStep): KubeObject[] => [...base, ...objectsOf(workshop.steps[step])];

const TRAVELS = 'travels.travel-agency.svc.cluster.local';
const fromPortal = (headers?: Record<string, string>): ExplainRequest => ({ host: 'travels.travel-agency', fromNamespace: 'travel-portal', headers });
const route = (e: Explanation) => e.destinations.map((d) => ({ subset: d.subset, weight: d.weight, workloads: d.workloads }));

describe('header-routing (4-1)', () => {
  const objects = withStep('header-routing');

  test.each([
    ['travels.uk', 0, 'v1'],
    ['viaggi.it', 1, 'v2'],
    ['voyages.fr', 2, 'v3'],
  ])('portal: %s reaches travels %s', (portal, rule, version) => {
    const e = explain(objects, fromPortal({ portal }));
    expect(e).toMatchObject({ routed: true, outcome: 'route', virtualService: 'travel-agency/travels', routeType: 'http', matchedRule: rule });
    expect(route(e)).toEqual([{ subset: version, weight: 100, workloads: [`travel-agency/travels-${version}`] }]);
    expect(e.destinations[0]).toMatchObject({ host: TRAVELS, port: 8000, subsetLabels: { version }, destinationRule: 'travel-agency/travels', destinationRuleFoundIn: 'host namespace' });
  });

  test('viaggi.it: the earlier rule fails on the header value, in words', () => {
    const e = explain(objects, fromPortal({ portal: 'viaggi.it' }));
    expect(e.rules).toEqual([
      { index: 0, name: null, matched: false, reason: 'header portal is "viaggi.it", not exactly "travels.uk"', delegateRules: null },
      { index: 1, name: null, matched: true, reason: null, delegateRules: null },
    ]);
  });

  test('no header reaches nothing: 404 from Envoy, no default route, every rule says why', () => {
    const e = explain(objects, fromPortal());
    expect(e).toMatchObject({ routed: false, outcome: 'no-route', matchedRule: null, destinations: [] });
    expect(e.reason).toBe('VirtualService travel-agency/travels has no rule that matches this request: Envoy answers 404 (no route, response flag NR)');
    expect(e.rules.map((r) => r.reason)).toEqual(['travels.uk', 'viaggi.it', 'voyages.fr']
      .map((v) => `header portal is absent (the rule needs it exactly "${v}")`));
  });

  test('header names are case-insensitive, values are not', () => {
    expect(explain(objects, fromPortal({ Portal: 'viaggi.it' })).matchedRule).toBe(1);
    expect(explain(objects, fromPortal({ portal: 'Viaggi.IT' })).outcome).toBe('no-route');
  });
});

describe('weighted-routing (4-2)', () => {
  test('Kiali\'s split 33/33/34 over the three versions', () => {
    const e = explain(withStep('weighted-routing'), fromPortal());
    expect(e).toMatchObject({ outcome: 'route', matchedRule: 0, retries: { istioDefault: true, attempts: 2 }, timeout: null, fault: null });
    expect(route(e)).toEqual([
      { subset: 'v1', weight: 33, workloads: ['travel-agency/travels-v1'] },
      { subset: 'v2', weight: 33, workloads: ['travel-agency/travels-v2'] },
      { subset: 'v3', weight: 34, workloads: ['travel-agency/travels-v3'] },
    ]);
  });

  test('the weights given to the workshop', () => {
    const w = buildTravelsWorkshop({ clusterBaseDomain: 'example.com', weights: [{ version: 'v1', weight: 80 }, { version: 'v2', weight: 20 }, { version: 'v3', weight: 0 }] });
    const e = explain([...objectsOf(w.base), ...objectsOf(w.steps['weighted-routing'])], fromPortal());
    expect(e.destinations.map((d) => [d.subset, d.weight])).toEqual([['v1', 80], ['v2', 20], ['v3', 0]]);
  });
});

describe('fault-injection (5-1)', () => {
  test('travels calling hotels: 10 % abort with 503, the rest to hotels v1', () => {
    const e = explain(withStep('fault-injection'), { host: 'hotels', fromNamespace: 'travel-agency' });
    expect(e).toMatchObject({ outcome: 'route', virtualService: 'travel-agency/hotels', matchedRule: 0 });
    expect(e.fault).toEqual({ abort: { httpStatus: 503, grpcStatus: null, percentage: 10 }, delay: null });
    expect(route(e)).toEqual([{ subset: 'v1', weight: 100, workloads: ['travel-agency/hotels-v1'] }]);
    expect(e.destinations[0].destinationRuleFoundIn).toBe('client namespace');
  });

  test('other hosts are not affected: cars keeps its default route', () => {
    const e = explain(withStep('fault-injection'), { host: 'cars', fromNamespace: 'travel-agency' });
    expect(e).toMatchObject({ outcome: 'default-route', fault: null, virtualService: null });
    expect(route(e)).toEqual([{ subset: null, weight: 100, workloads: ['travel-agency/cars-v1'] }]);
  });
});

describe('circuit-breaker (6-2)', () => {
  test('every destination carries the connection pool and outlier detection of the DestinationRule', () => {
    const e = explain(withStep('circuit-breaker'), fromPortal());
    expect(route(e).map((d) => d.weight)).toEqual([33, 33, 34]);
    for (const d of e.destinations) {
      expect(d.trafficPolicy).toEqual({
        connectionPool: { http: { http1MaxPendingRequests: 1 }, tcp: { maxConnections: 1 } },
        loadBalancer: null,
        outlierDetection: { consecutive5xxErrors: 1 },
        tls: null,
        sources: ['trafficPolicy'],
      });
      expect(d.problems).toEqual([]);
    }
  });
});

describe('without a step', () => {
  test('travels: the default route to every version, said so', () => {
    const e = explain(base, fromPortal());
    expect(e).toMatchObject({ routed: true, outcome: 'default-route', virtualService: null, matchedRule: null });
    expect(e.reason).toMatch(/^no VirtualService routes travels\.travel-agency\.svc\.cluster\.local for clients in namespace travel-portal: the sidecar sends the request to every endpoint of Service\/travel-agency\/travels, spread by Istio's default load balancer \(LEAST_REQUEST\)/);
    expect(route(e)).toEqual([{ subset: null, weight: 100, workloads: ['travel-agency/travels-v1', 'travel-agency/travels-v2', 'travel-agency/travels-v3'] }]);
  });

  test('the control ingress host is routed by its Gateway only: a request to it, even from a pod, goes through the Gateway', () => {
    const e = explain(base, { host: 'control.travel-control.apps.example.com', fromNamespace: 'travel-portal' });
    expect(e).toMatchObject({ routed: true, outcome: 'route', virtualService: 'travel-control/control', gateway: { gateway: 'travel-control/control-gateway', server: 0 } });
    expect(e.request).toMatchObject({ gateway: 'travel-control/control-gateway', fromNamespace: 'istio-ingress' });
    expect(e.notes).toContain('the request enters through Gateway travel-control/control-gateway: the mesh hop starts at its pods (namespace istio-ingress, ServiceAccount istio-ingressgateway), not at the client given');
  });
});

test.each(WORKSHOP_STEPS)('step %s: every host it routes reaches workloads, without problems', (step) => {
  const objects = withStep(step);
  const stepObjects = objectsOf(workshop.steps[step]);
  const hosts = stepObjects.filter((o) => o.kind === 'VirtualService').flatMap((o) => o.spec.hosts as string[]);
  expect(hosts.length).toBeGreaterThan(0);
  for (const host of hosts) {
    // a request every rule of the step accepts: the first header rule's header, when there is one
    const firstHeaders = stepObjects.find((o) => o.kind === 'VirtualService')!.spec.http[0].match?.[0]?.headers ?? {};
    const headers = Object.fromEntries(Object.entries(firstHeaders).map(([k, v]) => [k, (v as { exact: string }).exact]));
    const e = explain(objects, { host, fromNamespace: 'travel-portal', headers });
    expect(e.outcome).toBe('route');
    expect(e.destinations.length).toBeGreaterThan(0);
    for (const d of e.destinations) {
      expect(d.workloads.length).toBeGreaterThan(0);
      expect(d.problems).toEqual([]);
    }
  }
});

describe('on the OSSM 3 workshop (networking.istio.io/v1, the Istio resource\'s namespace as root namespace)', () => {
  const ossm3 = buildTravelsWorkshop({ clusterBaseDomain: 'example.com', ossmVersion: OssmVersion.V3 });
  const base3 = objectsOf(ossm3.base);
  const withStep3 = (step: WorkshopStep): KubeObject[] => [...base3, ...objectsOf(ossm3.steps[step])];

  test.each(WORKSHOP_STEPS)('step %s: every request is explained as on OSSM 2.6', (step) => {
    expect(objectsOf(ossm3.steps[step]).map((o) => o.apiVersion)).toContain('networking.istio.io/v1');
    for (const headers of [undefined, { portal: 'travels.uk' }, { portal: 'viaggi.it' }, { portal: 'voyages.fr' }]) {
      const on3 = explain(withStep3(step), fromPortal(headers));
      const on26 = explain(withStep(step), fromPortal(headers));
      expect({ ...on3, notes: [] }).toEqual({ ...on26, notes: [] });
    }
  });

  test('a DestinationRule in the Istio\'s namespace applies as the root namespace\'s; one in another namespace does not', () => {
    const objects = withStep3('weighted-routing');
    const own = objects.find((o) => o.kind === 'DestinationRule')!;
    const movedTo = (namespace: string): KubeObject[] => [...objects.filter((o) => o !== own), { ...own, metadata: { ...own.metadata, namespace } }];
    const inRoot = explain(movedTo('istio-system'), fromPortal());
    expect(inRoot.destinations.map((d) => [d.destinationRule, d.destinationRuleFoundIn, d.problems])).toEqual(
      ['v1', 'v2', 'v3'].map(() => ['istio-system/travels', 'root namespace', []]));
    const elsewhere = explain(movedTo('istio-cni'), fromPortal());
    expect(elsewhere.destinations.map((d) => d.destinationRule)).toEqual([null, null, null]);
    expect(elsewhere.destinations[0].problems[0]).toMatch(/^subset v1 needs a DestinationRule for travels\.travel-agency\.svc\.cluster\.local that namespace travel-portal sees, and there is none/);
  });
});
