import { API_GROUP } from '../core/api-groups';
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
 * API groups of the control-plane resources: OSSM 2.6's maistra.io, OSSM 3's sailoperator.io, Kiali's kiali.io, and
 * the tracing backends of OSSM 3 (Tempo's tempo.grafana.com, OpenTelemetry's opentelemetry.io): each served by a CRD
 * that exists only once its operator's CSV has succeeded.
 */
const CONTROL_PLANE_GROUPS: ReadonlySet<string> = new Set([API_GROUP.MAISTRA, API_GROUP.SAIL, API_GROUP.KIALI, API_GROUP.TEMPO, API_GROUP.OPENTELEMETRY]);

/**
 * The apply order on a fresh cluster. Operator Subscriptions first; the maistra, sail, Kiali and Istio CRDs exist
 * only once the operators' CSVs have succeeded (on OSSM 3 also Tempo's and OpenTelemetry's). Then the control plane
 * (OSSM 2.6: the ServiceMeshControlPlane and the member roll; OSSM 3: the Istio, IstioCNI and IstioRevisionTag, in
 * ambient mode the ZTunnel, and the Tempo instance and OpenTelemetry collector), Kiali and every namespace, so that the namespaces are members
 * (and, on OSSM 3, the injector is running) before any pod starts: otherwise pods start without sidecars, and an
 * injected gateway without its proxy. Then everything else.
 * @internal
 */
export const STAGES: readonly Stage[] = [
  {
    folder: '00-operators',
    description: 'OLM Subscriptions for the operators',
    holds: (obj) => group(obj) === API_GROUP.OLM,
  },
  {
    folder: '01-control-plane',
    description: 'Namespaces, the control plane (ServiceMeshControlPlane and ServiceMeshMemberRoll, or Istio and IstioCNI), Kiali and the tracing backend',
    holds: (obj) => CONTROL_PLANE_GROUPS.has(group(obj)) || (obj.apiVersion === 'v1' && obj.kind === 'Namespace'),
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
