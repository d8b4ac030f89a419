/**
 * `npm run bench`: the library's construct + synth + analyze + write at 1,000, 5,000 and 20,000 services next to raw
 * cdk8s ApiObjects writing the same objects with their own `app.synth()` (the floor), the workshop's cold
 * `npm run synth`, the manifest loader and analyzer on large files next to js-yaml and kustomize (load-bench.ts; alone:
 * `node build/bench/load-bench.js`), and a fleet's synth at 10 to 100 clusters (fleet-bench.ts; alone:
 * `node build/bench/fleet-bench.js`). Prints numbers and whether the targets are met; asserts nothing.
 *
 * Each measurement runs in a fresh child process (so peak RSS is that run's own); numbers are medians of RUNS runs
 * (at most 3 at 20,000 services); library and floor runs alternate, so that both see the same load of the machine.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { ApiObject, App, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { runFleetBench } from './fleet-bench';
import { runLoadBench } from './load-bench';
import { median, printTargets, Target } from './report';
import { analyze } from '../lib/analysis/analyze';
import { Mesh } from '../lib/core/mesh';
import { DEFAULT_MESH_CONTROL_PLANE } from '../lib/core/mesh-control-plane';
import { MeshMemberRoll } from '../lib/mesh/member-roll';
import { StringMatch } from '../lib/traffic/intent/string-match';
import { KIALI_WIZARD_LABEL, KialiWizard } from '../lib/traffic/kiali';
import { TrafficRouting } from '../lib/traffic/traffic-routing';
import { guardOutputFolder, writeTreeAtomically } from '../lib/synth/write-tree';
import { renderDist } from '../lib/synth/write-dist';
import { MeshService } from '../lib/workload/mesh-service';

const SIZES = [1000, 5000, 20000];
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** Runs at 20,000 services, where one run of each takes about 15 seconds. */
const LARGE_RUNS = Math.min(RUNS, 3);
const NAMESPACES = 10;
const ROOT = resolve(__dirname, '..', '..');

type Mode = 'library' | 'floor';

interface Sample {
  /** Building the construct tree, ms. */
  readonly construct: number;
  /** Library: validation, rendering, the analyzer and YAML (renderDist); floor: `app.synth()` with its writing. ms. */
  readonly synth: number;
  /** Library: the atomic write of the files (writeTreeAtomically); floor: 0 (part of `app.synth()`). ms. */
  readonly write: number;
  /** Library: the analyzer alone on the same objects, run again after the measurement; floor: 0. ms. */
  readonly analyze: number;
  /** Peak RSS of the construct-to-write run, MB. */
  readonly rssMb: number;
  readonly objects: number;
}

const ns = (i: number) => `team-${i % NAMESPACES}`;

/** The library: apps charts (one per namespace) of MeshServices with two versions, and per service one
 * TrafficRouting (labelled like a Kiali wizard's) with a header rule, a weighted default and a circuit breaker; one
 * member roll for the namespaces. */
export function buildLibrary(n: number): App {
  const app = new App();
  Mesh.declare(app, DEFAULT_MESH_CONTROL_PLANE); // the workshop's OSSM 2.6 mesh, which every construct below finds
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

/** The floor: the same objects as raw cdk8s ApiObjects built from literals, in one chart (cdk8s's cheapest case). */
export function buildFloor(n: number, outdir?: string): App {
  const app = new App({ outdir });
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

/**
 * One measurement, in this (child) process, writing to `outdir`. The library goes the way `writeDist` does (guard the
 * folder, `renderDist`, `writeTreeAtomically`); the floor is cdk8s's own `app.synth()`.
 */
function measure(mode: Mode, n: number, outdir: string): Sample {
  const t0 = performance.now();
  const app = mode === 'library' ? buildLibrary(n) : buildFloor(n, outdir);
  const t1 = performance.now();
  if (mode === 'floor') {
    app.synth();
    const t2 = performance.now();
    const objects = app.charts.reduce((count, chart) => count + chart.node.findAll().filter(ApiObject.isApiObject).length, 0);
    return { construct: t1 - t0, synth: t2 - t1, write: 0, analyze: 0, rssMb: maxRssMb(), objects };
  }
  guardOutputFolder(outdir);
  const { files, objects, report } = renderDist({ base: app });
  const t2 = performance.now();
  writeTreeAtomically(outdir, files);
  const t3 = performance.now();
  const rssMb = maxRssMb();
  // the analyzer's share, for its time per object: once more on the same objects (renderDist ran it once already)
  const all = [...objects.values()].flat();
  const t4 = performance.now();
  const result = analyze(all);
  const t5 = performance.now();
  if (result.errors + result.warnings > 0) throw new Error(`the bench mesh has findings: ${result.findings[0].message}`);
  return { construct: t1 - t0, synth: t2 - t1, write: t3 - t2, analyze: t5 - t4, rssMb, objects: report.objects };
}

const maxRssMb = () => process.resourceUsage().maxRSS / 1024;

const total = (s: Sample) => s.construct + s.synth + s.write;

function sampleInChild(mode: Mode, n: number): Sample {
  const dir = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-bench-'));
  try {
    return JSON.parse(execFileSync(process.execPath, [__filename, '--child', mode, String(n), join(dir, 'dist')], { encoding: 'utf8', maxBuffer: 1 << 20 }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function medianSample(samples: readonly Sample[]): Sample {
  const of = (f: (s: Sample) => number) => median(samples.map(f));
  return { construct: of((s) => s.construct), synth: of((s) => s.synth), write: of((s) => s.write), analyze: of((s) => s.analyze), rssMb: of((s) => s.rssMb), objects: samples[0].objects };
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

/** The documents of every YAML file under `dir`, sorted: what was written, whatever the files. */
function writtenDocuments(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split(/^---\n/m))
    .sort();
}

/** The floor is only a floor if it writes what the library writes: the same documents, byte for byte. */
function sameOutput(n: number): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-bench-'));
  try {
    const [library, floor] = [join(dir, 'library'), join(dir, 'floor')];
    writeTreeAtomically(library, renderDist({ base: buildLibrary(n) }).files);
    buildFloor(n, floor).synth();
    const [a, b] = [writtenDocuments(library), writtenDocuments(floor)];
    return a.length === b.length && a.every((doc, i) => doc === b[i]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const f = (x: number, width = 7) => x.toFixed(0).padStart(width);
  console.log(`cdk8s-ossm bench — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`);
  console.log(`medians of ${RUNS} runs (${LARGE_RUNS} at ${SIZES[SIZES.length - 1]} services), each in a fresh process, library and floor alternating; times in ms.`
    + ` Per service a Service, 2 Deployments, a VirtualService, a DestinationRule; ${NAMESPACES} namespaces.`);
  console.log('library: construct, synth (validate, render, analyze, YAML: renderDist), write (writeTreeAtomically); floor: construct, cdk8s app.synth() (validate, render, YAML, write).');
  console.log(`the floor writes the same documents as the library (N=100, compared byte for byte on disk): ${sameOutput(100) ? 'yes' : 'NO'}\n`);
  console.log('      N  mode      construct   synth   write   total  peakRSS(MB)  objects  library/floor  analyzer alone (µs/object)');
  const at = new Map<number, { lib: Sample; floor: Sample }>();
  for (const n of SIZES) {
    const lib: Sample[] = [];
    const floor: Sample[] = [];
    for (let i = 0; i < (n === SIZES[SIZES.length - 1] ? LARGE_RUNS : RUNS); i++) {
      lib.push(sampleInChild('library', n));
      floor.push(sampleInChild('floor', n));
    }
    const l = medianSample(lib);
    const fl = medianSample(floor);
    at.set(n, { lib: l, floor: fl });
    console.log(`${f(n)}  library  ${f(l.construct)}  ${f(l.synth)}  ${f(l.write)}  ${f(total(l))}  ${f(l.rssMb)}      ${f(l.objects)}  ${(total(l) / total(fl)).toFixed(2).padStart(13)}`
      + `  ${f(l.analyze)} (${(1000 * l.analyze / l.objects).toFixed(1)})`);
    console.log(`${f(n)}  floor    ${f(fl.construct)}  ${f(fl.synth)}  ${'-'.padStart(7)}  ${f(total(fl))}  ${f(fl.rssMb)}      ${f(fl.objects)}`);
  }
  const [small, mid, large] = SIZES.map((n) => at.get(n)!);
  const growth = (a: Sample, b: Sample) => `${(total(b) / total(a)).toFixed(2)} × time, ${(b.rssMb / a.rssMb).toFixed(2)} × peak RSS`;
  console.log(`growth, library: ${SIZES[0]} → ${SIZES[1]} services ${growth(small.lib, mid.lib)}; ${SIZES[1]} → ${SIZES[2]} ${growth(mid.lib, large.lib)}`);
  console.log(`growth, floor:   ${SIZES[0]} → ${SIZES[1]} services ${growth(small.floor, mid.floor)}; ${SIZES[1]} → ${SIZES[2]} ${growth(mid.floor, large.floor)}`);

  const env = { ...process.env, CLUSTER_BASE_DOMAIN: 'bench.example.com', CDK8S_OUTDIR: join(ROOT, 'build', 'bench-dist') };
  timeCommand('npm', ['run', 'synth', '--silent'], env); // builds when a source changed since the last build
  const baseline = timeCommand(process.execPath, ['-e', ''], env);
  const synthProcess = timeCommand(process.execPath, [join(ROOT, 'build', 'main.js')], env);
  const npmSynth = timeCommand('npm', ['run', 'synth', '--silent'], env);
  rmSync(env.CDK8S_OUTDIR, { recursive: true, force: true });
  console.log(`\ncold workshop synth, nothing changed (whole process, median of ${RUNS}): npm run synth ${f(npmSynth, 0)} ms;`
    + ` node build/main.js ${f(synthProcess, 0)} ms; node -e "" ${f(baseline, 0)} ms`);

  const ratio = (n: { lib: Sample; floor: Sample }) => total(n.lib) / total(n.floor);
  const perObject = (s: Sample) => s.analyze / s.objects;
  const analyzerGrowth = perObject(mid.lib) / perObject(small.lib);
  const targets: Target[] = [
    [`issue 14.2: N=${SIZES[0]} library construct+synth+analyze+write ≤ 1.0 × the floor's construct+app.synth() (${ratio(small).toFixed(2)} ×)`, ratio(small) <= 1.0],
    [`issue 14.2: N=${SIZES[1]} library construct+synth+analyze+write ≤ 1.0 × the floor's construct+app.synth() (${ratio(mid).toFixed(2)} ×)`, ratio(mid) <= 1.0],
    [`issue 14.3: cold npm run synth, nothing changed ≤ 500 ms (${f(npmSynth, 0)} ms)`, npmSynth <= 500],
    [`issue 11.4: analyzer time per object at N=${SIZES[1]} ≤ 1.2 × at N=${SIZES[0]} (${analyzerGrowth.toFixed(2)} ×)`, analyzerGrowth <= 1.2],
    [`N=${SIZES[0]} library peak RSS ≤ 400 MB (${f(small.lib.rssMb, 0)} MB)`, small.lib.rssMb <= 400],
    [`N=${SIZES[0]} → ${SIZES[1]}: library time grows ≤ 5.5 × for 5 × the services (${(total(mid.lib) / total(small.lib)).toFixed(2)} ×)`, total(mid.lib) / total(small.lib) <= 5.5],
  ];
  printTargets('targets', targets);

  runLoadBench(RUNS);
  runFleetBench(LARGE_RUNS); // 100 whole workshops per run: three runs give a stable median
}

if (process.argv[2] === '--child') {
  process.stdout.write(JSON.stringify(measure(process.argv[3] as Mode, Number(process.argv[4]), process.argv[5])));
} else if (require.main === module) {
  main();
}
