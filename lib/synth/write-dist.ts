import { App } from 'cdk8s';
import { analyze } from '../analysis/analyze';
import { AnalyzeOptions, OSSM2_ISTIO_VERSION } from '../analysis/context';
import { formatFinding } from '../analysis/format';
import { Finding } from '../analysis/types';
import { identityOf, KubeObject, objectIdentity } from '../core/kube-object';
import { Mesh } from '../core/mesh';
import { OssmVersion } from '../core/mesh-control-plane';
import { formatSynthWarning, SynthWarning, synthWarningsOf } from '../core/synth-warnings';
import { formatValue, isDnsLabel } from '../core/validation';
import { duplicateObjectMessages, PlacedObject } from './duplicates';
import { stageOf, STAGES } from './stages';
import { SynthError, SynthesizedChart, synthesizeApp } from './synthesize';
import { guardOutputFolder, writeTreeAtomically } from './write-tree';
import { stringifyYaml } from './yaml-text';

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
  /**
   * The output folder; replaced as a whole only after everything synthesized and analyzed cleanly. Refused when
   * empty, the current folder or one above it, the home folder, the root, or a non-empty folder this library did
   * not write (see {@link guardOutputFolder}).
   */
  readonly outdir: string;
  /**
   * Run the mesh analyzer on the output: errors stop synth, warnings are reported.
   * @default true
   */
  readonly analyze?: boolean;
  /**
   * The Istio version (`major.minor`) the analyzer assumes when the output holds no control plane: an app written
   * for an existing mesh, e.g. `'1.20'` on OSSM 2.6 (which does not serve `networking.istio.io/v1`).
   * @default the platform the output was synthesized for: '1.20' when the mesh declared for the base App (or a step's
   * App) is OSSM 2.6, else the analyzer's default ('1.30', OSSM 3, unless the output holds OSSM 2 objects)
   */
  readonly assumeIstio?: string;
  /**
   * Print nothing. Otherwise writeDist prints, to standard error, each analyzer warning (one line each, as
   * `cdk8s-ossm analyze` does) and each synth warning (`WARNING <construct path>: <message>`); the report holds them
   * either way.
   * @default false
   */
  readonly quiet?: boolean;
}

/** What {@link writeDist} wrote and found. */
export interface DistReport {
  /** Written files, relative to the output folder, in apply order. */
  readonly files: string[];
  /** Findings of the analyzer that did not stop synth (warnings and suppressed findings). */
  readonly findings: Finding[];
  /** Number of objects written. */
  readonly objects: number;
  /**
   * Warnings that constructs attached with `addSynthWarning` (e.g. the demo MySQL password), and anything the
   * writer could not tidy; each with the construct path it comes from.
   */
  readonly warnings: SynthWarning[];
}

/** Everything {@link writeDist} would write, rendered in memory. */
export interface RenderedDist {
  /** File contents by path relative to the output folder, in apply order. */
  readonly files: ReadonlyMap<string, string>;
  /** The objects of each file, by the same paths, as written (for what builds on the output, such as the GitOps layer). */
  readonly objects: ReadonlyMap<string, readonly KubeObject[]>;
  /** The report, as {@link writeDist} returns it. */
  readonly report: DistReport;
}

/**
 * Synthesizes and analyzes everything, and only then replaces the output folder as a whole
 * ({@link writeTreeAtomically}): `00-operators/`, `01-control-plane/`, `02-apps/` (one file per chart in each)
 * and `steps/<step>/`. On any validation error, object made twice in what is applied together (the base and one step:
 * same kind, API group, namespace and name) or analyzer error it throws {@link SynthError}; a folder it must not
 * replace (see {@link guardOutputFolder}) or cannot write throws {@link OutputFolderError}. Either way the
 * folder is left as it was.
 */
export function writeDist(sources: DistSources, options: WriteDistOptions): DistReport {
  guardOutputFolder(options.outdir); // fail before the work when the folder is refused anyway
  const { files, report } = renderDist(sources, options);
  const written = writeTreeAtomically(options.outdir, files);
  const result = { ...report, warnings: [...report.warnings, ...written.warnings.map((message) => ({ path: 'writeDist', message }))] };
  if (!options.quiet) {
    const lines = [
      ...result.findings.filter((f) => f.suppressedBecause === undefined).map(formatFinding),
      ...result.warnings.map(formatSynthWarning),
    ];
    if (lines.length > 0) process.stderr.write(`${lines.join('\n')}\n`);
  }
  return result;
}

/**
 * Everything {@link writeDist} does but writing: validates and synthesizes the base and every step, refuses objects
 * made twice (naming both construct paths), runs the analyzer, and renders the YAML files in memory. Throws
 * {@link SynthError} as `writeDist` does.
 */
export function renderDist(sources: DistSources, options: Pick<WriteDistOptions, 'analyze' | 'assumeIstio'> = {}): RenderedDist {
  const steps = Object.entries(sources.steps ?? {});
  for (const [step] of steps) {
    if (!isDnsLabel(step)) {
      throw new SynthError(`steps: step name ${formatValue(step)} is not valid. Allowed: a DNS-1123 label, e.g. "header-routing".`);
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
  const stepPlaced = new Map<string, PlacedObject[]>();
  for (const [step, app] of steps) {
    const charts = synthesizeApp(app);
    stepObjects.set(step, charts.flatMap((c) => c.objects));
    stepPlaced.set(step, charts.flatMap(placed));
    for (const chart of charts) if (chart.objects.length) files.set(`steps/${step}/${chart.name}.yaml`, chart.objects);
  }
  const duplicates = duplicateObjectMessages(base.flatMap(placed), stepPlaced);
  if (duplicates.length > 0) {
    throw new SynthError(`${duplicates.length} object${duplicates.length === 1 ? ' is' : 's are'} made twice; nothing was written:\n${duplicates.map((m) => `  - ${m}`).join('\n')}`);
  }

  const assumeIstio = options.assumeIstio ?? synthesizedIstio([sources.base, ...steps.map(([, app]) => app)]);
  const findings = options.analyze === false ? [] : analyzeDist(baseObjects, stepObjects, assumeIstio === undefined ? {} : { assumeIstio });
  const errors = findings.filter((f) => f.severity === 'error' && f.suppressedBecause === undefined);
  if (errors.length > 0) {
    throw new SynthError(`The mesh analyzer found ${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was written:\n`
      + errors.map((f) => `  ${formatFinding(f)}`).join('\n'), findings);
  }
  const warnings = [sources.base, ...steps.map(([, app]) => app)].flatMap(synthWarningsOf);
  const rendered = new Map([...files].map(([file, objects]) => [file, stringifyYaml(...objects)]));
  return {
    files: rendered,
    objects: files,
    report: { files: [...files.keys()], findings, objects: [...files.values()].reduce((n, o) => n + o.length, 0), warnings },
  };
}

/**
 * The Istio version of the platform `apps` were synthesized for, from the mesh declared for them (`Mesh`): OSSM 2.6's
 * when one of them is on OSSM 2.6, so that an app for an existing OSSM 2.6 mesh is judged by 2.6's rules even though
 * its output holds no control plane; `undefined` (the analyzer decides) otherwise.
 */
function synthesizedIstio(apps: readonly App[]): string | undefined {
  const platformOf = (app: App): OssmVersion | undefined => {
    try {
      return Mesh.tryOf(app)?.ossmVersion;
    } catch {
      return undefined; // two meshes declared for the App itself: its constructs were refused or given their own
    }
  };
  return apps.some((app) => platformOf(app) === OssmVersion.V2_6) ? OSSM2_ISTIO_VERSION : undefined;
}

/** The objects of a synthesized chart with their construct paths. */
function placed(chart: SynthesizedChart): PlacedObject[] {
  return chart.objects.map((object, i) => ({ object, path: chart.paths[i] }));
}

/** The base is analyzed alone; each step together with the base it applies onto, reporting only its own objects. */
function analyzeDist(base: KubeObject[], steps: Map<string, KubeObject[]>, options: AnalyzeOptions): Finding[] {
  const findings = analyze(base, options).findings;
  for (const objects of steps.values()) {
    const own = new Set(objects.map(identityOf));
    findings.push(...analyze([...base, ...objects], options).findings.filter((f) => own.has(objectIdentity(f.kind, f.namespace, f.name))));
  }
  return findings;
}
