/**
 * The `proxy.istio.io/config` pod annotation of the upstream Travels workloads: traces go to the control
 * plane's zipkin Service, 10 % sampled (overriding the control plane's sampling for these pods), tagged with
 * the request headers the portals set. Byte-identical to upstream for the default address.
 * @internal
 */
export function travelsProxyConfig(zipkinAddress: string): string {
  const tags = ['portal', 'device', 'user', 'travel']
    .map((h) => `    http.header.${h}:\n      header:\n        name: ${h}\n`).join('');
  return `tracing:\n  zipkin:\n    address: ${zipkinAddress}\n  sampling: 10\n  custom_tags:\n${tags}`;
}

/** Pod annotations shared by the upstream Travels workloads. @internal */
export function travelsPodAnnotations(zipkinAddress: string | undefined): Record<string, string> {
  const annotations: Record<string, string> = { 'readiness.status.sidecar.istio.io/applicationPorts': '' };
  if (zipkinAddress !== undefined) annotations['proxy.istio.io/config'] = travelsProxyConfig(zipkinAddress);
  return annotations;
}
