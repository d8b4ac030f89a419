import { isCustomResource, KubeObject, servedKinds, validateAll, validateCustomResource } from './crd-schema';

const meta = { name: 'basic', namespace: 'istio-system' };

function smcp(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'maistra.io/v2', kind: 'ServiceMeshControlPlane', metadata: meta, spec };
}

const validSmcpSpec = {
  version: 'v2.6',
  tracing: { type: 'Jaeger', sampling: 10000 },
  addons: { kiali: { enabled: true } },
};

function virtualService(apiVersion: string, weight: unknown = 100): KubeObject {
  return {
    apiVersion,
    kind: 'VirtualService',
    metadata: { name: 'reviews', namespace: 'bookinfo' },
    spec: {
      hosts: ['reviews'],
      http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight }] }],
    },
  };
}

describe('test/support/crd-schema', () => {
  test('a valid maistra.io/v2 ServiceMeshControlPlane passes', () => {
    expect(validateCustomResource(smcp(validSmcpSpec))).toEqual([]);
  });

  test('an unknown nested field is reported by name', () => {
    const errors = validateCustomResource(smcp({ ...validSmcpSpec, tracing: { type: 'Jaeger', sampling: 10000, typo: 1 } }));
    expect(errors).toEqual([
      'ServiceMeshControlPlane/istio-system/basic: /spec/tracing has unknown field "typo" (the API server would prune it)',
    ]);
  });

  test('spec.type is not a ServiceMeshControlPlane field', () => {
    const errors = validateCustomResource(smcp({ ...validSmcpSpec, type: 'Jaeger' }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/\/spec has unknown field "type"/);
  });

  test('value validations still apply (sampling maximum, wrong type)', () => {
    expect(validateCustomResource(smcp({ tracing: { sampling: 10001 } }))).toEqual([
      'ServiceMeshControlPlane/istio-system/basic: /spec/tracing/sampling must be <= 10000',
    ]);
    expect(validateCustomResource(smcp({ addons: { kiali: { enabled: 'yes' } } }))[0]).toMatch(/\/spec\/addons\/kiali\/enabled must be boolean/);
  });

  test('networking.istio.io/v1beta1 VirtualService passes; a non-integer weight fails', () => {
    expect(validateCustomResource(virtualService('networking.istio.io/v1beta1'))).toEqual([]);
    expect(validateCustomResource(virtualService('networking.istio.io/v1alpha3'))).toEqual([]);
    const errors = validateCustomResource(virtualService('networking.istio.io/v1beta1', 'x'));
    expect(errors).toEqual(['VirtualService/bookinfo/reviews: /spec/http/0/route/0/weight must be integer']);
  });

  test('networking.istio.io/v1 is not served by the Istio 1.20 CRDs (only v1alpha3, v1beta1)', () => {
    const errors = validateCustomResource(virtualService('networking.istio.io/v1'));
    expect(errors).toEqual([
      'VirtualService/bookinfo/reviews: unknown custom resource networking.istio.io/v1 VirtualService (served versions of VirtualService: v1alpha3, v1beta1)',
    ]);
  });

  test('Istio mutually exclusive fields (oneOf) get one readable error', () => {
    const vs = virtualService('networking.istio.io/v1beta1');
    const spec = vs.spec as { http: Array<Record<string, unknown>> };
    spec.http[0].match = [{ uri: { exact: '/a', prefix: '/b' } }];
    expect(validateCustomResource(vs)).toEqual([
      'VirtualService/bookinfo/reviews: /spec/http/0/match/0/uri may set only one of the mutually exclusive fields exact, prefix, regex',
    ]);
  });

  test('operators.coreos.com/v1alpha1 Subscription passes', () => {
    const sub: KubeObject = {
      apiVersion: 'operators.coreos.com/v1alpha1',
      kind: 'Subscription',
      metadata: { name: 'servicemeshoperator', namespace: 'openshift-operators' },
      spec: {
        channel: 'stable',
        name: 'servicemeshoperator',
        source: 'redhat-operators',
        sourceNamespace: 'openshift-marketplace',
        installPlanApproval: 'Manual',
        startingCSV: 'servicemeshoperator.v2.6.0',
      },
    };
    expect(validateCustomResource(sub)).toEqual([]);
  });

  test('route.openshift.io/v1 Route validates (and needs spec.to)', () => {
    const route: KubeObject = {
      apiVersion: 'route.openshift.io/v1',
      kind: 'Route',
      metadata: { name: 'kiali', namespace: 'istio-system' },
      spec: {
        host: 'kiali.apps.example.com',
        to: { kind: 'Service', name: 'kiali', weight: 100 },
        port: { targetPort: 20001 },
        tls: { termination: 'reencrypt', insecureEdgeTerminationPolicy: 'Redirect' },
      },
    };
    expect(validateCustomResource(route)).toEqual([]);
    // Passing needs the schema default `wildcardPolicy: None` (applied to a copy, as the API server does).
    expect(route.spec).not.toHaveProperty('wildcardPolicy');
    const subdomainWithoutHost = { ...route, spec: { to: { kind: 'Service', name: 'kiali' }, host: '', wildcardPolicy: 'Subdomain' } };
    expect(validateCustomResource(subdomainWithoutHost)).toContain('Route/istio-system/kiali: /spec must match a schema in anyOf');
    expect(validateCustomResource({ ...route, spec: { host: 'x.example.com' } })).toEqual([
      "Route/istio-system/kiali: /spec must have required property 'to'",
    ]);
  });

  test('isCustomResource / validateAll skip built-in kinds and report unknown custom resources', () => {
    const configMap: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { anything: 'goes' } };
    const deployment: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: {} };
    const gateway: KubeObject = {
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'g' }, spec: { gatewayClassName: 'istio', listeners: [] },
    };
    const unknownGroup: KubeObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };

    expect(isCustomResource(smcp(validSmcpSpec))).toBe(true);
    expect(isCustomResource(gateway)).toBe(true);
    expect(isCustomResource({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy' })).toBe(true);
    expect(isCustomResource(configMap)).toBe(false);
    expect(isCustomResource(deployment)).toBe(false);
    expect(() => validateCustomResource(configMap)).toThrow(/built-in kind/);

    expect(validateAll([configMap, deployment, smcp(validSmcpSpec), unknownGroup])).toEqual([
      'Widget/-/w: unknown custom resource example.com/v1 Widget (no CRD of group example.com in crd-schemas/crds.json (../shared/crds))',
    ]);
    // Gateway API: listeners needs at least one entry.
    expect(validateAll([gateway])[0]).toMatch(/\/spec\/listeners must NOT have fewer than 1 items/);
  });

  test('the OSSM 3 set: Istio 1.30 serves networking.istio.io/v1, sailoperator.io is there, maistra.io is not', () => {
    expect(validateCustomResource(virtualService('networking.istio.io/v1'), '3')).toEqual([]);
    const istio: KubeObject = {
      apiVersion: 'sailoperator.io/v1', kind: 'Istio', metadata: { name: 'default' }, spec: { namespace: 'istio-system', version: 'v1.30.3' },
    };
    expect(validateCustomResource(istio, '3')).toEqual([]);
    expect(validateCustomResource({ ...istio, spec: { version: 'v1.20.0' } }, '3')[0]).toMatch(/^Istio\/-\/default: \/spec\/version must be one of \[.*"v1\.30\.3".*\], got "v1\.20\.0"$/);
    expect(validateCustomResource(istio)).toEqual([
      'Istio/-/default: unknown custom resource sailoperator.io/v1 Istio (no CRD of group sailoperator.io in crd-schemas/crds.json (../shared/crds))',
    ]);
    expect(validateCustomResource(smcp(validSmcpSpec), '3')).toEqual([
      'ServiceMeshControlPlane/istio-system/basic: unknown custom resource maistra.io/v2 ServiceMeshControlPlane (no CRD of group maistra.io in '
        + 'the OSSM 3 set (crd-schemas/crds-ossm3.json, crds-platform-gateway-api-v1.2.1.json, crds-platform-monitoring.json, crds-platform-tracing.json, and crds.json without '
        + 'maistra.io, the Istio groups and Gateway API v1.0.0))',
    ]);
    // The platform sets: user-workload monitoring, Tempo and OpenTelemetry, with unknown fields as errors.
    const podMonitor: KubeObject = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: { name: 'm', namespace: 'a' }, spec: { selector: {}, podMetricsEndpoints: [{ port: 'x', pathh: '/' }] } };
    expect(validateCustomResource(podMonitor, '3')).toEqual(['PodMonitor/a/m: /spec/podMetricsEndpoints/0 has unknown field "pathh" (the API server would prune it)']);
    const tempo: KubeObject = { apiVersion: 'tempo.grafana.com/v1alpha1', kind: 'TempoMonolithic', metadata: { name: 't', namespace: 'tempo' }, spec: { storage: { traces: { backend: 'disk' } } } };
    expect(validateCustomResource(tempo, '3')).toEqual([expect.stringMatching(/^TempoMonolithic\/tempo\/t: \/spec\/storage\/traces\/backend must be one of/)]);
    expect(isCustomResource(podMonitor, '2.6')).toBe(false); // not in the OSSM 2.6 set
    // What OSSM 3 does not replace comes from ../shared/crds: OLM, Route, Kiali.
    const kiali: KubeObject = { apiVersion: 'kiali.io/v1alpha1', kind: 'Kiali', metadata: { name: 'kiali', namespace: 'istio-system' }, spec: { auth: { strategy: 'openshift' } } };
    expect(validateAll([kiali], '3')).toEqual([]);
    expect(validateAll([kiali])).toEqual([]);
    expect(isCustomResource({ apiVersion: 'route.openshift.io/v1', kind: 'Route' }, '3')).toBe(true);
    expect(isCustomResource({ apiVersion: 'operators.coreos.com/v1alpha1', kind: 'Subscription' }, '3')).toBe(true);
    // The Istio groups are those of 1.30 only: Telemetry v1 exists there, not in 1.20.
    const telemetry: KubeObject = { apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry', metadata: { name: 'mesh-default', namespace: 'istio-system' }, spec: {} };
    expect(validateAll([telemetry], '3')).toEqual([]);
    expect(validateAll([telemetry])[0]).toMatch(/served versions of Telemetry: v1alpha1\)$/);
  });

  test('the OSSM 3 set has the platform\'s Gateway API v1.2.1, with its defaults and rules; the 2.6 set keeps v1.0.0', () => {
    // GRPCRoute is v1 from Gateway API v1.1 on: served in the OSSM 3 set, not in v1.0.0
    const grpcRoute: KubeObject = {
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GRPCRoute', metadata: { name: 'g', namespace: 'bookinfo' },
      spec: { parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }], rules: [{ backendRefs: [{ name: 'reviews-v1', port: 9080 }] }] },
    };
    expect(validateCustomResource(grpcRoute, '3')).toEqual([]);
    expect(validateCustomResource(grpcRoute)[0]).toMatch(/group gateway.networking.k8s.io has no kind GRPCRoute\)$/);
    const httpRoute = (backendRef: Record<string, unknown>): KubeObject => ({
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'reviews', namespace: 'bookinfo' },
      spec: { parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }], rules: [{ backendRefs: [backendRef] }] },
    });
    expect(validateCustomResource(httpRoute({ name: 'reviews-v1', port: 9080, weight: 1 }), '3')).toEqual([]);
    expect(validateCustomResource(httpRoute({ name: 'reviews-v1', port: 9080, unknown: 1 }), '3')).toEqual([
      'HTTPRoute/bookinfo/reviews: /spec/rules/0/backendRefs/0 has unknown field "unknown" (the API server would prune it)',
    ]);
    expect(servedKinds('3').filter((k) => k.apiVersion.startsWith('gateway.networking.k8s.io/')).map((k) => `${k.apiVersion} ${k.kind}`).sort())
      .toEqual(expect.arrayContaining(['gateway.networking.k8s.io/v1 GRPCRoute', 'gateway.networking.k8s.io/v1 HTTPRoute', 'gateway.networking.k8s.io/v1 Gateway']));
    expect(servedKinds('3').filter((k) => k.kind === 'TCPRoute')).toEqual([]); // not in the standard channel
  });

  test('a few hundred objects of two kinds share the compiled schemas: exactly the broken one is reported, by its identity', () => {
    const objects: KubeObject[] = [];
    for (let i = 0; i < 300; i++) {
      objects.push(i % 2 ? smcp(validSmcpSpec) : virtualService('networking.istio.io/v1beta1'));
    }
    expect(validateAll(objects)).toEqual([]);
    const broken = { ...virtualService('networking.istio.io/v1beta1', 'x'), metadata: { name: 'broken', namespace: 'bookinfo' } };
    expect(validateAll([...objects.slice(0, 150), broken, ...objects.slice(150)])).toEqual([
      'VirtualService/bookinfo/broken: /spec/http/0/route/0/weight must be integer',
    ]);
    expect(validateAll(objects)).toEqual([]);
  });
});
