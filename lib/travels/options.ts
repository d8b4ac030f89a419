import { IConstruct } from 'constructs';
import { meshControlPlaneOf } from '../core/mesh';
import { IMeshControlPlane } from '../core/mesh-control-plane';
import { DEFAULT_CONTROL_PLANE_NAMESPACE, jaegerZipkinAddress } from '../core/mesh-conventions';
import { requireInteger } from '../core/validation';
import { WorkloadVersionOptions } from '../workload/mesh-deployment';

/** What every part of the Travels demo needs to know about the mesh around it. */
export interface TravelsWorkloadOptions {
  /**
   * The control plane the workloads run under: its zipkin address goes into the pods' `proxy.istio.io/config`
   * annotation (none when it has no zipkin collector), and its labels ask for the sidecar.
   * @default - the mesh of a scope above (`Mesh.of(this)`: e.g. the App's, declared by its `MeshBaseChart`); refused when no scope declares one
   */
  readonly controlPlane?: IMeshControlPlane;
  /**
   * Address of the control plane's zipkin Service for the pods' `proxy.istio.io/config` annotation.
   * @default - the control plane's `zipkinAddress` ('zipkin.istio-system:9411' on the workshop's OSSM 2.6)
   * @deprecated Give `controlPlane` instead; its `zipkinAddress` is the address. Still honoured, over the control plane's.
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
export const DEFAULT_ZIPKIN_ADDRESS = jaegerZipkinAddress(DEFAULT_CONTROL_PLANE_NAMESPACE);

/**
 * What a Travels workload takes from the control plane: the zipkin address of its tracing annotation (the deprecated
 * `zipkinAddress` first) and the control plane its MeshDeployments label themselves for.
 * @internal
 */
export function travelsMesh(scope: IConstruct, options: TravelsWorkloadOptions): { readonly zipkinAddress?: string; readonly controlPlane: IMeshControlPlane } {
  const controlPlane = meshControlPlaneOf(scope, options.controlPlane);
  return { zipkinAddress: options.zipkinAddress ?? controlPlane.zipkinAddress, controlPlane };
}

/** The Travels demo images, as upstream publishes them. */
export const TRAVELS_IMAGE_REGISTRY = 'quay.io/kiali';

/**
 * What every Travels workload version gets from the options: the control plane it labels itself for, and the user
 * to run as, when one is given.
 * @internal
 */
export function travelsWorkload(scope: IConstruct, options: TravelsWorkloadOptions): Pick<WorkloadVersionOptions, 'podSecurityContext' | 'controlPlane'> {
  const controlPlane = travelsMesh(scope, options).controlPlane;
  if (options.runAsUser === undefined) return { controlPlane };
  return { controlPlane, podSecurityContext: { runAsUser: requireInteger(scope, 'runAsUser', options.runAsUser, 1, 2 ** 31 - 1) } };
}
