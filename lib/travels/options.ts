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
}

/** The zipkin address of upstream's annotations, for a control plane in `istio-system`. */
export const DEFAULT_ZIPKIN_ADDRESS = 'zipkin.istio-system:9411';

/** The Travels demo images, as upstream publishes them. */
export const TRAVELS_IMAGE_REGISTRY = 'quay.io/kiali';
