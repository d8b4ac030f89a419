import { KubeObject, splitApiVersion } from '../core/kube-object';

/** One folder of dist/, applied in order: each needs what the earlier ones installed. @internal */
export interface Stage {
  /** Folder name under dist/, sorted in apply order. */
  readonly folder: string;
  /** What the stage holds. */
  readonly description: string;
  /** Whether an object goes into this stage. */
  readonly holds: (obj: KubeObject) => boolean;
}

const group = (obj: KubeObject) => splitApiVersion(obj.apiVersion).group;

/**
 * The apply order on a fresh cluster. Operator Subscriptions first; the maistra CRDs and Istio's CRDs exist
 * only once the operators' CSVs have succeeded. Then the control plane, the member roll and every namespace,
 * so the member roll has configured the app namespaces before their pods start (otherwise they start without
 * sidecars). Then everything else.
 * @internal
 */
export const STAGES: readonly Stage[] = [
  {
    folder: '00-operators',
    description: 'OLM Subscriptions for the operators',
    holds: (obj) => group(obj) === 'operators.coreos.com',
  },
  {
    folder: '01-control-plane',
    description: 'Namespaces, the ServiceMeshControlPlane and the ServiceMeshMemberRoll',
    holds: (obj) => group(obj) === 'maistra.io' || (obj.apiVersion === 'v1' && obj.kind === 'Namespace'),
  },
  {
    folder: '02-apps',
    description: 'Workloads, Services, Secrets and Istio configuration of the apps',
    holds: () => true,
  },
];

/** The stage an object belongs to: the first whose `holds` accepts it. @internal */
export function stageOf(obj: KubeObject): Stage {
  return STAGES.find((s) => s.holds(obj))!;
}
