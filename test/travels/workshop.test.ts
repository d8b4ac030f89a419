import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  buildTravelsWorkshop, clusterBaseDomainFromEnv, OssmVersion, OUTPUT_MARKER_FILE, renderDist, TRAFFIC_ROUTING_SELECTOR, ValidationError, WORKSHOP_STEPS, writeDist,
} from '../../lib';
import { analyze } from '../../lib/analysis/analyze';
import { KubeObject } from '../../lib/analysis/types';
import { validateAll } from '../support/crd-schema';
import { keyOf } from '../support/objects';

const ROOT = resolve(__dirname, '..', '..');

/** The files of an output folder by relative path; the marker file only when asked. */
function readDist(dir: string, withMarker = false): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (withMarker || relative(dir, p) !== OUTPUT_MARKER_FILE) files.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

const objectsOf = (text: string): KubeObject[] => parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);

function synthDist(): { dir: string; files: Map<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-dist-'));
  writeDist(buildTravelsWorkshop({ clusterBaseDomain: 'apps-test.example.com', ossmVersion: OssmVersion.V2_6 }), { outdir: join(dir, 'dist') });
  return { dir, files: readDist(join(dir, 'dist')) };
}

describe('the workshop\'s dist/', () => {
  const { dir, files } = synthDist();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const inFolder = (prefix: string) => [...files].filter(([f]) => f.startsWith(prefix)).flatMap(([, text]) => objectsOf(text));
  const base = () => inFolder('0');

  test('layout: stages in apply order, one folder per workshop step', () => {
    expect([...files.keys()]).toEqual([
      '00-operators/mesh-base.yaml',
      '01-control-plane/mesh-base.yaml',
      '01-control-plane/travels-apps.yaml',
      '02-apps/travels-apps.yaml',
      'steps/circuit-breaker/circuit-breaker.yaml',
      'steps/circuit-breaker/load-tester.yaml',
      'steps/fault-injection/fault-injection.yaml',
      'steps/header-routing/header-routing.yaml',
      'steps/weighted-routing/weighted-routing.yaml',
    ]);
    expect(inFolder('00-').map((o) => o.kind)).toEqual(['Subscription', 'Subscription', 'Subscription']);
    expect(new Set(inFolder('01-').map((o) => o.kind))).toEqual(new Set(['Namespace', 'ServiceMeshControlPlane', 'ServiceMeshMemberRoll']));
    expect(inFolder('02-').some((o) => ['Namespace', 'Subscription', 'ServiceMeshControlPlane'].includes(o.kind))).toBe(false);
  });

  test.each(WORKSHOP_STEPS)('snapshot of step %s', (step) => {
    expect([...files].filter(([f]) => f.startsWith(`steps/${step}/`))).toMatchSnapshot();
  });

  test('snapshot of the base stages', () => {
    expect([...files].filter(([f]) => f.startsWith('0'))).toMatchSnapshot();
  });

  test('members of the member roll are the apps\' namespaces', () => {
    const roll = base().find((o) => o.kind === 'ServiceMeshMemberRoll')!;
    expect(roll.spec.members).toEqual(['travel-agency', 'travel-portal', 'travel-control']);
    const created = base().filter((o) => o.kind === 'Namespace').map((o) => o.metadata!.name);
    expect(created.sort()).toEqual(['istio-system', 'travel-agency', 'travel-control', 'travel-portal']);
  });

  test('the control ingress host comes from the base domain; IOR is on, so no Route of ours', () => {
    const objects = base();
    expect(objects.find((o) => o.kind === 'Gateway')!.spec.servers[0].hosts).toEqual(['control.travel-control.apps.apps-test.example.com']);
    expect(objects.find((o) => o.kind === 'ServiceMeshControlPlane')!.spec.gateways.openshiftRoute.enabled).toBe(true);
    expect(objects.filter((o) => o.kind === 'Route')).toEqual([]);
  });

  test('every Istio object is networking.istio.io/v1beta1', () => {
    const istio = [...files.values()].flatMap(objectsOf).filter((o) => o.apiVersion.includes('istio.io'));
    expect(istio.length).toBeGreaterThan(8);
    for (const o of istio) expect([keyOf(o), o.apiVersion]).toEqual([keyOf(o), 'networking.istio.io/v1beta1']);
  });

  test('every custom resource validates against its CRD schema, unknown fields being errors', () => {
    const all = [...files.values()].flatMap(objectsOf);
    expect(validateAll(all)).toEqual([]);
  });

  test('no two objects with the same kind, namespace and name in the base, nor within a step', () => {
    const keys = base().map(keyOf);
    expect(new Set(keys).size).toBe(keys.length);
    for (const step of WORKSHOP_STEPS) {
      const stepKeys = inFolder(`steps/${step}/`).map(keyOf);
      expect(new Set(stepKeys).size).toBe(stepKeys.length);
      for (const k of stepKeys) expect(keys).not.toContain(k);
    }
  });

  test('steps replace each other: the same VirtualService and DestinationRule names per host in every step', () => {
    const routingOf = (step: string) => inFolder(`steps/${step}/`).filter((o) => ['VirtualService', 'DestinationRule'].includes(o.kind));
    const byHost = new Map<string, Set<string>>();
    for (const step of WORKSHOP_STEPS) {
      for (const o of routingOf(step)) {
        const host = o.kind === 'VirtualService' ? o.spec.hosts[0] : o.spec.host;
        byHost.set(`${o.kind} ${host}`, (byHost.get(`${o.kind} ${host}`) ?? new Set()).add(keyOf(o)));
      }
    }
    expect(byHost.size).toBe(4); // travels and hotels, a VirtualService and a DestinationRule each
    for (const [host, keys] of byHost) expect([host, keys.size]).toEqual([host, 1]);
    // and every one of them is what the reset selector matches, and nothing of the base is
    const [labelKey, labelValue] = TRAFFIC_ROUTING_SELECTOR.split(',')[0].split('=');
    for (const step of WORKSHOP_STEPS) for (const o of routingOf(step)) expect(o.metadata!.labels![labelKey]).toBe(labelValue);
    expect(base().filter((o) => o.metadata?.labels?.kiali_wizard !== undefined)).toEqual([]);
  });

  test('the workshop\'s steps: header values to versions, 33/33/34, 10 % 503 on hotels, the circuit breaker and load tester', () => {
    const vs = (step: string) => inFolder(`steps/${step}/`).find((o) => o.kind === 'VirtualService')!;
    expect(vs('header-routing').spec.http.map((h: any) => [h.match[0].headers.portal.exact, h.route[0].destination.subset]))
      .toEqual([['travels.uk', 'v1'], ['viaggi.it', 'v2'], ['voyages.fr', 'v3']]);
    expect(vs('weighted-routing').spec.http[0].route.map((r: any) => r.weight)).toEqual([33, 33, 34]);
    expect(vs('fault-injection').spec.hosts).toEqual(['hotels.travel-agency.svc.cluster.local']);
    expect(vs('fault-injection').spec.http[0].fault).toEqual({ abort: { httpStatus: 503, percentage: { value: 10 } } });
    const cb = inFolder('steps/circuit-breaker/');
    expect(cb.find((o) => o.kind === 'DestinationRule')!.spec.trafficPolicy).toEqual({
      connectionPool: { tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1 } },
      outlierDetection: { consecutive5xxErrors: 1 },
    });
    const tester = cb.find((o) => o.kind === 'Deployment')!;
    expect(tester.metadata).toEqual({ name: 'loadtester', namespace: 'travel-portal' });
    expect(tester.spec.template.spec.containers[0].env[0]).toEqual({ name: 'CONNECTIONS', value: '50' });
  });

  test('the analyzer finds no errors, and only the Jaeger warning, which the README explains (base, and base with each step)', () => {
    const codes = (objects: KubeObject[]) => analyze(objects).findings.map((f) => `${f.severity} ${f.code} ${f.kind}/${f.name}`);
    expect(codes(base())).toEqual(['warning OSSM404 ServiceMeshControlPlane/basic']);
    for (const step of WORKSHOP_STEPS) {
      expect([step, codes([...base(), ...inFolder(`steps/${step}/`)])]).toEqual([step, ['warning OSSM404 ServiceMeshControlPlane/basic']]);
    }
  });

  test('all steps applied at once would be refused by the analyzer (one VirtualService per host)', () => {
    const all = [...files.values()].flatMap(objectsOf);
    expect(analyze(all).findings.filter((f) => f.severity === 'error').map((f) => f.code)).toContain('OSSM103');
  });

  test('two synths give identical bytes', () => {
    const again = synthDist();
    try {
      expect(again.files).toEqual(files);
    } finally {
      rmSync(again.dir, { recursive: true, force: true });
    }
  });
});

describe('buildTravelsWorkshop', () => {
  test('a namespace both the mesh base and the apps would make is refused when the workshop is built, naming both sides', () => {
    const error = (build: () => unknown) => { try { build(); } catch (e) { return e as Error; } return undefined; };
    const ossm3 = error(() => buildTravelsWorkshop({ clusterBaseDomain: 'example.com', ossmVersion: OssmVersion.V3, ossm3: { ingressGatewayNamespace: 'travel-agency' } }));
    expect(ossm3).toBeInstanceOf(ValidationError);
    expect(ossm3!.message).toMatch(/^buildTravelsWorkshop: namespaces of both the mesh base and the apps \["travel-agency"\] is not valid\. .*ossm3\.ingressGatewayNamespace.*apps\.agencyNamespace/);
    const v26 = error(() => buildTravelsWorkshop({ clusterBaseDomain: 'example.com', controlPlane: { namespace: 'apps' }, apps: { portalNamespace: 'apps' } }));
    expect(v26).toBeInstanceOf(ValidationError);
    expect(v26!.message).toContain('["apps"]');
    expect(error(() => buildTravelsWorkshop({ clusterBaseDomain: 'example.com', ossmVersion: OssmVersion.V3, ossm3: { ingressGatewayNamespace: 'edge' } }))).toBeUndefined();
  });
});

describe('npm run synth', () => {
  const run = (env: Record<string, string | undefined>, outdir: string, cwd = ROOT) => spawnSync(process.execPath, [join(ROOT, 'build/main.js')], {
    cwd, encoding: 'utf8', env: { ...process.env, CLUSTER_BASE_DOMAIN: undefined, ...env, CDK8S_OUTDIR: outdir },
  });

  test('loads only the code the workshop uses: OSSM 3 types for OSSM 3 (the default) only, no Argo CD or Gateway API types, no manifest loader, unless asked for', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-synth-'));
    const loaded = (env: Record<string, string>) => {
      const result = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(join(ROOT, 'build/main.js'))});`
        + "process.on('exit', () => console.log(JSON.stringify(Object.keys(require.cache))))"], {
        encoding: 'utf8', env: { ...process.env, CLUSTER_BASE_DOMAIN: 'example.com', CDK8S_OUTDIR: join(dir, 'dist'), ...env },
      });
      expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 0, stdout: expect.stringContaining(' files written to ') });
      return (JSON.parse(result.stdout.trim().split('\n').pop()!) as string[]).map((f) => relative(ROOT, f));
    };
    // the yaml package: cdk8s loads its own copy (node_modules/cdk8s/node_modules/yaml), for its Yaml.stringify
    const heavy = (files: string[]) => files.filter((f) => /^build\/imports\/(argoproj|ossm3-|gateway|kiali)|^node_modules\/(ajv|js-yaml|re2js|yaml)\/|^build\/lib\/(index|analysis\/load)\.js$/.test(f));
    try {
      expect(heavy(loaded({ OSSM_VERSION: '2.6' }))).toEqual([]);
      const ossm3 = heavy(loaded({}));
      expect(ossm3).toEqual(expect.arrayContaining(['build/imports/ossm3-sailoperator.io.js', 'build/imports/kiali.io.js']));
      expect(ossm3.filter((f) => !/^build\/imports\/(ossm3-|kiali)/.test(f))).toEqual([]);
      expect(heavy(loaded({ OSSM_VERSION: '3', GITOPS_REPO_URL: 'https://git.example.com/mesh.git', GITOPS_PATH: 'dist' }))).toEqual(expect.arrayContaining([
        'build/imports/argoproj.io.js', 'build/imports/ossm3-sailoperator.io.js', 'build/imports/ossm3-networking.istio.io.js',
      ]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an empty CDK8S_OUTDIR counts as unset: dist/ in the current folder, nothing else touched', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-synth-'));
    try {
      writeFileSync(join(dir, 'keep.txt'), 'mine');
      const result = run({ CLUSTER_BASE_DOMAIN: 'example.com' }, '', dir);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/ in 10 files written to dist\/$/m);
      expect(readdirSync(dir).sort()).toEqual(['dist', 'keep.txt']);
      expect(readFileSync(join(dir, 'keep.txt'), 'utf8')).toBe('mine');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('CDK8S_OUTDIR=.. (a folder above the current one) is refused, exit 1, nothing touched', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-synth-'));
    try {
      mkdirSync(join(dir, 'repo'));
      writeFileSync(join(dir, 'repo', 'keep.txt'), 'mine');
      const result = run({ CLUSTER_BASE_DOMAIN: 'example.com' }, '..', join(dir, 'repo'));
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`Refusing to write the output to ${dir}: it contains the current folder, which would be replaced with it.`);
      expect(readdirSync(dir)).toEqual(['repo']);
      expect(readdirSync(join(dir, 'repo'))).toEqual(['keep.txt']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('warns about the demo MySQL password, says how to pass a Secret, and never prints the password', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-synth-'));
    try {
      const result = run({ CLUSTER_BASE_DOMAIN: 'example.com' }, join(dir, 'dist'));
      expect(result.stderr).toMatch(/^WARNING travels-apps\/TravelAgency: the MySQL root password is the Travels demo's, published in its repository\. .*existingSecretName/m);
      for (const text of [result.stdout, result.stderr]) {
        expect(text).not.toMatch(/["' :]password["'\n]|cGFzc3dvcmQ=/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('without CLUSTER_BASE_DOMAIN it fails, says how to set it, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-synth-'));
    try {
      const result = run({}, join(dir, 'dist'));
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('CLUSTER_BASE_DOMAIN is not set');
      expect(result.stderr).toContain("oc get dns cluster -o jsonpath='{.spec.baseDomain}'");
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('with a base domain that is not a DNS name it fails naming the construct and value, and keeps the last good dist', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-synth-'));
    try {
      expect(run({ CLUSTER_BASE_DOMAIN: 'example.com' }, join(dir, 'dist')).status).toBe(0);
      const before = readDist(join(dir, 'dist'));
      const result = run({ CLUSTER_BASE_DOMAIN: 'https://example.com/' }, join(dir, 'dist'));
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('travels-apps: controlIngress.clusterBaseDomain "https://example.com/" is not valid. Allowed: a DNS-1123 subdomain');
      expect(readDist(join(dir, 'dist'))).toEqual(before);
      expect(readdirSync(dir)).toEqual(['dist']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('clusterBaseDomainFromEnv reads the variable', () => {
    expect(clusterBaseDomainFromEnv({ CLUSTER_BASE_DOMAIN: 'a.example.com' })).toBe('a.example.com');
    expect(() => clusterBaseDomainFromEnv({ CLUSTER_BASE_DOMAIN: ' ' })).toThrow(/CLUSTER_BASE_DOMAIN is not set/);
  });

  test('OSSM 3 is the default (OSSM_VERSION unset or 3): the OSSM 3 workshop in the same folders, naming what it does not carry over', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-synth-'));
    try {
      const result = run({ CLUSTER_BASE_DOMAIN: 'example.com', OSSM_VERSION: '3' }, join(dir, 'dist'));
      expect(result.status).toBe(0);
      const unset = run({ CLUSTER_BASE_DOMAIN: 'example.com' }, join(dir, 'unset'));
      expect(readDist(join(dir, 'unset'))).toEqual(readDist(join(dir, 'dist')));
      expect(unset.stderr).toBe(result.stderr);
      expect(result.stdout).toMatch(/^\d+ objects in 10 files written to /m);
      expect(result.stderr).toMatch(/^WARNING mesh-base: controlPlane\.openshiftRoute \(IOR\) has no OSSM 3 counterpart/m);
      expect(readdirSync(join(dir, 'dist')).filter((f) => !f.startsWith('.')).sort()).toEqual(['00-operators', '01-control-plane', '02-apps', 'steps']);
      expect(run({ CLUSTER_BASE_DOMAIN: 'example.com', OSSM_VERSION: '4' }, join(dir, 'dist')).stderr).toContain('OSSM_VERSION="4" is not valid.');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('OSSM_VERSION=2.6 writes the seed\'s workshop, warns that OSSM 2.6 reached end of life and points to OSSM 3 and migrate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-synth-'));
    try {
      const result = run({ CLUSTER_BASE_DOMAIN: 'example.com', OSSM_VERSION: '2.6' }, join(dir, 'dist'));
      expect(result.status).toBe(0);
      expect(readDist(join(dir, 'dist'))).toEqual(new Map(renderDist(buildTravelsWorkshop({ clusterBaseDomain: 'example.com', ossmVersion: OssmVersion.V2_6 })).files));
      const eol = result.stderr.split('\n').filter((l) => /end of life/.test(l));
      expect(eol).toEqual([expect.stringMatching(/^WARNING mesh-base: OpenShift Service Mesh 2\.6 reached end of life on 2026-06-30 .*OSSM_VERSION=3 .*`cdk8s-ossm migrate`/)]);
      expect(run({ CLUSTER_BASE_DOMAIN: 'example.com' }, join(dir, 'v3')).stderr).not.toMatch(/end of life/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('prints the analyzer\'s warnings and a summary', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-synth-'));
    try {
      const result = run({ CLUSTER_BASE_DOMAIN: 'example.com', OSSM_VERSION: '2.6' }, join(dir, 'dist'));
      expect(result.stderr).toMatch(/^WARNING OSSM404 ServiceMeshControlPlane\/istio-system\/basic: /m);
      expect(result.stdout).toMatch(/^\d+ objects in 9 files written to /m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

