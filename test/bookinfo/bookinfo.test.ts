// Istio's Bookinfo as a second composition (examples/bookinfo), built from the package root only: its workloads
// compared field by field with Istio's bookinfo.yaml, its ingress with bookinfo-gateway.yaml, each step with the
// traffic file it is named after, the steps after istio.io's tasks, and `explain` on them.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App, Testing } from 'cdk8s';
import { explain, ExplainRequest, loadManifests, MeshBaseChart, OssmVersion, parseManifests, renderDist, SIDECAR_INJECT_LABEL } from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { BOOKINFO_STEPS, BookinfoAppsChart, buildBookinfo } from '../../examples/bookinfo/bookinfo';
import { validateAll } from '../support/crd-schema';
import { keyOf } from '../support/objects';
import { describeWithShared, sharedPath } from '../support/shared';
import { meshApp, OSSM2_MESH } from '../support/control-planes';

const NS = 'bookinfo';
const UPSTREAM = sharedPath('reference', 'istio-bookinfo');

/** What `npm run synth:bookinfo` writes, read back from the rendered YAML: the base, and each step's own objects. */
const rendered = renderDist(buildBookinfo({ controlPlane: OSSM2_MESH }));
const filesUnder = (prefix: string) => [...rendered.files].filter(([f]) => f.startsWith(prefix)).flatMap(([f, text]) => parseManifests(text, f));
const base = [...filesUnder('01-'), ...filesUnder('02-')];
const stepObjects = (step: string) => filesUnder(`steps/${step}/`);
const upstream = (...files: string[]) => loadManifests(files.map((f) => join(UPSTREAM, f)), { namespace: NS }).map((o) => JSON.parse(JSON.stringify(o)) as KubeObject);

test('the layout of dist/: the stages of the base, one folder per step named like Istio\'s file or task', () => {
  expect(rendered.report.files.filter((f) => !f.startsWith('steps/'))).toEqual(['01-control-plane/bookinfo.yaml', '02-apps/bookinfo.yaml']);
  expect(rendered.report.files.filter((f) => f.startsWith('steps/'))).toEqual(BOOKINFO_STEPS.map((s) => `steps/${s}/${s}.yaml`));
  // analyzed as npm run synth analyzes the workshop: the base alone and each step on it; nothing but the suppressed gateway finding
  expect(rendered.report.findings.map((f) => [f.code, f.kind, f.name, f.suppressedBecause !== undefined])).toEqual([['OSSM301', 'Gateway', 'bookinfo-gateway', true]]);
});

test('snapshot of the base', () => {
  expect(Testing.synth(new BookinfoAppsChart(meshApp(), 'bookinfo'))).toMatchSnapshot();
});

describeWithShared('Bookinfo against Istio\'s files', [UPSTREAM], () => {
  /** Istio's platform object as this composition means to emit it: in its namespace, injected, under Pod Security "restricted". */
  function expectedFromUpstream(o: KubeObject): KubeObject {
    const expected = JSON.parse(JSON.stringify(o));
    expected.metadata.namespace = NS;
    if (expected.kind === 'Deployment') {
      expected.spec.template.metadata.labels[SIDECAR_INJECT_LABEL] = 'true';
      const pod = expected.spec.template.spec;
      pod.securityContext = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
      pod.containers[0].securityContext = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
    }
    return sortVolumes(expected);
  }
  const sortVolumes = (o: any) => {
    const pod = o.spec?.template?.spec;
    if (pod?.volumes) pod.volumes = [...pod.volumes].sort((a: any, b: any) => a.name.localeCompare(b.name));
    return o;
  };

  test('every Service, ServiceAccount and Deployment of bookinfo.yaml, field by field; ours adds only the namespace, its member and the ingress', () => {
    const platform = upstream('platform/bookinfo.yaml');
    expect(platform).toHaveLength(14);
    const ours = new Map(base.map((o) => [keyOf(o), o]));
    for (const o of platform) {
      const key = keyOf(o);
      expect([key, sortVolumes(JSON.parse(JSON.stringify(ours.get(key) ?? null)))]).toEqual([key, expectedFromUpstream(o)]);
    }
    const upstreamKeys = new Set(platform.map(keyOf));
    expect(base.map(keyOf).filter((k) => !upstreamKeys.has(k))).toEqual([
      'Namespace//bookinfo', 'ServiceMeshMember/bookinfo/default', 'Gateway/bookinfo/bookinfo-gateway', 'VirtualService/bookinfo/bookinfo',
    ]);
  });

  /** Fully qualified in the app's namespace, as this library writes hosts (Istio's files use short names). */
  const fqdn = (host: string) => (host.includes('.') || host === '*' ? host : `${host}.${NS}.svc.cluster.local`);
  const qualifiedGateway = (g: string) => (g.includes('/') ? g : `${NS}/${g}`);
  /** The versions bookinfo.yaml deploys, per service. */
  const deployed = (service: string) => upstream('platform/bookinfo.yaml')
    .filter((o) => o.kind === 'Deployment' && o.spec.template.metadata.labels.app === service).map((o) => o.spec.template.metadata.labels.version as string);

  /**
   * What an Istio object means, for comparing ours with Istio's: kind, namespace, name and spec, with hosts fully
   * qualified, gateways as `namespace/name`, the rules after a rule without match left out (never reached), and
   * subsets only for versions that bookinfo.yaml deploys (the others select no pod: OSSM202).
   */
  function meaning(o: KubeObject): object {
    const spec = JSON.parse(JSON.stringify(o.spec));
    if (o.kind === 'VirtualService') {
      spec.hosts = spec.hosts.map(fqdn);
      if (spec.gateways) spec.gateways = spec.gateways.map(qualifiedGateway);
      const rules: any[] = [];
      for (const rule of spec.http ?? []) {
        rules.push({
          ...rule,
          route: rule.route.map((d: any) => ({ ...d, destination: { ...d.destination, host: fqdn(d.destination.host) } })),
          ...(rule.mirror ? { mirror: { ...rule.mirror, host: fqdn(rule.mirror.host) } } : {}),
        });
        if (!rule.match) break;
      }
      spec.http = rules;
    } else if (o.kind === 'DestinationRule') {
      spec.host = fqdn(spec.host);
      const versions = deployed(o.metadata!.name!);
      spec.subsets = (spec.subsets ?? []).filter((s: any) => versions.includes(s.labels.version));
    }
    return { kind: o.kind, namespace: o.metadata?.namespace, name: o.metadata?.name, spec };
  }
  const sorted = (objects: KubeObject[]) => objects.map(meaning).sort((a: any, b: any) => `${a.kind}/${a.name}`.localeCompare(`${b.kind}/${b.name}`));

  test('the ingress is bookinfo-gateway.yaml: Gateway bookinfo-gateway on 8080 for any host, VirtualService bookinfo with the five paths', () => {
    const ingress = base.filter((o) => o.kind === 'Gateway' || (o.kind === 'VirtualService'));
    expect(sorted(ingress)).toEqual(sorted(upstream('networking/bookinfo-gateway.yaml')));
  });

  /** Istio's files without a step of their own: other platforms' workloads, egress, cert-manager. */
  const NOT_STEPS = ['bookinfo-gateway.yaml', 'certmanager-gateway.yaml', 'egress-rule-google-apis.yaml', 'virtual-service-details-v2.yaml',
    'virtual-service-ratings-db.yaml', 'virtual-service-ratings-mysql.yaml', 'virtual-service-ratings-mysql-vm.yaml'];

  test('every traffic file of the task list has its step, and no step claims a file that does not exist', () => {
    const files = readdirSync(join(UPSTREAM, 'networking')).filter((f) => !NOT_STEPS.includes(f)).map((f) => f.replace(/\.yaml$/, ''));
    expect(files.sort()).toEqual(BOOKINFO_STEPS.filter((s) => /^(virtual-service|destination-rule|fault-injection)-/.test(s)).sort());
  });

  test.each(BOOKINFO_STEPS.filter((s) => /^(virtual-service|destination-rule|fault-injection)-/.test(s)))('step %s means what Istio\'s file says', (step) => {
    const file = upstream(`networking/${step}.yaml`);
    const ours = stepObjects(step);
    const routed = new Set(file.filter((o) => o.kind === 'VirtualService').map((o) => o.metadata!.name));
    // a VirtualService step carries the DestinationRules its routes need (Istio's tasks apply destination-rule-all first)
    const needed = file.some((o) => o.kind === 'DestinationRule') ? file
      : [...file, ...upstream('networking/destination-rule-all.yaml').filter((o) => routed.has(o.metadata!.name))];
    expect(sorted(ours)).toEqual(sorted(needed));
    // on OSSM 2.6 every object is networking.istio.io/v1beta1 where Istio's files say v1
    expect([...new Set(ours.map((o) => o.apiVersion))]).toEqual(['networking.istio.io/v1beta1']);
  });

  test('the expected differences: subsets for workloads bookinfo.yaml does not deploy, and the unreachable rule of fault-injection-details-v1', () => {
    const subsets = (drs: KubeObject[]) => drs.flatMap((dr) => dr.spec.subsets.map((x: any) => `${dr.metadata!.name}/${x.name}`));
    const ours = new Set(subsets(stepObjects('destination-rule-all')));
    const left = subsets(upstream('networking/destination-rule-all.yaml')).filter((s) => !ours.has(s));
    expect(left).toEqual(['ratings/v2', 'ratings/v2-mysql', 'ratings/v2-mysql-vm', 'details/v2']);
    const details = upstream('networking/fault-injection-details-v1.yaml').find((o) => o.kind === 'VirtualService')!;
    expect(details.spec.http).toHaveLength(2);
    expect(details.spec.http[0].match).toBeUndefined(); // so Istio never reaches http[1]
    expect(stepObjects('fault-injection-details-v1').find((o) => o.kind === 'VirtualService')!.spec.http).toHaveLength(1);
  });
});

describe('the steps after istio.io\'s tasks', () => {
  const spec = (step: string, kind: string, name: string) => stepObjects(step).find((o) => o.kind === kind && o.metadata?.name === name)!.spec;
  const REVIEWS = 'reviews.bookinfo.svc.cluster.local';
  const RATINGS = 'ratings.bookinfo.svc.cluster.local';

  test('request-timeouts: ratings delayed 2 s, reviews v2 with a 0.5 s timeout', () => {
    expect(spec('request-timeouts', 'VirtualService', 'ratings').http).toEqual([
      { fault: { delay: { fixedDelay: '2s', percentage: { value: 100 } } }, route: [{ destination: { host: RATINGS, subset: 'v1' } }] }]);
    expect(spec('request-timeouts', 'VirtualService', 'reviews').http).toEqual([{ route: [{ destination: { host: REVIEWS, subset: 'v2' } }], timeout: '500ms' }]);
  });

  test('retries: 3 attempts of 2 s to ratings v1', () => {
    expect(spec('retries', 'VirtualService', 'ratings').http).toEqual([{ route: [{ destination: { host: RATINGS, subset: 'v1' } }], retries: { attempts: 3, perTryTimeout: '2s' } }]);
  });

  test('mirroring: everything to reviews v1, a copy of all of it to v2', () => {
    expect(spec('mirroring', 'VirtualService', 'reviews').http).toEqual([{
      route: [{ destination: { host: REVIEWS, subset: 'v1' }, weight: 100 }], mirror: { host: REVIEWS, subset: 'v2' }, mirrorPercentage: { value: 100 } }]);
  });

  test('circuit-breaking: the task\'s connection pool and outlier detection on reviews', () => {
    expect(spec('circuit-breaking', 'DestinationRule', 'reviews').trafficPolicy).toEqual({
      connectionPool: { tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 } },
      outlierDetection: { consecutive5xxErrors: 1, interval: '1s', baseEjectionTime: '180s', maxEjectionPercent: 100 },
    });
  });

  test('peer-authentication-strict and authorization-http: the security tasks on Bookinfo\'s service accounts', () => {
    expect(spec('peer-authentication-strict', 'PeerAuthentication', 'default')).toEqual({ mtls: { mode: 'STRICT' } });
    const policies = stepObjects('authorization-http');
    expect(policies.map((p) => [p.metadata!.name, p.spec.selector?.matchLabels?.app, p.spec.rules?.[0]?.from?.[0]?.source?.principals?.[0]])).toEqual([
      ['allow-nothing', undefined, undefined],
      ['productpage-viewer', 'productpage', undefined],
      ['details-viewer', 'details', 'cluster.local/ns/bookinfo/sa/bookinfo-productpage'],
      ['reviews-viewer', 'reviews', 'cluster.local/ns/bookinfo/sa/bookinfo-productpage'],
      ['ratings-viewer', 'ratings', 'cluster.local/ns/bookinfo/sa/bookinfo-reviews'],
    ]);
    expect(validateAll([...policies, ...stepObjects('peer-authentication-strict')], '2.6')).toEqual([]);
  });
});

describe('explain on the Bookinfo steps', () => {
  const on = (step: string) => [...base, ...stepObjects(step)];
  const request = (host: string, headers?: Record<string, string>): ExplainRequest => ({ host, fromNamespace: NS, headers });
  const reached = (e: ReturnType<typeof explain>) => e.destinations.map((d) => [d.subset, d.weight, d.workloads]);

  test('virtual-service-reviews-test-v2 and -jason-v2-v3: jason reaches reviews v2; others v1 or v3', () => {
    const jason = explain(on('virtual-service-reviews-test-v2'), request('reviews', { 'end-user': 'jason' }));
    expect(jason).toMatchObject({ outcome: 'route', virtualService: 'bookinfo/reviews', matchedRule: 0 });
    expect(reached(jason)).toEqual([['v2', 100, ['bookinfo/reviews-v2']]]);
    const bob = explain(on('virtual-service-reviews-test-v2'), request('reviews', { 'end-user': 'bob' }));
    expect(bob.rules[0].reason).toBe('header end-user is "bob", not exactly "jason"');
    expect(reached(bob)).toEqual([['v1', 100, ['bookinfo/reviews-v1']]]);
    expect(reached(explain(on('virtual-service-reviews-jason-v2-v3'), request('reviews')))).toEqual([['v3', 100, ['bookinfo/reviews-v3']]]);
  });

  test('traffic shifting: 80/20 and 50/50 over the workloads', () => {
    expect(reached(explain(on('virtual-service-reviews-80-20'), request('reviews')))).toEqual([['v1', 80, ['bookinfo/reviews-v1']], ['v2', 20, ['bookinfo/reviews-v2']]]);
    expect(reached(explain(on('virtual-service-reviews-50-v3'), request('reviews')))).toEqual([['v1', 50, ['bookinfo/reviews-v1']], ['v3', 50, ['bookinfo/reviews-v3']]]);
  });

  test('faults: jason gets 500 from ratings, or waits 7 s; details answers 555 to everyone', () => {
    expect(explain(on('virtual-service-ratings-test-abort'), request('ratings', { 'end-user': 'jason' })).fault)
      .toEqual({ abort: { httpStatus: 500, grpcStatus: null, percentage: 100 }, delay: null });
    expect(explain(on('virtual-service-ratings-test-delay'), request('ratings', { 'end-user': 'jason' })).fault).toEqual({ abort: null, delay: { fixedDelay: '7s', percentage: 100 } });
    expect(explain(on('virtual-service-ratings-test-delay'), request('ratings')).fault).toBeNull();
    expect(explain(on('fault-injection-details-v1'), request('details')).fault).toEqual({ abort: { httpStatus: 555, grpcStatus: null, percentage: 100 }, delay: null });
  });

  test('timeouts, retries, mirrors and DestinationRule policies', () => {
    expect(explain(on('request-timeouts'), request('reviews')).timeout).toBe('500ms');
    // no retryOn given: Istio's default conditions apply
    expect(explain(on('retries'), request('ratings')).retries)
      .toEqual({ attempts: 3, perTryTimeout: '2s', retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes', istioDefault: false });
    expect(explain(on('mirroring'), request('reviews')).mirrors.map((m) => [m.subset, m.percentage, m.workloads])).toEqual([['v2', 100, ['bookinfo/reviews-v2']]]);
    const mtls = explain(on('destination-rule-all-mtls'), request('reviews'));
    expect(mtls).toMatchObject({ outcome: 'default-route' });
    expect(mtls.destinations[0].trafficPolicy).toMatchObject({ tls: { mode: 'ISTIO_MUTUAL' } });
    expect(explain(on('destination-rule-reviews'), request('reviews')).destinations[0].trafficPolicy).toMatchObject({ loadBalancer: { simple: 'RANDOM' } });
  });

  test('from the mesh, productpage is routed by its own VirtualService, never by the ingress one (bound to the gateway only)', () => {
    const objects = on('virtual-service-all-v1');
    expect(explain(objects, { host: 'productpage', fromNamespace: NS, path: '/productpage' })).toMatchObject({ virtualService: 'bookinfo/productpage', matchedRule: 0 });
  });
});

test('on OSSM 3: the namespace labelled for the discovery selectors and injection, no ServiceMeshMember, every Istio object in v1, valid against the OSSM 3 CRDs', () => {
  const ossm3 = new MeshBaseChart(new App(), 'mesh', { ossmVersion: OssmVersion.V3 }).meshControlPlane;
  // the set holds no control plane: analyzed as an app for the platform it was made for, OSSM 3 (Istio 1.30); told
  // that the mesh runs Istio 1.20 (OSSM 2.6), the analyzer refuses v1
  expect(() => renderDist(buildBookinfo({ controlPlane: ossm3 }), { assumeIstio: '1.20' })).toThrow(/ERROR OSSM601 /);
  const v1 = renderDist(buildBookinfo({ controlPlane: ossm3 }));
  expect(v1.report.findings.filter((f) => f.suppressedBecause === undefined)).toEqual([]);
  const objects = [...v1.files].flatMap(([f, text]) => parseManifests(text, f));
  expect(objects.filter((o) => o.kind === 'ServiceMeshMember')).toEqual([]);
  expect(objects.find((o) => o.kind === 'Namespace')!.metadata!.labels).toEqual(ossm3.membership.namespaceLabels);
  expect(Object.keys(ossm3.membership.namespaceLabels).length).toBeGreaterThan(0);
  expect(objects.find((o) => o.kind === 'Gateway')!.spec.selector).toEqual(ossm3.ingressGateway.selector);
  expect([...new Set(objects.filter((o) => /istio\.io/.test(o.apiVersion)).map((o) => o.apiVersion))].sort()).toEqual(['networking.istio.io/v1', 'security.istio.io/v1']);
  expect(validateAll(objects, '3')).toEqual([]);
  expect(validateAll([...rendered.files].flatMap(([f, text]) => parseManifests(text, f)), '2.6')).toEqual([]);
});

test('npm run synth:bookinfo\'s program writes examples/bookinfo/dist/ through the safe writer', () => {
  const work = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-bookinfo-'));
  try {
    const main = resolve(__dirname, '../../build/examples/bookinfo/main.js');
    const env = { ...process.env, OSSM_VERSION: '2.6' };
    const out = execFileSync(process.execPath, [main], { cwd: work, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toMatch(/^\d+ objects in 22 files written to examples\/bookinfo\/dist\/$/m);
    expect(readdirSync(join(work, 'examples', 'bookinfo', 'dist')).sort()).toEqual(['.cdk8s-ossm-output', '01-control-plane', '02-apps', 'steps']);
    expect(readFileSync(join(work, 'examples', 'bookinfo', 'dist', 'steps', 'retries', 'retries.yaml'), 'utf8')).toContain('apiVersion: networking.istio.io/v1beta1');
    // OSSM_VERSION unset (the default, 3): for the workshop's OSSM 3 mesh, analyzed as Istio 1.30
    execFileSync(process.execPath, [main], { cwd: work, env: { ...process.env, OSSM_VERSION: '' }, stdio: 'pipe' });
    expect(readFileSync(join(work, 'examples', 'bookinfo', 'dist', 'steps', 'retries', 'retries.yaml'), 'utf8')).toContain('apiVersion: networking.istio.io/v1\n');
    const bad = spawnSync(process.execPath, [main], { cwd: work, env: { ...process.env, OSSM_VERSION: '2.5' }, encoding: 'utf8' });
    expect([bad.status, bad.stderr.trim()]).toEqual([1, 'OSSM_VERSION "2.5" is not valid. Allowed: "2.6" or "3".']);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
