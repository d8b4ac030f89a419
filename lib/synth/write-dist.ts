import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { App, Yaml } from 'cdk8s';
import { analyze } from '../analysis/analyze';
import { formatFinding } from '../analysis/format';
import { Finding } from '../analysis/types';
import { identityOf, KubeObject, objectIdentity } from '../core/kube-object';
import { isDnsLabel } from '../core/validation';
import { stageOf, STAGES } from './stages';
import { SynthError, synthesizeApp } from './synthesize';

/** What goes into dist/: the base (applied in stages) and the workshop steps (applied one at a time). */
export interface DistSources {
  /** Operators, control plane, member roll, namespaces and apps. */
  readonly base: App;
  /**
   * Each step is its own app, written to `steps/<name>/`: steps are alternatives for the same hosts, so they
   * cannot share one app (two VirtualServices for one host would be refused).
   * @default - no steps
   */
  readonly steps?: Readonly<Record<string, App>>;
}

/** Options of {@link writeDist}. */
export interface WriteDistOptions {
  /** The output folder; replaced as a whole only after everything synthesized and analyzed cleanly. */
  readonly outdir: string;
  /**
   * Run the mesh analyzer on the output: errors stop synth, warnings are reported.
   * @default true
   */
  readonly analyze?: boolean;
}

/** What {@link writeDist} wrote and found. */
export interface DistReport {
  /** Written files, relative to the output folder, in apply order. */
  readonly files: string[];
  /** Findings of the analyzer that did not stop synth (warnings and suppressed findings). */
  readonly findings: Finding[];
  /** Number of objects written. */
  readonly objects: number;
}

/**
 * Synthesizes and analyzes everything, and only then replaces the output folder: `00-operators/`,
 * `01-control-plane/`, `02-apps/` (one file per chart in each) and `steps/<step>/`.
 * On any validation error or analyzer error it throws {@link SynthError} and leaves the folder as it was.
 */
export function writeDist(sources: DistSources, options: WriteDistOptions): DistReport {
  const steps = Object.entries(sources.steps ?? {});
  for (const [step] of steps) {
    if (!isDnsLabel(step)) {
      throw new SynthError(`steps: step name ${JSON.stringify(step)} is not valid. Allowed: a DNS-1123 label, e.g. "header-routing".`);
    }
  }
  const files = new Map<string, KubeObject[]>();
  const base = synthesizeApp(sources.base);
  const baseObjects = base.flatMap((c) => c.objects);
  for (const stage of STAGES) {
    for (const chart of base) {
      const objects = chart.objects.filter((o) => stageOf(o) === stage);
      if (objects.length) files.set(`${stage.folder}/${chart.name}.yaml`, objects);
    }
  }
  const stepObjects = new Map<string, KubeObject[]>();
  for (const [step, app] of steps) {
    const charts = synthesizeApp(app);
    stepObjects.set(step, charts.flatMap((c) => c.objects));
    for (const chart of charts) if (chart.objects.length) files.set(`steps/${step}/${chart.name}.yaml`, chart.objects);
  }

  const findings = options.analyze === false ? [] : analyzeDist(baseObjects, stepObjects);
  const errors = findings.filter((f) => f.severity === 'error' && f.suppressedBecause === undefined);
  if (errors.length > 0) {
    throw new SynthError(`The mesh analyzer found ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was written:\n`
      + errors.map((f) => `  ${formatFinding(f)}`).join('\n'), findings);
  }

  const outdir = resolve(options.outdir);
  const staging = `${outdir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    for (const [file, objects] of files) {
      const path = join(staging, file);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, Yaml.stringify(...objects));
    }
    rmSync(outdir, { recursive: true, force: true });
    renameSync(staging, outdir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return { files: [...files.keys()], findings, objects: [...files.values()].reduce((n, o) => n + o.length, 0) };
}

/** The base is analyzed alone; each step together with the base it applies onto, reporting only its own objects. */
function analyzeDist(base: KubeObject[], steps: Map<string, KubeObject[]>): Finding[] {
  const findings = analyze(base).findings;
  for (const objects of steps.values()) {
    const own = new Set(objects.map(identityOf));
    findings.push(...analyze([...base, ...objects]).findings.filter((f) => own.has(objectIdentity(f.kind, f.namespace, f.name))));
  }
  return findings;
}
