import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Application } from '../../imports/argoproj.io';
import { requireBoolean, requireDnsLabel, requireInteger, requireObject } from '../core/validation';
import { ArgoCdApplicationOptions, resolveApplicationOptions } from './application-options';
import { IN_CLUSTER_SERVER, SKIP_DRY_RUN_ON_MISSING_RESOURCE, SYNC_WAVE_ANNOTATION } from './argocd-conventions';
import { GitOpsSource, resolveGitOpsSource } from './git-source';

/** Props of {@link StageApplication}. */
export interface StageApplicationProps extends ArgoCdApplicationOptions {
  /** The Application's name: a DNS label (Argo CD writes it into a label of every object it deploys). */
  readonly name: string;
  /** The repository, the revision, and the folder this Application deploys (`path`). */
  readonly source: GitOpsSource;
  /**
   * Its sync wave in the app-of-apps: the parent applies the next wave only once every Application of this one is
   * synced and healthy (with the Application health check of {@link MESH_HEALTH_CHECKS}). -1000 to 1000.
   */
  readonly wave: number;
  /**
   * Let Argo CD apply custom resources whose CRD does not exist yet when the sync starts, as happens for CRDs an
   * operator of an earlier wave installs; without it the dry run refuses the whole sync.
   * @default false
   */
  readonly skipDryRunOnMissingResource?: boolean;
  /**
   * The cluster to deploy to, by its name in Argo CD (`argocd cluster add <context> --name <name>`).
   * @default - the cluster Argo CD runs in
   */
  readonly destinationName?: string;
}

/**
 * An Argo CD `Application` that deploys one folder of manifests (one stage, or one step) in a sync wave of its
 * app-of-apps: synced automatically, pruned (so a switched step leaves nothing of the previous one), self-healing,
 * and retried with backoff.
 */
export class StageApplication extends Construct {
  /** The Application's name. */
  public readonly name: string;
  /** Its sync wave. */
  public readonly wave: number;
  /**
   * The generated API object (an argoproj.io `Application`), typed as its cdk8s base class: the Argo CD
   * types are not part of this package's declarations (they would more than double them).
   */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: StageApplicationProps) {
    super(scope, id);
    requireObject(this, 'props', props);
    const options = resolveApplicationOptions(this, props);
    const source = resolveGitOpsSource(this, 'source', props.source);
    this.name = requireDnsLabel(this, 'name', props.name);
    this.wave = requireInteger(this, 'wave', props.wave, -1000, 1000);
    const skipDryRun = requireBoolean(this, 'skipDryRunOnMissingResource', props.skipDryRunOnMissingResource) ?? false;
    const destinationName = props.destinationName === undefined ? undefined : requireDnsLabel(this, 'destinationName', props.destinationName);
    this.apiObject = new Application(this, 'Resource', {
      metadata: { name: this.name, namespace: options.argoCdNamespace, annotations: { [SYNC_WAVE_ANNOTATION]: String(this.wave) } },
      spec: {
        project: options.project,
        source: { repoUrl: source.repoUrl, targetRevision: source.revision, path: source.path },
        destination: destinationName === undefined ? { server: IN_CLUSTER_SERVER } : { name: destinationName },
        syncPolicy: options.syncPolicy(skipDryRun ? [SKIP_DRY_RUN_ON_MISSING_RESOURCE] : []),
      },
    });
  }
}
