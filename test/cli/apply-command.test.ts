// cdk8s-ossm apply against a fake oc: a script on $OC that records its arguments and answers the queries the plan
// makes (a Subscription's InstallPlan and installed CSV, a CSV's CRDs), for the workshop on OSSM 2.6 and 3 (GitOps
// off) and for Bookinfo; the --dry-run script run by sh against the same fake makes the same calls.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTravelsWorkshop, OssmVersion, writeDist } from '../../lib';
import { buildBookinfo } from '../../examples/bookinfo/bookinfo';
import { OSSM2_MESH } from '../support/control-planes';
import { runCli } from '../support/cli';

const root = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-apply-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * The fake oc. `get subscriptions…/<name> … installPlanRef.name` → nothing the first time it is asked (OLM has not
 * made the plan yet), then `install-<name>`; `… installedCSV` → nothing the first time, then `<name>.v1`; a CSV's owned CRDs → two names derived from
 * it (never with $FAKE_OC_NEVER set: OLM never installs). `wait` fails (as oc does on a timeout) when an argument equals $FAKE_OC_FAIL. Everything else succeeds silently.
 */
const FAKE_OC = `#!/bin/sh
printf '%s\\n' "$*" >> "$FAKE_OC_LOG"
case "$*" in
  *installPlanRef.name*) sub=\${2##*/}
    if [ -e "$FAKE_OC_STATE/$sub.plan" ]; then echo "install-$sub"; else : > "$FAKE_OC_STATE/$sub.plan"; fi ;;
  *installedCSV*) sub=\${2##*/}
    if [ -n "\${FAKE_OC_NEVER:-}" ]; then :; elif [ -e "$FAKE_OC_STATE/$sub" ]; then echo "$sub.v1"; else : > "$FAKE_OC_STATE/$sub"; fi ;;
  *customresourcedefinitions.owned*) csv=\${2##*/}; echo "widgets.$csv.example.io gadgets.$csv.example.io" ;;
  wait*) for a in "$@"; do if [ "$a" = "\${FAKE_OC_FAIL:-}" ]; then echo "error: timed out waiting for the condition on $a" >&2; exit 1; fi; done ;;
esac
exit 0
`;
const fakeOc = join(root, 'oc');
writeFileSync(fakeOc, FAKE_OC);
chmodSync(fakeOc, 0o755);

let run = 0;
/** Runs `fn` with the fake oc on $OC and a fresh log; returns the recorded calls, one line of arguments each. */
function withFakeOc(fn: (env: NodeJS.ProcessEnv) => void, fail?: string, never = false): string[] {
  const dir = join(root, `run-${++run}`);
  mkdirSync(dir);
  const env = { OC: fakeOc, FAKE_OC_LOG: join(dir, 'log'), FAKE_OC_STATE: dir, ...(fail && { FAKE_OC_FAIL: fail }), ...(never && { FAKE_OC_NEVER: '1' }) };
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    fn({ ...process.env, ...env });
  } finally {
    for (const key of Object.keys(env)) if (saved[key] === undefined) delete process.env[key]; else process.env[key] = saved[key];
  }
  try {
    return readFileSync(env.FAKE_OC_LOG, 'utf8').trimEnd().split('\n');
  } catch {
    return [];
  }
}

const dist26 = join(root, 'dist-26');
const dist3 = join(root, 'dist-3');
const bookinfo = join(root, 'bookinfo');
beforeAll(() => {
  writeDist(buildTravelsWorkshop({ clusterBaseDomain: 'example.com', ossmVersion: OssmVersion.V2_6 }), { outdir: dist26, analyze: false, quiet: true });
  writeDist(buildTravelsWorkshop({ clusterBaseDomain: 'example.com', ossmVersion: OssmVersion.V3 }), { outdir: dist3, analyze: false, quiet: true });
  writeDist(buildBookinfo({ controlPlane: OSSM2_MESH }), { outdir: bookinfo, analyze: false, quiet: true });
});

/** The index of the first call matching `pattern`; fails the test when there is none. */
function at(calls: string[], pattern: RegExp): number {
  const i = calls.findIndex((c) => pattern.test(c));
  if (i < 0) throw new Error(`no call matches ${pattern}:\n${calls.join('\n')}`);
  return i;
}

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

  test('--dry-run prints a POSIX script that, run by sh against the same fake oc, makes exactly the same calls', () => {
    const dry = runCli('apply', dist26, '--dry-run', '--timeout', '10m', '--interval', '1');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^#!\/bin\/sh\n(#.*\n)?set -eu\nOC=\$\{OC:-oc\}\n/);
    expect(dry.stdout).not.toMatch(/<[^>]*>/); // no placeholder
    const script = join(root, 'apply-26.sh');
    writeFileSync(script, dry.stdout);
    const shCalls = withFakeOc((env) => {
      const sh = spawnSync('sh', [script], { env, encoding: 'utf8' });
      expect(sh.stderr).toBe('');
      expect(sh.status).toBe(0);
    });
    expect(shCalls).toEqual(calls);
  });

  test('--step applies steps/<step>/ after the stages, and waits for its Deployments', () => {
    const stepCalls = withFakeOc(() => expect(runCli('apply', dist26, '--step', 'circuit-breaker', '--interval', '1').code).toBe(0));
    const step = at(stepCalls, /^apply -f .*steps\/circuit-breaker\/$/);
    expect(step).toBeGreaterThan(at(stepCalls, /^apply -f .*02-apps/));
    expect(at(stepCalls, /^wait deployment\.apps\/loadtester -n travel-portal --for=condition=Available --timeout=900s$/)).toBeGreaterThan(step);
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

test('a wait that times out: exit 1, the message names what it waited for and what oc said; nothing after it runs', () => {
  let result!: ReturnType<typeof runCli>;
  const calls = withFakeOc(() => { result = runCli('apply', dist26, '--interval', '1'); }, 'servicemeshcontrolplane.maistra.io/basic');
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/^cdk8s-ossm apply: timed out or failed waiting for ServiceMeshControlPlane istio-system\/basic to be Ready: ".*wait servicemeshcontrolplane\.maistra\.io\/basic .*" failed \(exit 1\): error: timed out waiting for the condition/);
  expect(calls.some((c) => c.includes('02-apps'))).toBe(false);
});

test('a value that never appears (OLM never installs): exit 1 after the timeout, naming what it waited for; the script does the same', () => {
  let result!: ReturnType<typeof runCli>;
  const calls = withFakeOc(() => { result = runCli('apply', dist3, '--interval', '1', '--timeout', '2s'); }, undefined, true);
  expect(result.code).toBe(1);
  expect(result.stderr).toBe('cdk8s-ossm apply: timed out after 2s waiting for Subscription openshift-operators/tempo-product to install its ClusterServiceVersion\n');
  expect(calls.filter((c) => c.includes('installedCSV')).length).toBeGreaterThanOrEqual(2);
  expect(calls.some((c) => c.includes('01-control-plane'))).toBe(false);
  const script = join(root, 'apply-never.sh');
  writeFileSync(script, runCli('apply', dist3, '--dry-run', '--timeout', '2s', '--interval', '1').stdout);
  withFakeOc((env) => {
    const sh = spawnSync('sh', [script], { env, encoding: 'utf8' });
    expect(sh.status).toBe(1);
    expect(sh.stderr).toBe('cdk8s-ossm apply: timed out after 2s waiting for Subscription openshift-operators/tempo-product to install its ClusterServiceVersion\n');
  }, undefined, true);
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
