import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { requireDnsLabel, requireObject } from '../core/validation';
import { ARGOCD_NAMESPACE } from './argocd-conventions';
import { MESH_HEALTH_CHECKS } from './health/mesh-health-checks';
import { requireHealthChecks, ResourceHealthCheck } from './health/resource-health-check';

/** Props of {@link ArgoCdConfigMapHealthChecks}. */
export interface ArgoCdConfigMapHealthChecksProps {
  /** The health checks to write. @default MESH_HEALTH_CHECKS */
  readonly checks?: readonly ResourceHealthCheck[];
  /** The namespace of the Argo CD installation. @default 'argocd' */
  readonly namespace?: string;
}

/**
 * Health checks the way plain Argo CD takes them: its `argocd-cm` ConfigMap with one
 * `resource.customizations.health.<group>_<kind>` key per check. `kubectl apply -f` adds these keys to the existing
 * ConfigMap and keeps its other keys. (On OpenShift GitOps the operator owns argocd-cm: use
 * {@link OpenShiftGitOpsHealthChecks} there.)
 */
export class ArgoCdConfigMapHealthChecks extends Construct {
  /** The generated API object. */
  public readonly apiObject: k8s.KubeConfigMap;

  public constructor(scope: Construct, id: string, props: ArgoCdConfigMapHealthChecksProps = {}) {
    super(scope, id);
    requireObject(this, 'props', props);
    const checks = requireHealthChecks(this, 'checks', props.checks ?? MESH_HEALTH_CHECKS);
    const data: Record<string, string> = {};
    for (const c of checks) data[`resource.customizations.health.${c.group}_${c.kind}`] = c.lua;
    this.apiObject = new k8s.KubeConfigMap(this, 'Resource', {
      metadata: {
        name: 'argocd-cm',
        namespace: requireDnsLabel(this, 'namespace', props.namespace ?? ARGOCD_NAMESPACE),
        // Argo CD reads only a ConfigMap with these labels
        labels: { 'app.kubernetes.io/name': 'argocd-cm', 'app.kubernetes.io/part-of': 'argocd' },
      },
      data,
    });
  }
}
