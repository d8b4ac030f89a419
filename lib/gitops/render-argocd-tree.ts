import { App, Chart } from 'cdk8s';
import { KubeObject } from '../core/kube-object';
import { requireDnsLabel, requireObject, requireOneOf } from '../core/validation';
import { synthesizeApp } from '../synth/synthesize';
import { ArgoCdApplicationOptions } from './application-options';
import { AppOfApps } from './app-of-apps';
import { ArgoCdConfigMapHealthChecks } from './argocd-config-map-health-checks';
import { ARGOCD_NAMESPACE, OPENSHIFT_GITOPS_NAMESPACE } from './argocd-conventions';
import { GitOpsSource, repoPathJoin, resolveGitOpsSource } from './git-source';
import { ResourceHealthCheck } from './health/resource-health-check';
import { isServedWithoutOperators } from './openshift-apis';
import { OpenShiftGitOpsHealthChecks } from './openshift-gitops-health-checks';
import { StageApplication } from './stage-application';
import { withStageSyncWaves } from './sync-waves';

/** Options of {@link renderArgoCdTree}. */
export interface ArgoCdTreeOptions extends ArgoCdApplicationOptions {
  /**
   * The root Application's name, a DNS label; its children are `<name>-<stage>` (the stage folder without its
   * number: `<name>-operators`, `<name>-control-plane`, …) and `<name>-step`.
   */
  readonly name: string;
  /** The repository, the revision, and the folder of the repository the tree is committed to (`path`). */
  readonly source: GitOpsSource;
  /**
   * The step (a folder under `steps/`) the step Application deploys, after every stage. Switching steps is a change
   * of that Application's `spec.source.path` in Git; Argo CD prunes the previous step's objects.
   * @default - no step Application
   */
  readonly step?: string;
  /**
   * The cluster the stages go to, by its name in Argo CD.
   * @default - the cluster Argo CD runs in
   */
  readonly destinationName?: string;
}

/** Objects by file path: what a renderer writes, before it becomes YAML. */
export type ObjectFiles = ReadonlyMap<string, readonly KubeObject[]>;

/** The folder of the child Applications inside a tree. */
export const ARGOCD_APPLICATIONS_FOLDER = 'argocd/apps';
/** The file of a tree's root Application (`oc apply -f` it once). */
export const ARGOCD_ROOT_APPLICATION_FILE = 'argocd/app-of-apps.yaml';

const SCOPE = 'renderArgoCdTree';

/**
 * A tree of stage folders and `steps/<step>/` folders (the objects of `renderDist`) as Argo CD delivers it: its files, with sync waves where a stage needs them (a
 * Manual Subscription after the Automatic ones of its namespace), plus `argocd/app-of-apps.yaml`, the root
 * Application, and `argocd/apps/`, one child Application per stage folder in folder order (sync waves 0, 1, …),
 * then one for the chosen step. A stage with custom resources of groups an operator installs skips Argo CD's dry
 * run for missing CRDs. Paths are relative to the tree; a file's objects are the tree's own array when unchanged.
 */
export function renderArgoCdTree(tree: ObjectFiles, options: ArgoCdTreeOptions): Map<string, readonly KubeObject[]> {
  requireObject(SCOPE, 'options', options);
  const name = requireDnsLabel(SCOPE, 'name', options.name);
  const source = resolveGitOpsSource(SCOPE, 'source', options.source);
  const stages = foldersOf(tree, (path) => (path.length > 1 && path[0] !== 'steps' ? path[0] : undefined));
  const steps = foldersOf(tree, (path) => (path[0] === 'steps' && path.length > 2 ? `steps/${path[1]}` : undefined));
  const step = options.step === undefined ? undefined
    : requireOneOf(SCOPE, 'step', `steps/${options.step}`, [...steps.keys()], 'These are the step folders of the tree.');

  const files = new Map<string, readonly KubeObject[]>(tree);
  for (const objectsByFile of stages.values()) {
    const waved = withStageSyncWaves([...objectsByFile.values()].flat());
    if (!waved) continue;
    let at = 0;
    for (const [file, objects] of objectsByFile) {
      files.set(file, waved.slice(at, at + objects.length));
      at += objects.length;
    }
  }

  const app = new App();
  const shared = { argoCdNamespace: options.argoCdNamespace, project: options.project, syncRetry: options.syncRetry };
  const child = (folder: string, childName: string, wave: number, objects: readonly KubeObject[]) => new StageApplication(new Chart(app, folder.replace('/', '-')), 'Application', {
    ...shared,
    name: `${name}-${childName}`,
    source: { ...source, path: repoPathJoin(source.path, folder) },
    wave,
    skipDryRunOnMissingResource: objects.some((o) => !isServedWithoutOperators(o.apiVersion)),
    destinationName: options.destinationName,
  });
  [...stages].forEach(([folder, objectsByFile], wave) => child(folder, folder.replace(/^\d+-/, ''), wave, [...objectsByFile.values()].flat()));
  if (step !== undefined) child(step, 'step', stages.size, [...steps.get(step)!.values()].flat());
  new AppOfApps(new Chart(app, 'app-of-apps'), 'Application', { ...shared, name, source: { ...source, path: repoPathJoin(source.path, ARGOCD_APPLICATIONS_FOLDER) } });

  for (const chart of synthesizeApp(app)) {
    const file = chart.name === 'app-of-apps' ? ARGOCD_ROOT_APPLICATION_FILE
      : `${ARGOCD_APPLICATIONS_FOLDER}/${chart.name.startsWith('steps-') ? 'step' : chart.name}.yaml`;
    files.set(file, chart.objects);
  }
  return files;
}

/** Options of {@link renderHealthChecks}. */
export interface HealthCheckFilesOptions {
  /**
   * The namespace of the Argo CD instance.
   * @default - 'openshift-gitops' for the OpenShift GitOps form, 'argocd' for the argocd-cm form
   */
  readonly argoCdNamespace?: string;
  /** The health checks to write. @default MESH_HEALTH_CHECKS */
  readonly checks?: readonly ResourceHealthCheck[];
}

/** The folder of the health-check files. */
export const HEALTH_CHECKS_FOLDER = 'argocd/health-checks';

/**
 * The health checks in both forms, each for one kind of Argo CD: `argocd/health-checks/openshift-gitops.yaml` (the
 * `ArgoCD` resource of OpenShift GitOps) and `argocd/health-checks/argocd-cm.yaml` (plain Argo CD's ConfigMap).
 * Apply one of them before the first root Application, once per Argo CD instance.
 */
export function renderHealthChecks(options: HealthCheckFilesOptions = {}): Map<string, readonly KubeObject[]> {
  requireObject('renderHealthChecks', 'options', options);
  const app = new App();
  new OpenShiftGitOpsHealthChecks(new Chart(app, 'openshift-gitops'), 'HealthChecks', {
    checks: options.checks, namespace: options.argoCdNamespace ?? OPENSHIFT_GITOPS_NAMESPACE,
    instanceName: options.argoCdNamespace ?? OPENSHIFT_GITOPS_NAMESPACE,
  });
  new ArgoCdConfigMapHealthChecks(new Chart(app, 'argocd-cm'), 'HealthChecks', { checks: options.checks, namespace: options.argoCdNamespace ?? ARGOCD_NAMESPACE });
  return new Map(synthesizeApp(app).map((c) => [`${HEALTH_CHECKS_FOLDER}/${c.name}.yaml`, c.objects]));
}

/** The files of a tree grouped by the folder `folderOf` names for their path parts (undefined: no such folder), sorted. */
function foldersOf(tree: ObjectFiles, folderOf: (path: string[]) => string | undefined): Map<string, Map<string, readonly KubeObject[]>> {
  const folders = new Map<string, Map<string, readonly KubeObject[]>>();
  for (const file of [...tree.keys()].sort()) {
    const folder = folderOf(file.split('/'));
    if (folder === undefined) continue;
    if (!folders.has(folder)) folders.set(folder, new Map());
    folders.get(folder)!.set(file, tree.get(file)!);
  }
  return folders;
}
