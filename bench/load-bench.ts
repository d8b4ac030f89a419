/**
 * The manifest loader and the analyzer on large files (part of `npm run bench`): `loadManifests` next to js-yaml's
 * `loadAll` on the same file, and load + analyze (what `cdk8s-ossm analyze` does) at 100k and 300k objects, and at
 * 100k as it was before streaming; and for reference `kubectl kustomize` on smaller files of the same shape.
 * Prints numbers and whether the targets are met; asserts nothing.
 *
 * Each measurement runs in a fresh child process (so peak RSS is that run's own); js-yaml and the loader alternate,
 * so that both see the same load of the machine.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { writeManifestFile } from './manifest-file';
import { median, printTargets, Target } from './report';
import { analyze } from '../lib/analysis/analyze';
import { loadManifests } from '../lib/analysis/load';
import { KubeObject } from '../lib/core/kube-object';

/**
 * `js-yaml`: read the file, js-yaml's `loadAll`; `load`: `loadManifests`; `analyze`: `loadManifests` and `analyze`;
 * `before`: what `cdk8s-ossm analyze` did before streaming (the `yaml` package's `parseAllDocuments`, then `analyze`).
 */
type Mode = 'js-yaml' | 'load' | 'analyze' | 'before';

interface Sample {
  /** Reading and parsing, ms. */
  readonly load: number;
  /** Analysis after loading, ms (0 unless mode `analyze`). */
  readonly analyze: number;
  readonly rssMb: number;
  readonly objects: number;
}

/** One measurement, in this (child) process. */
function measure(mode: Mode, file: string): Sample {
  const t0 = performance.now();
  let objects: number;
  let analyzeMs = 0;
  if (mode === 'js-yaml') {
    objects = loadAll(fs.readFileSync(file, 'utf8')).length;
  } else {
    const loaded = mode === 'before'
      ? parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS() as KubeObject).filter((o) => o !== null)
      : loadManifests([file]);
    objects = loaded.length;
    if (mode === 'analyze' || mode === 'before') {
      const t1 = performance.now();
      const result = analyze(loaded);
      analyzeMs = performance.now() - t1;
      if (result.errors + result.warnings > 0) throw new Error(`the bench manifests have findings: ${result.findings[0].message}`);
    }
  }
  const load = performance.now() - t0 - analyzeMs;
  return { load, analyze: analyzeMs, rssMb: process.resourceUsage().maxRSS / 1024, objects };
}

function sampleInChild(mode: Mode, file: string): Sample {
  const out = execFileSync(process.execPath, [__filename, '--child', mode, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out);
}

function medianSample(samples: readonly Sample[]): Sample {
  return {
    load: median(samples.map((s) => s.load)),
    analyze: median(samples.map((s) => s.analyze)),
    rssMb: median(samples.map((s) => s.rssMb)),
    objects: samples[0].objects,
  };
}

/** Runs the loader bench with `runs` runs per measurement and prints it. */
export function runLoadBench(runs: number): void {
  const dir = fs.mkdtempSync(join(tmpdir(), 'cdk8s-ossm-bench-'));
  try {
    const small = join(dir, '100k.yaml');
    const large = join(dir, '300k.yaml');
    writeManifestFile(small, 100_000);
    writeManifestFile(large, 300_000);
    const mb = (file: string) => fs.statSync(file).size / 1e6;
    const largeRuns = Math.min(runs, 3);
    console.log(`\nloader and analyzer on large files (generated: ${mb(small).toFixed(0)} MB and ${mb(large).toFixed(0)} MB of YAML);`
      + ` medians of ${runs} runs (${largeRuns} at 300k, 1 before streaming), each in a fresh process, js-yaml and the loader alternating`);

    const jsYaml: Sample[] = [];
    const loader: Sample[] = [];
    for (let i = 0; i < runs; i++) {
      jsYaml.push(sampleInChild('js-yaml', small));
      loader.push(sampleInChild('load', small));
    }
    const js = medianSample(jsYaml);
    const ld = medianSample(loader);
    // Each loader run is paired with the js-yaml run just before it: the median of those ratios is steadier on a busy
    // machine than the ratio of the medians.
    const ratios = loader.map((s, i) => s.load / jsYaml[i].load);
    const ratio = median(ratios);
    const at100k = medianSample(Array.from({ length: runs }, () => sampleInChild('analyze', small)));
    const at300k = medianSample(Array.from({ length: largeRuns }, () => sampleInChild('analyze', large)));
    const before = sampleInChild('before', small); // one run: it takes half a minute

    const row = (what: string, file: string, s: Sample) => {
      const total = s.load + s.analyze;
      console.log(`  ${what.padEnd(42)} ${String(s.objects).padStart(7)}  ${s.load.toFixed(0).padStart(7)}  ${s.analyze.toFixed(0).padStart(7)}`
        + `  ${total.toFixed(0).padStart(7)}  ${(mb(file) / (s.load / 1000)).toFixed(1).padStart(6)}  ${s.rssMb.toFixed(0).padStart(7)}`);
    };
    console.log(`  ${'what'.padEnd(42)} objects  load ms  anlz ms  totl ms    MB/s  peakRSS(MB)`);
    row('before: yaml parseAllDocuments + analyze', small, before);
    row('js-yaml loadAll (readFileSync)', small, js);
    row('loadManifests', small, ld);
    row('loadManifests + analyze', small, at100k);
    row('loadManifests + analyze', large, at300k);
    console.log(`  loader / js-yaml, run by run: ${ratios.map((r) => r.toFixed(2)).join(' ')}; median ${ratio.toFixed(2)} ×`
      + ` (ratio of the medians ${(ld.load / js.load).toFixed(2)} ×)`);

    const total = (s: Sample) => s.load + s.analyze;
    const speedup = total(before) / total(at100k);
    const memory = before.rssMb / at100k.rssMb;
    const growth = at300k.rssMb / at100k.rssMb;
    const targets: Target[] = [
      [`loading 100k objects ≤ 1.3 × js-yaml loadAll on the same file (${ratio.toFixed(2)} ×)`, ratio <= 1.3],
      [`300k objects load + analyze: peak RSS < 2 GB (${at300k.rssMb.toFixed(0)} MB)`, at300k.rssMb < 2048],
      [`100k → 300k objects: peak RSS grows linearly, ≤ 3.3 × for 3 × the objects (${growth.toFixed(2)} ×)`, growth <= 3.3],
      [`100k objects load + analyze: at least 2 × faster and 2 × smaller than before streaming, in the same run`
        + ` (${speedup.toFixed(1)} × faster, ${memory.toFixed(1)} × less peak RSS)`, speedup >= 2 && memory >= 2],
    ];
    printTargets('loader targets', targets);
    runKustomizeBench(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Objects for kustomize: its time grows faster than linearly (about 1.5 s at 1,000 objects, 75 s at 5,000 here). */
const KUSTOMIZE_SIZES = [1000, 2000, 4000];

/**
 * For reference: `kubectl kustomize` (a kustomization listing one file) on files of the same shape, next to load +
 * analyze of the same file; one run each. Skipped when kubectl is not installed.
 */
function runKustomizeBench(dir: string): void {
  const version = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  if (version.status !== 0) {
    console.log('\nkustomize: skipped (no kubectl on the PATH)');
    return;
  }
  const kustomize = /Kustomize Version: (\S+)/.exec(version.stdout)?.[1] ?? '?';
  const kubectl = /Client Version: (\S+)/.exec(version.stdout)?.[1] ?? '?';
  const time = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  console.log(`\nkustomize ${kustomize} (kubectl ${kubectl} kustomize, over a kustomization listing one file of the same shape), one run each,`
    + ' next to loadManifests + analyze on the same file:');
  console.log('  objects   kustomize ms  peakRSS(MB)   load+analyze ms  peakRSS(MB)');
  const rows: Array<{ objects: number; ms: number }> = [];
  for (const n of KUSTOMIZE_SIZES) {
    const folder = join(dir, `kustomize-${n}`);
    fs.mkdirSync(folder);
    const objects = writeManifestFile(join(folder, 'objects.yaml'), n);
    fs.writeFileSync(join(folder, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - objects.yaml\n');
    const t0 = performance.now();
    const r = time === undefined
      ? spawnSync('kubectl', ['kustomize', folder], { encoding: 'utf8', maxBuffer: 1 << 30 })
      : spawnSync(time, ['-f', '%M', 'kubectl', 'kustomize', folder], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`kubectl kustomize failed: ${r.stderr}`);
    const rssMb = time === undefined ? undefined : Number(r.stderr.trim().split('\n').pop()) / 1024;
    const ours = sampleInChild('analyze', join(folder, 'objects.yaml'));
    rows.push({ objects, ms });
    console.log(`  ${String(objects).padStart(7)}   ${ms.toFixed(0).padStart(12)}  ${rssMb === undefined ? '?'.padStart(11) : rssMb.toFixed(0).padStart(11)}`
      + `   ${(ours.load + ours.analyze).toFixed(0).padStart(15)}  ${ours.rssMb.toFixed(0).padStart(11)}`);
  }
  const [first, last] = [rows[0], rows[rows.length - 1]];
  console.log(`  kustomize: ${(last.objects / first.objects).toFixed(1)} × the objects take ${(last.ms / first.ms).toFixed(1)} × the time`);
}

// Run directly (a child of the bench, or alone); bench.ts imports runLoadBench and must not trigger this.
if (require.main === module) {
  if (process.argv[2] === '--child') process.stdout.write(JSON.stringify(measure(process.argv[3] as Mode, process.argv[4])));
  else runLoadBench(Number(process.env.BENCH_RUNS ?? 5));
}
