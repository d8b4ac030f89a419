import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgoCdv1Beta1 } from '../../imports/argoproj.io';
import { requireDnsLabel, requireDnsSubdomain, requireObject } from '../core/validation';
import { OPENSHIFT_GITOPS_NAMESPACE } from './argocd-conventions';
import { MESH_HEALTH_CHECKS } from './health/mesh-health-checks';
import { requireHealthChecks, ResourceHealthCheck } from './health/resource-health-check';

/** Props of {@link OpenShiftGitOpsHealthChecks}. */
export interface OpenShiftGitOpsHealthChecksProps {
  /** The health checks to write. @default MESH_HEALTH_CHECKS */
  readonly checks?: readonly ResourceHealthCheck[];
  /** The `ArgoCD` resource's name. @default 'openshift-gitops' (the default instance) */
  readonly instanceName?: string;
  /** Its namespace. @default 'openshift-gitops' */
  readonly namespace?: string;
}

/**
 * Health checks the way OpenShift GitOps takes them: the `ArgoCD` resource (argoproj.io/v1beta1) with only
 * `spec.resourceHealthChecks`. `oc apply -f` sets that list on the existing instance and leaves the rest of its spec as
 * it is; the operator writes the scripts into the instance's argocd-cm. The list replaces one set there before.
 */
export class OpenShiftGitOpsHealthChecks extends Construct {
  /**
   * The generated API object (an argoproj.io `ArgoCD`), typed as its cdk8s base class: the Argo CD
   * types are not part of this package's declarations (they would more than double them).
   */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: OpenShiftGitOpsHealthChecksProps = {}) {
    super(scope, id);
    requireObject(this, 'props', props);
    const checks = requireHealthChecks(this, 'checks', props.checks ?? MESH_HEALTH_CHECKS);
    this.apiObject = new ArgoCdv1Beta1(this, 'Resource', {
      metadata: {
        name: requireDnsSubdomain(this, 'instanceName', props.instanceName ?? OPENSHIFT_GITOPS_NAMESPACE),
        namespace: requireDnsLabel(this, 'namespace', props.namespace ?? OPENSHIFT_GITOPS_NAMESPACE),
      },
      spec: { resourceHealthChecks: checks.map((c) => ({ group: c.group, kind: c.kind, check: c.lua })) },
    });
  }
}
