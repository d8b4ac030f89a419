// cdk8s-ossm apply against a fake oc (test/support/fake-oc.ts), for the workshop on OSSM 2.6 and 3 (GitOps off) and
// for Bookinfo: the order of the applies and the waits. The slow cases (the --dry-run script run by sh, --step, and the
// waits that time out, which sleep between polls) are in apply-command.slow.test.ts.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { at, fakeOcWorld } from '../support/fake-oc';
import { runCli } from '../support/cli';

const world = fakeOcWorld();
const { root, dist26, dist3, bookinfo, withFakeOc } = world;
afterAll(() => world.remove());

describe('cdk8s-ossm apply, OSSM 2.6', () => {
  let calls: string[] = [];
  let result: ReturnType<typeof runCli>;
  beforeAll(() => { calls = withFakeOc(() => { result = runCli('apply', dist26, '--interval', '1', '--timeout', '10m'); }); });

  test('exits 0 and applies the three stages in order, each folder once', () => {
    expect(result.code).toBe(0);
    expect(calls.filter((c) => c.startsWith('apply '))).toEqual(['00-operators', '01-control-plane', '02-apps'].map((s) => `apply -f ${join(dist26, s)}/`));
  });

  test('the Manual Kiali Subscription: its InstallPlan is read from the Subscription, then approved, before any CSV wait', () => {
    const planQuery = /^get subscriptions\.operators\.coreos\.com\/kiali-ossm -n openshift-operators -o jsonpath=\{\.status\.installPlanRef\.name\}$/;
    expect(calls.filter((c) => planQuery.test(c))).toHaveLength(2); // not there the first time: asked again until it is
    const plan = calls.map((c) => planQuery.test(c)).lastIndexOf(true);
    const approve = at(calls, /^patch installplans\.operators\.coreos\.com\/install-kiali-ossm -n openshift-operators --type merge -p \{"spec":\{"approved":true\}\}$/);
    expect(plan).toBeGreaterThan(at(calls, /^apply -f .*00-operators/));
    expect(approve).toBeGreaterThan(plan);
    expect(approve).toBeLessThan(at(calls, /^wait clusterserviceversions/));
    // the Automatic ones are not approved by hand
    expect(calls.filter((c) => c.startsWith('patch '))).toHaveLength(1);
  });

  test('each Subscription: the installed CSV polled until it is there, Succeeded, then its CRDs Established, all before 01-control-plane', () => {
    const control = at(calls, /^apply -f .*01-control-plane/);
    for (const sub of ['kiali-ossm', 'jaeger-product', 'servicemeshoperator']) {
      const asked = calls.filter((c) => c === `get subscriptions.operators.coreos.com/${sub} -n openshift-operators -o jsonpath={.status.installedCSV}`);
      expect(asked).toHaveLength(2); // empty the first time: asked again
      const csvWait = at(calls, new RegExp(`^wait clusterserviceversions\\.operators\\.coreos\\.com/${sub}\\.v1 -n openshift-operators --for=jsonpath=\\{\\.status\\.phase\\}=Succeeded --timeout=600s$`));
      const crdWait = at(calls, new RegExp(`^wait customresourcedefinitions\\.apiextensions\\.k8s\\.io/widgets\\.${sub}\\.v1\\.example\\.io --for=condition=Established --timeout=600s$`));
      at(calls, new RegExp(`^wait customresourcedefinitions\\.apiextensions\\.k8s\\.io/gadgets\\.${sub}\\.v1\\.example\\.io`));
      expect(crdWait).toBeGreaterThan(csvWait);
      expect(crdWait).toBeLessThan(control);
    }
  });

  test('the SMCP Ready, then the member roll Ready, before the apps; the Deployments Available after them', () => {
    const control = at(calls, /^apply -f .*01-control-plane/);
    const smcp = at(calls, /^wait servicemeshcontrolplane\.maistra\.io\/basic -n istio-system --for=condition=Ready --timeout=600s$/);
    const smmr = at(calls, /^wait servicemeshmemberroll\.maistra\.io\/default -n istio-system --for=condition=Ready/);
    const apps = at(calls, /^apply -f .*02-apps/);
    expect([control, smcp, smmr, apps]).toEqual([...[control, smcp, smmr, apps]].sort((a, b) => a - b));
    expect(at(calls, /^wait namespace\/travel-agency --for=jsonpath=\{\.status\.phase\}=Active/)).toBeLessThan(apps);
    const deployments = calls.filter((c) => /^wait deployment\.apps\//.test(c));
    expect(deployments).toContain('wait deployment.apps/travels-v1 -n travel-agency --for=condition=Available --timeout=600s');
    expect(deployments).toContain('wait deployment.apps/control -n travel-control --for=condition=Available --timeout=600s');
    expect(calls.indexOf(deployments[0])).toBeGreaterThan(apps);
    // no Istio resources of OSSM 3 on 2.6
    expect(calls.some((c) => c.includes('sailoperator.io'))).toBe(false);
  });

});

describe('cdk8s-ossm apply, OSSM 3', () => {
  let calls: string[] = [];
  let code = -1;
  beforeAll(() => { calls = withFakeOc(() => { code = runCli('apply', dist3, '--interval', '1').code; }); });

  test('no approval (every Subscription is Automatic); CSVs and CRDs before the control plane', () => {
    expect(code).toBe(0);
    expect(calls.filter((c) => c.startsWith('patch '))).toEqual([]);
    expect(at(calls, /^wait clusterserviceversions\.operators\.coreos\.com\/servicemeshoperator3\.v1 /)).toBeLessThan(at(calls, /^apply -f .*01-control-plane/));
  });

  test('the Istio and the IstioCNI Ready (cluster-scoped) before the apps, the gateway and the apps Available after them', () => {
    const istio = at(calls, /^wait istio\.sailoperator\.io\/default --for=condition=Ready --timeout=900s$/);
    const cni = at(calls, /^wait istiocni\.sailoperator\.io\/default --for=condition=Ready --timeout=900s$/);
    const apps = at(calls, /^apply -f .*02-apps/);
    expect(at(calls, /^apply -f .*01-control-plane/)).toBeLessThan(istio);
    expect(Math.max(istio, cni)).toBeLessThan(apps);
    expect(at(calls, /^wait deployment\.apps\/istio-ingressgateway -n istio-ingress --for=condition=Available/)).toBeGreaterThan(apps);
    expect(calls.some((c) => c.includes('maistra.io'))).toBe(false);
  });
});

test('Bookinfo: no operators stage; its namespace Active, then the apps and their Deployments: nothing named after the workshop', () => {
  const calls = withFakeOc(() => expect(runCli('apply', bookinfo, '--interval', '1').code).toBe(0));
  expect(calls.filter((c) => c.startsWith('apply '))).toEqual([`apply -f ${join(bookinfo, '01-control-plane')}/`, `apply -f ${join(bookinfo, '02-apps')}/`]);
  expect(calls).toContain('wait deployment.apps/productpage-v1 -n bookinfo --for=condition=Available --timeout=900s');
  expect(calls.some((c) => /travel|subscriptions/.test(c))).toBe(false);
});


describe('refused inputs (exit 2)', () => {
  test('a folder cdk8s-ossm did not write', () => {
    const plain = join(root, 'plain');
    mkdirSync(join(plain, '00-operators'), { recursive: true });
    const r = runCli('apply', plain);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/was not written by cdk8s-ossm \(no \.cdk8s-ossm-output in it\)/);
  });

  test('an unknown step names the steps there are', () => {
    const r = runCli('apply', dist26, '--step', 'circuit-braker');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/step "circuit-braker" is not in .*; allowed: circuit-breaker, fault-injection, header-routing, weighted-routing/);
  });

  test('a bad timeout or interval, and not exactly one folder', () => {
    expect(runCli('apply', dist26, '--timeout', '15').stderr).toMatch(/--timeout "15" is not allowed; allowed: a whole number of seconds, minutes or hours/);
    expect(runCli('apply', dist26, '--interval', '0').code).toBe(2);
    expect(runCli('apply').stderr).toMatch(/give one output folder/);
  });
});
