// The slow cases of cdk8s-ossm apply against a fake oc (test/support/fake-oc.ts): the --dry-run script run by sh makes
// the same calls, --step, and waits that time out (each sleeps between polls), run by npm run test:slow.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { at, fakeOcWorld } from '../support/fake-oc';
import { runCli } from '../support/cli';

const world = fakeOcWorld();
const { root, dist26, dist3, withFakeOc } = world;
afterAll(() => world.remove());

describe('cdk8s-ossm apply, OSSM 2.6', () => {
  let calls: string[] = [];
  beforeAll(() => { calls = withFakeOc(() => { expect(runCli('apply', dist26, '--interval', '1', '--timeout', '10m').code).toBe(0); }); });

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
