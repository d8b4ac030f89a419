import { formatFinding } from '../analysis/format';
import { KubeObject } from '../core/kube-object';
import { lazyModule } from '../core/lazy-module';
import { SynthWarning } from '../core/synth-warnings';
import { invalidInput, requireObject, requireOneOf } from '../core/validation';
import { ArgoCdApplicationOptions } from '../gitops/application-options';
import { Fleet, requireFleet } from '../gitops/fleet';
import { GitOpsSource } from '../gitops/git-source';
import type * as argoCdTree from '../gitops/render-argocd-tree';
import type { FleetTree } from '../gitops/render-fleet';
import type * as fleetTree from '../gitops/render-fleet';
import { DistReport, RenderedDist, renderDist } from '../synth/write-dist';
import { guardOutputFolder, writeTreeAtomically } from '../synth/write-tree';
import { stringifyYaml } from '../synth/yaml-text';
import { buildTravelsWorkshop, TravelsWorkshopOptions, WORKSHOP_STEPS, WorkshopStep } from './workshop';

/** How the workshop is delivered with Argo CD (see {@link TravelsDeliveryOptions.gitOps}). */
export interface TravelsGitOpsOptions extends ArgoCdApplicationOptions {
  /** The repository, the revision, and the folder of the repository the output is committed to (`path`). */
  readonly source: GitOpsSource;
  /**
   * The root Application's name, and the start of its children's (`travels-operators`, …); a fleet's clusters get
   * `<cluster>-<name>`.
   * @default 'travels'
   */
  readonly name?: string;
}

/** Options of {@link renderTravelsDelivery} and {@link writeTravelsDelivery}. */
export interface TravelsDeliveryOptions {
  /** One cluster's workshop, at the top of the output (as `npm run synth` writes it). @default - none: only the fleet */
  readonly workshop?: TravelsWorkshopOptions;
  /**
   * A fleet: one workshop tree per cluster in `clusters/<name>/`, each with its base domain, OSSM version (over the
   * shared one) and step.
   * @default - no fleet
   */
  readonly fleet?: Fleet;
  /** The settings every cluster of the fleet shares (all but the base domain; a cluster's `ossmVersion` wins). @default - the workshop's */
  readonly fleetSettings?: Omit<TravelsWorkshopOptions, 'clusterBaseDomain'>;
  /** The step the step Application deploys; also the fleet's clusters' unless they choose one. @default 'header-routing' */
  readonly step?: WorkshopStep;
  /**
   * Deliver with Argo CD: `argocd/` (root Application, one child per stage and one for the step, the health checks),
   * per cluster too, and the fleet's ApplicationSet.
   * @default - no Argo CD output, and a synth warning that says why
   */
  readonly gitOps?: TravelsGitOpsOptions;
}

const SCOPE = 'renderTravelsDelivery';

/** The Argo CD output's renderers, which load Argo CD's generated types (3 MB of code): loaded when a synth asks for it. */
const argoCdRendering = lazyModule(() => require('../gitops/render-argocd-tree') as typeof argoCdTree);
/** The fleet's renderer (one tree per cluster, its ApplicationSet): loaded when a synth has a fleet. */
const fleetRendering = lazyModule(() => require('../gitops/render-fleet') as typeof fleetTree);

/**
 * Renders the workshop for delivery, in memory: the single cluster's tree (stage folders and `steps/`, as
 * `writeDist`), the fleet's trees in `clusters/<name>/`, and with `gitOps` the Argo CD output of each (see
 * `renderArgoCdTree`, `renderFleet`, `renderHealthChecks`). Every tree is validated and analyzed as `renderDist` does.
 */
export function renderTravelsDelivery(options: TravelsDeliveryOptions): RenderedDist {
  requireObject(SCOPE, 'options', options);
  if (options.workshop === undefined && options.fleet === undefined) {
    throw invalidInput(SCOPE, 'options', options, 'Allowed: a workshop (one cluster), a fleet, or both.');
  }
  const step = requireOneOf(SCOPE, 'step', options.step ?? 'header-routing', WORKSHOP_STEPS);
  const gitOps = options.gitOps === undefined ? undefined : { ...requireObject(SCOPE, 'gitOps', options.gitOps), name: options.gitOps.name ?? 'travels' };
  const fleet = options.fleet === undefined ? undefined : requireFleet(SCOPE, options.fleet, { steps: WORKSHOP_STEPS });
  const objects = new Map<string, readonly KubeObject[]>();
  const trees: RenderedDist[] = [];
  const render = (workshop: TravelsWorkshopOptions) => {
    const tree = renderDist(buildTravelsWorkshop(workshop));
    trees.push(tree);
    return tree.objects;
  };

  if (options.workshop !== undefined) {
    const tree = render(options.workshop);
    add(objects, gitOps === undefined ? tree : argoCdRendering().renderArgoCdTree(tree, { ...gitOps, step }));
  }
  if (fleet !== undefined) {
    const fleetTrees: FleetTree[] = fleet.clusters.map((cluster) => ({
      cluster: cluster.name,
      tree: render({ ...options.fleetSettings, clusterBaseDomain: cluster.baseDomain, ...(cluster.ossmVersion && { ossmVersion: cluster.ossmVersion }) }),
      step: cluster.step ?? step,
    }));
    add(objects, fleetRendering().renderFleet(fleetTrees, gitOps));
  }
  const warnings: SynthWarning[] = [];
  if (gitOps === undefined) {
    warnings.push({ path: 'gitOps', message: 'no argocd/ folder was written: no Git repository was given (GITOPS_REPO_URL for npm run synth, '
      + 'gitOps.source in code). Argo CD Applications must name the repository that holds this output; see the README, "Delivering with Argo CD".' });
  } else {
    add(objects, argoCdRendering().renderHealthChecks({ argoCdNamespace: gitOps.argoCdNamespace }));
  }

  // files the trees rendered unchanged keep their text; only new or changed ones are serialized
  const textOf = new Map(trees.flatMap((t) => [...t.objects].map(([file, list]) => [list, t.files.get(file)!] as const)));
  const files = new Map([...objects].map(([file, list]) => [file, textOf.get(list) ?? stringifyYaml(...list)]));
  return {
    files,
    objects,
    report: {
      files: [...files.keys()],
      findings: unique(trees.flatMap((t) => t.report.findings), formatFinding),
      objects: [...objects.values()].reduce((n, list) => n + list.length, 0),
      warnings: unique([...trees.flatMap((t) => t.report.warnings), ...warnings], (w) => `${w.path}: ${w.message}`),
    },
  };
}

/**
 * Renders as {@link renderTravelsDelivery} and only then replaces `outdir` as a whole (`writeTreeAtomically`): the
 * Argo CD output and the trees it points at are written together, so Git never holds one without the other.
 */
export function writeTravelsDelivery(options: TravelsDeliveryOptions, write: { readonly outdir: string }): DistReport {
  requireObject(SCOPE, 'write', write);
  guardOutputFolder(write.outdir); // fail before the work when the folder is refused anyway
  const { files, report } = renderTravelsDelivery(options);
  const written = writeTreeAtomically(write.outdir, files);
  return { ...report, warnings: [...report.warnings, ...written.warnings.map((message) => ({ path: 'writeTravelsDelivery', message }))] };
}

function add<V>(into: Map<string, V>, more: ReadonlyMap<string, V>): void {
  for (const [file, value] of more) into.set(file, value);
}

/** The items with a distinct key, in order: a fleet's clusters repeat the same findings and warnings. */
function unique<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
