/**
 * The resource annotations Istio 1.20 defines (istio/api `annotation/annotations.yaml`, the ones a user sets), with
 * where each belongs, whether it is deprecated and how its value is checked. Used by OSSM502 (deprecated) and
 * OSSM505 (unknown, misplaced, invalid).
 */

import type { AnalysisContext, ObjectRef } from './context';

/** Where an annotation is read: on a pod (a Pod, or a workload's pod template), a Service, an Ingress, or any object. */
export type AnnotationTarget = 'Pod' | 'Service' | 'Ingress' | 'Any';

/** A value check; returns why the value is invalid, or `undefined`. */
export type AnnotationCheck = (value: string) => string | undefined;

/** One Istio annotation. */
export interface IstioAnnotation {
  readonly target: AnnotationTarget;
  /** What to use instead, for a deprecated annotation. */
  readonly deprecated?: string;
  readonly check?: AnnotationCheck;
}

const uint: AnnotationCheck = (v) => (/^\d+$/.test(v.trim()) && Number(v) <= 0xffffffff ? undefined : `"${v}" is not a non-negative integer`);
const bool: AnnotationCheck = (v) => (/^(true|false)$/i.test(v.trim()) ? undefined : `"${v}" is not true or false`);
const oneOf = (...allowed: string[]): AnnotationCheck => (v) => (allowed.includes(v.trim()) ? undefined : `"${v}" is not one of ${allowed.join(', ')}`);
const PORT = /^\d+$/;
const portList: AnnotationCheck = (v) => {
  const bad = v.split(',').map((p) => p.trim()).filter((p) => p !== '' && p !== '*' && !(PORT.test(p) && Number(p) > 0 && Number(p) < 65536));
  return bad.length ? `${bad.map((b) => `"${b}"`).join(', ')} ${bad.length === 1 ? 'is not a port' : 'are not ports'}` : undefined;
};
const CIDR = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]+)(\/\d{1,3})?$/;
const cidrList: AnnotationCheck = (v) => {
  const bad = v.split(',').map((p) => p.trim()).filter((p) => p !== '' && p !== '*' && !CIDR.test(p));
  return bad.length ? `${bad.map((b) => `"${b}"`).join(', ')} ${bad.length === 1 ? 'is not a CIDR range' : 'are not CIDR ranges'}` : undefined;
};

const pod = (check?: AnnotationCheck, deprecated?: string): IstioAnnotation => ({ target: 'Pod', ...(check ? { check } : {}), ...(deprecated ? { deprecated } : {}) });

/** Istio 1.20's user-facing annotations by name. */
export const ISTIO_ANNOTATIONS: ReadonlyMap<string, IstioAnnotation> = new Map<string, IstioAnnotation>([
  ['galley.istio.io/analyze-suppress', { target: 'Any' }],
  ['install.operator.istio.io/chart-owner', { target: 'Any' }],
  ['install.operator.istio.io/owner-generation', { target: 'Any' }],
  ['install.operator.istio.io/version', { target: 'Any' }],
  ['istio.io/dry-run', { target: 'Any' }],
  ['kubernetes.io/ingress.class', { target: 'Ingress' }],
  ['networking.istio.io/exportTo', { target: 'Service' }],
  ['traffic.istio.io/nodeSelector', { target: 'Service' }],
  ['alpha.istio.io/kubernetes-serviceaccounts', { target: 'Service', deprecated: 'nothing (it has no effect)' }],
  ['alpha.istio.io/canonical-serviceaccounts', { target: 'Service', deprecated: 'nothing (it has no effect)' }],
  ['alpha.istio.io/identity', pod(undefined, 'nothing (it has no effect)')],
  ['inject.istio.io/templates', pod()],
  ['prometheus.istio.io/merge-metrics', pod(bool)],
  ['proxy.istio.io/config', pod()],
  ['readiness.status.sidecar.istio.io/applicationPorts', pod(portList)],
  ['readiness.status.sidecar.istio.io/failureThreshold', pod(uint)],
  ['readiness.status.sidecar.istio.io/initialDelaySeconds', pod(uint)],
  ['readiness.status.sidecar.istio.io/periodSeconds', pod(uint)],
  ['sidecar.istio.io/agentLogLevel', pod()],
  ['sidecar.istio.io/bootstrapOverride', pod()],
  ['sidecar.istio.io/componentLogLevel', pod()],
  ['sidecar.istio.io/controlPlaneAuthPolicy', pod(undefined, 'mesh-wide mTLS settings (PeerAuthentication, DestinationRule tls)')],
  ['sidecar.istio.io/discoveryAddress', pod(undefined, 'proxy.istio.io/config discoveryAddress')],
  ['sidecar.istio.io/enableCoreDump', pod(bool)],
  ['sidecar.istio.io/extraStatTags', pod()],
  ['sidecar.istio.io/inject', pod(bool)],
  ['sidecar.istio.io/interceptionMode', pod(oneOf('REDIRECT', 'TPROXY', 'NONE'))],
  ['sidecar.istio.io/logLevel', pod()],
  ['sidecar.istio.io/proxyCPU', pod()],
  ['sidecar.istio.io/proxyCPULimit', pod()],
  ['sidecar.istio.io/proxyImage', pod()],
  ['sidecar.istio.io/proxyImageType', pod()],
  ['sidecar.istio.io/proxyMemory', pod()],
  ['sidecar.istio.io/proxyMemoryLimit', pod()],
  ['sidecar.istio.io/rewriteAppHTTPProbers', pod(bool)],
  ['sidecar.istio.io/statsHistogramBuckets', pod()],
  ['sidecar.istio.io/statsInclusionPrefixes', pod(undefined, 'proxy.istio.io/config proxyStatsMatcher.inclusionPrefixes')],
  ['sidecar.istio.io/statsInclusionRegexps', pod(undefined, 'proxy.istio.io/config proxyStatsMatcher.inclusionRegexps')],
  ['sidecar.istio.io/statsInclusionSuffixes', pod(undefined, 'proxy.istio.io/config proxyStatsMatcher.inclusionSuffixes')],
  ['sidecar.istio.io/userVolume', pod()],
  ['sidecar.istio.io/userVolumeMount', pod()],
  ['status.sidecar.istio.io/port', pod(uint)],
  ['traffic.sidecar.istio.io/excludeInboundPorts', pod(portList)],
  ['traffic.sidecar.istio.io/excludeInterfaces', pod()],
  ['traffic.sidecar.istio.io/excludeOutboundIPRanges', pod(cidrList)],
  ['traffic.sidecar.istio.io/excludeOutboundPorts', pod(portList)],
  ['traffic.sidecar.istio.io/includeInboundPorts', pod(portList)],
  ['traffic.sidecar.istio.io/includeOutboundIPRanges', pod(cidrList)],
  ['traffic.sidecar.istio.io/includeOutboundPorts', pod(portList)],
  ['traffic.sidecar.istio.io/kubevirtInterfaces', pod()],
]);

/**
 * Annotations Istio writes itself (injection status, revisions, ambient, gateway controllers, workload entries), or
 * that live under an Istio domain without being Istio settings: never reported.
 */
const WRITTEN_BY_ISTIO = /^(sidecar\.istio\.io\/status|istio\.io\/rev|ambient\.istio\.io\/|gateway\.istio\.io\/|istio\.io\/(autoRegistrationGroup|workloadController|connectedAt|disconnectedAt)$|proxy\.istio\.io\/overrides$|kubectl\.kubernetes\.io\/)/;

/** Whether Istio's annotation checks look at `key`: an annotation of the table, or any key under an `istio.io` domain. */
export function isIstioAnnotationKey(key: string): boolean {
  if (WRITTEN_BY_ISTIO.test(key)) return false;
  if (ISTIO_ANNOTATIONS.has(key)) return true;
  const slash = key.indexOf('/');
  return slash > 0 && /(^|\.)istio\.io$/.test(key.slice(0, slash));
}

/** Annotations of one place Istio reads them from. */
export interface AnnotatedMetadata {
  /** The object to report on. */
  readonly ref: ObjectRef;
  /** Where the annotations are: `metadata` or the pod template's `spec.template.metadata`. */
  readonly path: string;
  /** The kind the annotations apply to: `Pod` for a pod template, else the object's kind. */
  readonly kind: string;
  readonly annotations: Readonly<Record<string, string>>;
}

/** Kinds whose own metadata annotations Istio's checks read (besides workloads). */
const ANNOTATED_KINDS = new Set(['Namespace', 'Service', 'Pod']);

/**
 * The annotations Istio reads, where they are: Namespaces, Services and Pods, and each workload's own metadata and
 * pod template (a pod template's annotations are the pods').
 */
export function annotatedMetadata(ctx: AnalysisContext): AnnotatedMetadata[] {
  const out: AnnotatedMetadata[] = [];
  for (const ref of ctx.objects) {
    if (ref.group === '' && ANNOTATED_KINDS.has(ref.kind)) out.push({ ref, path: 'metadata', kind: ref.kind, annotations: ref.annotations });
  }
  for (const t of ctx.podTemplates) {
    if (t.owner.kind === 'Pod') continue;
    out.push({ ref: t.owner, path: 'metadata', kind: t.owner.kind, annotations: t.owner.annotations });
    out.push({ ref: t.owner, path: 'pod template', kind: 'Pod', annotations: t.annotations });
  }
  return out;
}
