/**
 * Property-based tests of the ambient-mode constructs (check.ts, as fuzz.test.ts): a Waypoint and a
 * MeshAuthorizationPolicy in an ambient mesh declared on the app. Each input is refused with a ValidationError naming
 * the construct path, the value and what is allowed, or synthesizes objects valid against the OSSM 3 and Gateway API
 * v1.2.1 CRDs; a waypoint is always class istio-waypoint with the HBONE listener, and a policy is attached to a
 * waypoint by targetRefs exactly when its rules have L7 attributes, never with a selector as well.
 *
 * FUZZ_RUNS (default 300) inputs per target, seed FUZZ_SEED.
 */
import { App, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import fc from 'fast-check';
import { AuthorizationAction, DataPlaneMode, Mesh, MeshAuthorizationPolicy, MeshService, SailControlPlane, Waypoint } from '../../lib';
import { bool, dnsLabel, labelValue, mapOf, mostly, name, optional, port, qualifiedName } from './arbitraries';
import { fuzz, FuzzTarget } from './check';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20260401);

/** An ambient mesh declared on the app, and a chart `c` that creates the namespace `apps` (labelled for the mesh). */
function ambientMesh(app: App): Chart {
  const mesh = new SailControlPlane(new Chart(app, 'mesh'), 'cp', { dataPlane: DataPlaneMode.AMBIENT });
  Mesh.declare(app, mesh);
  const chart = new Chart(app, 'c');
  new k8s.KubeNamespace(chart, 'ns', { metadata: { name: 'apps', labels: { ...mesh.membership.namespaceLabels } } });
  return chart;
}

const waypoint: FuzzTarget<any> = {
  name: 'Waypoint (ambient)',
  crdSet: '3',
  props: fc.record({ namespace: mostly(fc.constant('apps'), name(), [6, 6, 2]), name: optional(name()), bindNamespace: optional(bool()) }, { requiredKeys: ['namespace'] }),
  build: (app, p) => { new Waypoint(ambientMesh(app), 'w', p); },
  invariants: (_, objects) => {
    const gateway = objects.find((o) => o.kind === 'Gateway');
    const spec = gateway?.spec as any;
    return spec?.gatewayClassName === 'istio-waypoint' && spec.listeners?.[0]?.protocol === 'HBONE' && spec.listeners[0].port === 15008 ? [] : [`not a waypoint: ${JSON.stringify(spec)}`];
  },
};

const L7 = (rules: any[]) => rules.some((r) => (r.to ?? []).some((t: any) => t.methods !== undefined || t.paths !== undefined));

const policy: FuzzTarget<any> = {
  name: 'MeshAuthorizationPolicy (ambient)',
  crdSet: '3',
  props: fc.record({
    name: name(),
    scope: fc.oneof(
      fc.record({ namespace: mostly(fc.constant('apps'), name(), [6, 6, 2]) }),
      fc.record({ namespace: fc.constant('apps'), selector: mapOf(qualifiedName(), labelValue(), 2) }),
      fc.record({ service: fc.record({ name: dnsLabel(), port: port() }) }),
      fc.record({ namespace: fc.constant('istio-system') }),
    ),
    action: optional(fc.constantFrom(...Object.values(AuthorizationAction))),
    rules: fc.array(fc.record({
      from: optional(fc.array(fc.record({ principals: fc.array(fc.constantFrom('cluster.local/ns/a/sa/b', '*'), { minLength: 1, maxLength: 2 }) }), { maxLength: 1 })),
      to: optional(fc.array(fc.record({
        methods: optional(fc.array(mostly(fc.constantFrom('GET', 'POST'), fc.constantFrom('get')), { minLength: 1, maxLength: 2 })),
        paths: optional(fc.array(fc.constantFrom('/api/*', '/'), { minLength: 1, maxLength: 1 })),
        ports: optional(fc.array(port(), { minLength: 1, maxLength: 2 })),
      }), { maxLength: 2 })),
    }), { maxLength: 2 }),
  }, { requiredKeys: ['name', 'scope', 'rules'] }),
  build: (app, p) => {
    const { scope, ...props } = p;
    const service = scope.service && MeshService.fromServiceName(scope.service.name, 'apps', { port: scope.service.port, versions: [] });
    new MeshAuthorizationPolicy(ambientMesh(app), 'ap', { ...props, ...scope, service });
  },
  invariants: (p, objects) => {
    const spec = objects.find((o) => o.kind === 'AuthorizationPolicy')?.spec as any;
    const problems: string[] = [];
    if (spec?.selector !== undefined && spec?.targetRefs !== undefined) problems.push('both a selector and targetRefs');
    if ((spec?.targetRefs !== undefined) !== L7(p.rules)) problems.push(`targetRefs ${JSON.stringify(spec?.targetRefs)} for rules ${JSON.stringify(p.rules)}`);
    if (spec?.targetRefs !== undefined && !objects.some((o) => o.kind === 'Gateway' && (o.spec as any).gatewayClassName === 'istio-waypoint')) problems.push('an L7 policy without a waypoint');
    return problems;
  },
};

describe(`property-based, ambient mode: ${RUNS} inputs per target, seed ${SEED}`, () => {
  test.each([waypoint, policy].map((t) => [t.name, t] as const))('%s', (_, target) => {
    const numRuns = Math.max(20, Math.round(RUNS * 0.3));
    const counts = fuzz(target, { numRuns, seed: SEED });
    expect({ accepted: counts.accepted > 0, refused: counts.refused > 0 }).toEqual({ accepted: true, refused: true });
  });
});
