/**
 * The manifest loader and the analyzer on large files (part of `npm run bench`): `loadManifests` next to js-yaml's
 * `loadAll` on the same file, and load + analyze (what `cdk8s-ossm analyze` does) at 100k and 300k objects, and at
 * 100k as it was before streaming.
 * Prints numbers and whether the targets are met; asserts nothing.
 *
 * Each measurement runs in a fresh child process (so peak RSS is that run's own); js-yaml and the loader alternate,
 * so that both see the same load of the machine.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { writeManifestFile } from './manifest-file';
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

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

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
    const targets: Array<[string, boolean]> = [
      [`loading 100k objects ≤ 1.3 × js-yaml loadAll on the same file (${ratio.toFixed(2)} ×)`, ratio <= 1.3],
      [`300k objects load + analyze: peak RSS < 2 GB (${at300k.rssMb.toFixed(0)} MB)`, at300k.rssMb < 2048],
      [`100k → 300k objects: peak RSS grows linearly, ≤ 3.3 × for 3 × the objects (${growth.toFixed(2)} ×)`, growth <= 3.3],
      [`100k objects load + analyze: at least 2 × faster and 2 × smaller than before streaming, in the same run`
        + ` (${speedup.toFixed(1)} × faster, ${memory.toFixed(1)} × less peak RSS)`, speedup >= 2 && memory >= 2],
    ];
    console.log('\nloader targets:');
    for (const [what, met] of targets) console.log(`  ${met ? 'met    ' : 'NOT MET'}  ${what}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Run directly (a child of the bench, or alone); bench.ts imports runLoadBench and must not trigger this.
if (require.main === module) {
  if (process.argv[2] === '--child') process.stdout.write(JSON.stringify(measure(process.argv[3] as Mode, process.argv[4])));
  else runLoadBench(Number(process.env.BENCH_RUNS ?? 5));
}
