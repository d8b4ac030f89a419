/**
 * A fleet's synth (part of `npm run bench`): `renderTravelsDelivery` of N clusters with the Argo CD output (each
 * cluster a whole workshop tree, validated and analyzed), then the atomic write of everything, at 10, 50 and 100
 * clusters. Prints the time per cluster and whether it grows linearly; asserts nothing.
 *
 * Each measurement runs in a fresh child process (so peak RSS is that run's own); numbers are medians of `runs` runs.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { Fleet } from '../lib/gitops/fleet';
import { renderTravelsDelivery } from '../lib/travels/workshop-delivery';
import { median } from './report';
import { writeTreeAtomically } from '../lib/synth/write-tree';

const SIZES = [10, 50, 100];
const OUTDIR = resolve(__dirname, '..', 'bench-fleet-dist');

interface Sample { render: number; write: number; files: number; objects: number; rssMb: number }

/** A fleet of `n` clusters, the steps taking turns. */
export function benchFleet(n: number): Fleet {
  const steps = ['header-routing', 'weighted-routing', 'fault-injection', 'circuit-breaker'];
  return { clusters: Array.from({ length: n }, (_, i) => ({ name: `cluster-${i}`, baseDomain: `c${i}.example.com`, step: steps[i % steps.length] })) };
}

/** One measurement, in this (child) process. */
function measure(n: number): Sample {
  const t0 = performance.now();
  const { files, report } = renderTravelsDelivery({ fleet: benchFleet(n), gitOps: { source: { repoUrl: 'https://git.example.com/fleet.git', path: 'dist' } } });
  const t1 = performance.now();
  writeTreeAtomically(OUTDIR, files);
  const t2 = performance.now();
  return { render: t1 - t0, write: t2 - t1, files: files.size, objects: report.objects, rssMb: process.resourceUsage().maxRSS / 1024 };
}


/** Runs the fleet bench and prints its table. */
export function runFleetBench(runs: number): void {
  console.log(`\nfleet synth (renderTravelsDelivery with Argo CD output, then the atomic write; medians of ${runs} runs, each in a fresh process):`);
  console.log('  clusters   render ms   write ms   total ms   ms/cluster   files   objects   peakRSS(MB)');
  const perCluster = new Map<number, number>();
  try {
    for (const n of SIZES) {
      const samples = Array.from({ length: runs }, () => JSON.parse(execFileSync(process.execPath, [__filename, '--child', String(n)], { encoding: 'utf8', maxBuffer: 1 << 26 })) as Sample);
      const render = median(samples.map((s) => s.render));
      const write = median(samples.map((s) => s.write));
      perCluster.set(n, (render + write) / n);
      const f = (x: number, w: number) => x.toFixed(0).padStart(w);
      console.log(`  ${f(n, 8)}   ${f(render, 9)}   ${f(write, 8)}   ${f(render + write, 8)}   ${perCluster.get(n)!.toFixed(1).padStart(10)}   ${f(samples[0].files, 5)}   ${f(samples[0].objects, 7)}   ${f(median(samples.map((s) => s.rssMb)), 11)}`);
    }
  } finally {
    rmSync(OUTDIR, { recursive: true, force: true });
  }
  const growth = perCluster.get(100)! / perCluster.get(10)!;
  console.log(`  time per cluster at 100 clusters / at 10: ${growth.toFixed(2)} × — ${growth <= 1.5 ? 'grows linearly (within 1.5 ×)' : 'NOT linear (more than 1.5 × per cluster)'}`);
}

// Run directly (a child of the bench, or alone); bench.ts imports runFleetBench and must not trigger this.
if (require.main === module) {
  if (process.argv[2] === '--child') process.stdout.write(JSON.stringify(measure(Number(process.argv[3]))));
  else runFleetBench(Number(process.env.BENCH_RUNS ?? 3));
}
