import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ApplicationSet, ApplicationSetSpecTemplateSpec } from '../../imports/argoproj.io';
import { invalidInput, requireArray, requireDnsLabel, requireObject } from '../core/validation';
import { ArgoCdApplicationOptions, resolveApplicationOptions } from './application-options';
import { appOfAppsSpec } from './app-of-apps';
import { GitOpsSource, requireRepoPath, resolveGitOpsSource } from './git-source';

/** One cluster of a {@link FleetApplicationSet}. */
export interface FleetApplicationSetCluster {
  /** The cluster's name in the fleet; its root Application is `<name>-<applicationName>`. A DNS label. */
  readonly name: string;
  /** The folder of the repository that holds the cluster's child Applications, e.g. `dist/clusters/east/argocd/apps`. */
  readonly applicationsPath: string;
}

/** Props of {@link FleetApplicationSet}. */
export interface FleetApplicationSetProps extends ArgoCdApplicationOptions {
  /** The ApplicationSet's name: a DNS label. */
  readonly name: string;
  /** The end of every generated root Application's name, `<cluster>-<applicationName>`: a DNS label. */
  readonly applicationName: string;
  /** The repository and the revision every cluster's Applications come from. */
  readonly source: Pick<GitOpsSource, 'repoUrl' | 'revision'>;
  /** The clusters, each with the folder of its child Applications; at least one, names unique. */
  readonly clusters: readonly FleetApplicationSetCluster[];
}

/**
 * An Argo CD `ApplicationSet` with a list generator: for every cluster of a fleet, one root Application (the same
 * spec as an {@link AppOfApps}) that deploys the cluster's child Applications from its own folder. The child
 * Applications name their cluster as destination, so Argo CD must know every cluster by its fleet name.
 */
export class FleetApplicationSet extends Construct {
  /**
   * The generated API object (an argoproj.io `ApplicationSet`), typed as its cdk8s base class: the Argo CD
   * types are not part of this package's declarations (they would more than double them).
   */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: FleetApplicationSetProps) {
    super(scope, id);
    requireObject(this, 'props', props);
    const options = resolveApplicationOptions(this, props);
    const name = requireDnsLabel(this, 'name', props.name);
    const applicationName = requireDnsLabel(this, 'applicationName', props.applicationName);
    const clusters = requireArray(this, 'clusters', props.clusters);
    if (clusters.length === 0) throw invalidInput(this, 'clusters', clusters, 'Allowed: at least one cluster.');
    const seen = new Set<string>();
    const elements = clusters.map((cluster, i) => {
      requireObject(this, `clusters[${i}]`, cluster);
      const clusterName = requireDnsLabel(this, `clusters[${i}].name`, cluster.name);
      if (seen.has(clusterName)) throw invalidInput(this, `clusters[${i}].name`, clusterName, 'Allowed: a name no other cluster of the fleet has.');
      seen.add(clusterName);
      requireDnsLabel(this, `clusters[${i}] root Application name`, `${clusterName}-${applicationName}`);
      return { cluster: clusterName, path: requireRepoPath(this, `clusters[${i}].applicationsPath`, cluster.applicationsPath) };
    });
    const source = resolveGitOpsSource(this, 'source', { ...requireObject(this, 'source', props.source), path: '.' });
    this.apiObject = new ApplicationSet(this, 'Resource', {
      metadata: { name, namespace: options.argoCdNamespace },
      spec: {
        generators: [{ list: { elements } }],
        template: {
          metadata: { name: `{{cluster}}-${applicationName}`, namespace: options.argoCdNamespace },
          spec: appOfAppsSpec(options, { ...source, path: '{{path}}' }) as ApplicationSetSpecTemplateSpec,
        },
      },
    });
  }
}
