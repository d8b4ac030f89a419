/**
 * `npm run bench`: synth and analyze cost of the library at scale, next to raw cdk8s ApiObjects (the floor),
 * the workshop's cold `npm run synth`, the manifest loader on large files (load-bench.ts; alone:
 * `node build/bench/load-bench.js`), and a fleet's synth at 10 to 100 clusters (fleet-bench.ts; alone:
 * `node build/bench/fleet-bench.js`). Prints numbers and whether the targets are met; asserts nothing.
 *
 * Each measurement runs in a fresh child process (so peak RSS is that run's own); numbers are medians of RUNS runs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { runFleetBench } from './fleet-bench';
import { runLoadBench } from './load-bench';
import { analyze } from '../lib/analysis/analyze';
import { KubeObject } from '../lib/core/kube-object';
import { MeshMemberRoll } from '../lib/mesh/member-roll';
import { synthesizeApp } from '../lib/synth/synthesize';
import { StringMatch } from '../lib/traffic/intent/string-match';
import { KIALI_WIZARD_LABEL, KialiWizard } from '../lib/traffic/kiali';
import { TrafficRouting } from '../lib/traffic/traffic-routing';
import { MeshService } from '../lib/workload/mesh-service';

const SIZES = [100, 1000, 5000];
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const NAMESPACES = 10;
const ROOT = resolve(__dirname, '..', '..');

interface Sample { construct: number; synth: number; analyze: number; rssMb: number; objects: number }

const ns = (i: number) => `team-${i % NAMESPACES}`;

/** The library: apps charts (one per namespace) of MeshServices with two versions, and per service one
 * TrafficRouting (labelled like a Kiali wizard's) with a header rule, a weighted default and a circuit breaker; one
 * member roll for the namespaces. */
export function buildLibrary(n: number): App {
  const app = new App();
  const roll = new MeshMemberRoll(new Chart(app, 'mesh'), 'MemberRoll', { controlPlaneNamespace: 'istio-system' });
  const charts: Chart[] = [];
  for (let i = 0; i < NAMESPACES; i++) {
    const chart = new Chart(app, `apps-${i}`);
    new k8s.KubeNamespace(chart, 'ns', { metadata: { name: ns(i) } });
    charts.push(chart);
  }
  const routing = Array.from({ length: NAMESPACES }, (_, i) => new Chart(app, `routing-${i}`));
  for (let i = 0; i < n; i++) {
    const service = new MeshService(charts[i % NAMESPACES], `svc-${i}`, { name: `svc-${i}`, namespace: ns(i), port: { number: 8080 } });
    service.addVersion({ version: 'v1', image: 'quay.io/example/app:v1' });
    service.addVersion({ version: 'v2', image: 'quay.io/example/app:v2' });
    new TrafficRouting(routing[i % NAMESPACES], `svc-${i}`, {
      service,
      labels: { [KIALI_WIZARD_LABEL]: KialiWizard.TRAFFIC_SHIFTING },
      http: [
        { match: [{ headers: { 'x-canary': StringMatch.exact('true') } }], route: [{ version: 'v2', weight: 100 }] },
        { route: [{ version: 'v1', weight: 90 }, { version: 'v2', weight: 10 }] },
      ],
      trafficPolicy: { connectionPool: { maxConnections: 100, http1MaxPendingRequests: 10 }, outlierDetection: { consecutive5xxErrors: 5 } },
    });
  }
  roll.addMembers({ memberNamespaces: Array.from({ length: NAMESPACES }, (_, i) => ns(i)) });
  return app;
}

/** The floor: the same objects as raw cdk8s ApiObjects built from literals. */
export function buildFloor(n: number): App {
  const app = new App();
  const chart = new Chart(app, 'floor');
  new ApiObject(chart, 'roll', { apiVersion: 'maistra.io/v1', kind: 'ServiceMeshMemberRoll', metadata: { name: 'default', namespace: 'istio-system' },
    spec: { members: Array.from({ length: NAMESPACES }, (_, i) => ns(i)) } } as any);
  for (let i = 0; i < NAMESPACES; i++) new ApiObject(chart, `ns-${i}`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns(i) } });
  for (let i = 0; i < n; i++) {
    const name = `svc-${i}`;
    const namespace = ns(i);
    const host = `${name}.${namespace}.svc.cluster.local`;
    new ApiObject(chart, `${name}-svc`, { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, labels: { app: name } },
      spec: { ports: [{ name: 'http', port: 8080 }], selector: { app: name } } } as any);
    for (const v of ['v1', 'v2']) {
      new ApiObject(chart, `${name}-${v}`, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `${name}-${v}`, namespace },
        spec: { replicas: 1, selector: { matchLabels: { app: name, version: v } }, template: {
          metadata: { labels: { 'app': name, 'version': v, 'sidecar.istio.io/inject': 'true' } },
          spec: { containers: [{ name, image: `quay.io/example/app:${v}`, imagePullPolicy: 'IfNotPresent', ports: [{ containerPort: 8080 }],
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true } }],
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } } } } } as any);
    }
    const metadata = { name, namespace, labels: { 'kiali_wizard': 'traffic_shifting', 'app.kubernetes.io/managed-by': 'cdk8s-ossm' } };
    new ApiObject(chart, `${name}-vs`, { apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', metadata,
      spec: { hosts: [host], http: [
        { match: [{ headers: { 'x-canary': { exact: 'true' } } }], route: [{ destination: { host, subset: 'v2' }, weight: 100 }] },
        { route: [{ destination: { host, subset: 'v1' }, weight: 90 }, { destination: { host, subset: 'v2' }, weight: 10 }] }] } } as any);
    new ApiObject(chart, `${name}-dr`, { apiVersion: 'networking.istio.io/v1beta1', kind: 'DestinationRule', metadata,
      spec: { host, subsets: ['v1', 'v2'].map((v) => ({ name: v, labels: { version: v } })),
        trafficPolicy: { connectionPool: { tcp: { maxConnections: 100 }, http: { http1MaxPendingRequests: 10 } },
          outlierDetection: { consecutive5xxErrors: 5 } } } } as any);
  }
  return app;
}

/** One measurement, in this (child) process. */
function measure(mode: 'library' | 'floor', n: number): Sample {
  const t0 = performance.now();
  const app = mode === 'library' ? buildLibrary(n) : buildFloor(n);
  const t1 = performance.now();
  const objects: KubeObject[] = mode === 'library'
    ? synthesizeApp(app).flatMap((c) => c.objects)
    : app.charts.flatMap((c) => c.toJson());
  const yaml = Yaml.stringify(...objects);
  const t2 = performance.now();
  const result = mode === 'library' ? analyze(objects) : undefined;
  const t3 = performance.now();
  if (result && result.errors > 0) throw new Error(`the bench mesh has analyzer errors: ${result.findings[0].message}`);
  if (yaml.length === 0) throw new Error('empty output');
  return { construct: t1 - t0, synth: t2 - t1, analyze: t3 - t2, rssMb: process.resourceUsage().maxRSS / 1024, objects: objects.length };
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

function sampleInChild(mode: string, n: number): Sample {
  const out = execFileSync(process.execPath, [__filename, '--child', mode, String(n)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out);
}

function medianSample(mode: string, n: number): Sample {
  const samples = Array.from({ length: RUNS }, () => sampleInChild(mode, n));
  return {
    construct: median(samples.map((s) => s.construct)), synth: median(samples.map((s) => s.synth)),
    analyze: median(samples.map((s) => s.analyze)), rssMb: median(samples.map((s) => s.rssMb)), objects: samples[0].objects,
  };
}

function timeCommand(command: string, args: string[], env: NodeJS.ProcessEnv): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync(command, args, { cwd: ROOT, env, encoding: 'utf8' });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr}`);
  }
  return median(times);
}

/** The floor is only a floor if it emits what the library emits: the same documents, byte for byte. */
function sameOutput(n: number): boolean {
  const docs = (objects: KubeObject[]) => objects.map((o) => Yaml.stringify(o)).sort().join('---\n');
  return docs(synthesizeApp(buildLibrary(n)).flatMap((c) => c.objects)) === docs(buildFloor(n).charts.flatMap((c) => c.toJson()));
}

function main(): void {
  const f = (x: number) => x.toFixed(0).padStart(7);
  console.log(`cdk8s-ossm bench — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);
  console.log(`medians of ${RUNS} runs, each in a fresh process; times in ms; synth = render objects + YAML; 2 versions, Service, VS, DR per service; ${NAMESPACES} namespaces\n`);
  console.log(`floor emits the same documents as the library (N=100): ${sameOutput(100) ? 'yes' : 'NO'}\n`);
  console.log('      N  mode      construct   synth  analyze   total  peakRSS(MB)  objects  library/floor');
  const totals = new Map<number, { lib: Sample; floor: Sample }>();
  for (const n of SIZES) {
    const lib = medianSample('library', n);
    const floor = medianSample('floor', n);
    totals.set(n, { lib, floor });
    const libTotal = lib.construct + lib.synth + lib.analyze;
    const floorTotal = floor.construct + floor.synth;
    console.log(`${String(n).padStart(7)}  library  ${f(lib.construct)}  ${f(lib.synth)}  ${f(lib.analyze)}  ${f(libTotal)}  ${f(lib.rssMb)}      ${String(lib.objects).padStart(7)}  ${(libTotal / floorTotal).toFixed(2)}`);
    console.log(`${String(n).padStart(7)}  floor    ${f(floor.construct)}  ${f(floor.synth)}  ${'-'.padStart(7)}  ${f(floorTotal)}  ${f(floor.rssMb)}      ${String(floor.objects).padStart(7)}`);
  }

  const env = { ...process.env, CLUSTER_BASE_DOMAIN: 'bench.example.com', CDK8S_OUTDIR: join(ROOT, 'build', 'bench-dist') };
  const baseline = timeCommand(process.execPath, ['-e', ''], env);
  const synthProcess = timeCommand(process.execPath, [join(ROOT, 'build', 'main.js')], env);
  const npmSynth = timeCommand('npm', ['run', 'synth', '--silent'], env);
  console.log(`\ncold workshop synth (whole process, median of ${RUNS}): npm run synth ${npmSynth.toFixed(0)} ms; `
    + `node build/main.js ${synthProcess.toFixed(0)} ms; node -e "" ${baseline.toFixed(0)} ms`);

  const at1000 = totals.get(1000)!;
  const libTotal = (s: Sample) => s.construct + s.synth + s.analyze;
  const ratio = libTotal(at1000.lib) / (at1000.floor.construct + at1000.floor.synth);
  const growth = libTotal(totals.get(5000)!.lib) / libTotal(at1000.lib);
  const targets: Array<[string, boolean]> = [
    [`N=1000 library construct+synth+analyze ≤ 1.5 × floor construct+synth (${ratio.toFixed(2)} ×)`, ratio <= 1.5],
    [`N=1000 library construct+synth+analyze ≤ 2000 ms (${libTotal(at1000.lib).toFixed(0)} ms)`, libTotal(at1000.lib) <= 2000],
    [`N=1000 peak RSS ≤ 400 MB (${at1000.lib.rssMb.toFixed(0)} MB)`, at1000.lib.rssMb <= 400],
    [`N=1000 → 5000 grows ≤ 5.5 × (${growth.toFixed(2)} ×)`, growth <= 5.5],
    [`cold npm run synth ≤ 3000 ms (${npmSynth.toFixed(0)} ms)`, npmSynth <= 3000],
  ];
  console.log('\ntargets:');
  for (const [what, met] of targets) console.log(`  ${met ? 'met    ' : 'NOT MET'}  ${what}`);

  runLoadBench(RUNS);
  runFleetBench(Math.min(RUNS, 3)); // 100 whole workshops per run: three runs give a stable median
}

if (process.argv[2] === '--child') {
  process.stdout.write(JSON.stringify(measure(process.argv[3] as 'library' | 'floor', Number(process.argv[4]))));
} else {
  main();
}
