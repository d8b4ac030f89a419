import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Application, ApplicationSpec } from '../../imports/argoproj.io';
import { requireDnsLabel, requireObject } from '../core/validation';
import { ArgoCdApplicationOptions, resolveApplicationOptions, ResolvedApplicationOptions } from './application-options';
import { IN_CLUSTER_SERVER } from './argocd-conventions';
import { GitOpsSource, resolveGitOpsSource, ResolvedGitOpsSource } from './git-source';

/** Props of {@link AppOfApps}. */
export interface AppOfAppsProps extends ArgoCdApplicationOptions {
  /** The root Application's name: a DNS label. */
  readonly name: string;
  /** The repository, the revision, and the folder that holds the child Applications (`path`). */
  readonly source: GitOpsSource;
}

/**
 * The root `Application` of an app-of-apps: it deploys the child Applications of one folder into the Argo CD
 * namespace, wave by wave (the children's `argocd.argoproj.io/sync-wave`), each wave only once the one before is
 * synced and healthy. Apply it once (`oc apply -f`); everything else follows from Git.
 */
export class AppOfApps extends Construct {
  /** The root Application's name. */
  public readonly name: string;
  /**
   * The generated API object (an argoproj.io `Application`), typed as its cdk8s base class: the Argo CD
   * types are not part of this package's declarations (they would more than double them).
   */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: AppOfAppsProps) {
    super(scope, id);
    requireObject(this, 'props', props);
    const options = resolveApplicationOptions(this, props);
    this.name = requireDnsLabel(this, 'name', props.name);
    this.apiObject = new Application(this, 'Resource', {
      metadata: { name: this.name, namespace: options.argoCdNamespace },
      spec: appOfAppsSpec(options, resolveGitOpsSource(this, 'source', props.source)),
    });
  }
}

/**
 * The spec of a root Application that deploys the Applications of `source.path` into the Argo CD namespace; the
 * fleet's ApplicationSet stamps the same spec for every cluster.
 * @internal
 */
export function appOfAppsSpec(options: ResolvedApplicationOptions, source: ResolvedGitOpsSource): ApplicationSpec {
  return {
    project: options.project,
    source: { repoUrl: source.repoUrl, targetRevision: source.revision, path: source.path },
    // the children are Applications: they go where Argo CD reads them, on the cluster it runs in
    destination: { server: IN_CLUSTER_SERVER, namespace: options.argoCdNamespace },
    syncPolicy: options.syncPolicy([]),
  };
}
