import { App, Chart } from 'cdk8s';
import { KubeObject } from '../core/kube-object';
import { invalidInput, requireArray, requireDnsLabel, requireObject } from '../core/validation';
import { synthesizeApp } from '../synth/synthesize';
import { FleetApplicationSet } from './fleet-application-set';
import { repoPathJoin, resolveGitOpsSource } from './git-source';
import { ARGOCD_APPLICATIONS_FOLDER, ArgoCdTreeOptions, ObjectFiles, renderArgoCdTree } from './render-argocd-tree';

/** One cluster's tree of a fleet. */
export interface FleetTree {
  /** The cluster's name: its folder `clusters/<name>/` and its name in Argo CD. A DNS label. */
  readonly cluster: string;
  /** Its tree: objects by file path, as `renderDist` renders them. */
  readonly tree: ObjectFiles;
  /** The step its step Application deploys. @default - no step Application */
  readonly step?: string;
}

/** Options of {@link renderFleet} for Argo CD. */
export type FleetGitOpsOptions = Omit<ArgoCdTreeOptions, 'step' | 'destinationName'>;

/** The folder of the clusters' trees in the output. */
export const CLUSTERS_FOLDER = 'clusters';

const SCOPE = 'renderFleet';

/**
 * The trees of a fleet, one per cluster in `clusters/<cluster>/` (the layout of a single tree). With `gitOps`, each
 * tree gets its Argo CD Applications (see {@link renderArgoCdTree}; the root is `<cluster>-<name>`, the children
 * deploy to the cluster by its name in Argo CD) and `argocd/<name>-fleet.yaml` holds an ApplicationSet that creates
 * every cluster's root Application from one `oc apply`. `gitOps.source.path` is the folder of the whole output in the
 * repository. Paths are relative to the output folder.
 */
export function renderFleet(trees: readonly FleetTree[], gitOps?: FleetGitOpsOptions): Map<string, readonly KubeObject[]> {
  requireArray(SCOPE, 'trees', trees);
  if (trees.length === 0) throw invalidInput(SCOPE, 'trees', trees, 'Allowed: at least one cluster.');
  const clusters = new Set<string>();
  for (const [i, { cluster }] of trees.entries()) {
    requireObject(SCOPE, `trees[${i}]`, trees[i]);
    requireDnsLabel(SCOPE, `trees[${i}].cluster`, cluster);
    if (clusters.has(cluster)) throw invalidInput(SCOPE, `trees[${i}].cluster`, cluster, 'Allowed: a name no other cluster of the fleet has.');
    clusters.add(cluster);
  }
  const source = gitOps === undefined ? undefined : resolveGitOpsSource(SCOPE, 'gitOps.source', requireObject(SCOPE, 'gitOps', gitOps).source);
  const files = new Map<string, readonly KubeObject[]>();
  for (const { cluster, tree, step } of trees) {
    const folder = `${CLUSTERS_FOLDER}/${cluster}`;
    const clusterFiles = gitOps === undefined || source === undefined ? tree : renderArgoCdTree(tree, {
      ...gitOps,
      name: `${cluster}-${gitOps.name}`,
      source: { ...source, path: repoPathJoin(source.path, folder) },
      step,
      destinationName: cluster,
    });
    for (const [file, objects] of clusterFiles) files.set(`${folder}/${file}`, objects);
  }
  if (gitOps !== undefined && source !== undefined) {
    const app = new App();
    new FleetApplicationSet(new Chart(app, 'fleet'), 'ApplicationSet', {
      argoCdNamespace: gitOps.argoCdNamespace, project: gitOps.project, syncRetry: gitOps.syncRetry,
      name: `${gitOps.name}-fleet`,
      applicationName: gitOps.name,
      source,
      clusters: trees.map(({ cluster }) => ({ name: cluster, applicationsPath: repoPathJoin(source.path, CLUSTERS_FOLDER, cluster, ARGOCD_APPLICATIONS_FOLDER) })),
    });
    files.set(`argocd/${gitOps.name}-fleet.yaml`, synthesizeApp(app)[0].objects);
  }
  return files;
}
