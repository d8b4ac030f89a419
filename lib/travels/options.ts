import { IConstruct } from 'constructs';
import { requireInteger } from '../core/validation';
import { WorkloadVersionOptions } from '../workload/mesh-deployment';

/** What every part of the Travels demo needs to know about the mesh around it. */
export interface TravelsWorkloadOptions {
  /**
   * Address of the control plane's zipkin Service for the pods' `proxy.istio.io/config` annotation.
   * @default 'zipkin.istio-system:9411'
   */
  readonly zipkinAddress?: string;
  /**
   * Decides sidecar injection per Deployment name.
   * @default - inject everywhere
   */
  readonly sidecarInjection?: (deploymentName: string) => boolean;
  /**
   * The user every Travels pod runs as. OpenShift's `restricted-v2` SCC assigns one from the namespace's range,
   * so leave it unset there. The Travels images declare no USER (they would run as root), so on clusters that
   * assign none the kubelet refuses to start them under `runAsNonRoot: true` unless this is set (e.g. 1000).
   * @default - the cluster's (OpenShift assigns one)
   */
  readonly runAsUser?: number;
}

/** The zipkin address of upstream's annotations, for a control plane in `istio-system`. */
export const DEFAULT_ZIPKIN_ADDRESS = 'zipkin.istio-system:9411';

/** The Travels demo images, as upstream publishes them. */
export const TRAVELS_IMAGE_REGISTRY = 'quay.io/kiali';

/** The pod security settings of every Travels workload: the user to run as, when one is given. @internal */
export function travelsPodSecurity(scope: IConstruct, options: TravelsWorkloadOptions): Pick<WorkloadVersionOptions, 'podSecurityContext'> {
  if (options.runAsUser === undefined) return {};
  return { podSecurityContext: { runAsUser: requireInteger(scope, 'runAsUser', options.runAsUser, 1, 2 ** 31 - 1) } };
}
