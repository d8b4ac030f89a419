/**
 * Where each field of an OSSM 2.6 `ServiceMeshControlPlane` (maistra.io/v2 `spec`) goes in OSSM 3, after Red Hat's
 * "ServiceMeshControlPlane resource to Istio resource fields mapping" (OSSM 3 documentation, "Migrating from Service
 * Mesh 2 to Service Mesh 3", chapter Reference) and its source in the sail-operator repository,
 * docs/ossm/ossm2-migration/smcp-fields-migration/ (smcp-to-istio-mappings.md, unsupported-fields-in-3.md), with
 * docs/ossm/ossm2-vs-ossm3.md for the reasons.
 *
 * Targets are paths under the `Istio` resource's `spec.values`, checked against the OSSM 3.4 Istio CRD (a test walks
 * each one through the schema); `migrateOssm2` checks every value against that CRD's schema before it writes it, so a
 * rule converts forms but does not repeat what the schema allows (enums, types, patterns). Where the published table names a place the CRD does not have, the nearest field that
 * does the same is used, and the rule says so: the table writes `spec.meshConfig.*` for what the CRD has under
 * `spec.values.meshConfig.*`, and `spec.sidecarInjectorWebhook.*` for `spec.values.sidecarInjectorWebhook.*`;
 * `general.logging.componentLevels` becomes `global.logging.level` (`component:level,…`); `proxy.logging.level` the
 * proxies' `global.proxy.logLevel` (not the control plane's `global.logging.level`); `proxy.runtime.container.env`
 * the proxies' `meshConfig.defaultConfig.proxyMetadata`; `security.dataPlane.mtls` a mesh-wide `PeerAuthentication`
 * (the Istio CRD's `meshMTLS` has no `enabled`; ossm2-vs-ossm3.md says to apply a PeerAuthentication);
 * `proxy.envoyMetricsService.enabled` nothing of its own (the metrics service is on when it has an address; the
 * table's `enableEnvoyAccessLogService` is the access log service's switch).
 */

import { formatValue } from '../core/validation';

/** The name of the mesh-wide PeerAuthentication migrate writes: not `default`, which the 2.6 SMCP owns (and deletes with it). @internal */
export const MIGRATED_MTLS_POLICY_NAME = 'mesh-mtls-ossm3';

/** What became of one SMCP field in OSSM 3. */
export enum MigrationStatus {
  /** Copied (converted where the forms differ) to a field of the `Istio` resource. */
  MAPPED = 'mapped',
  /** Migrated by another resource this command writes (Kiali, Routes, PeerAuthentication, namespace labels, the Istio's version). */
  HANDLED = 'handled',
  /** Nothing to set in OSSM 3: the value is what OSSM 3 does anyway, or it turns off something OSSM 3 does not have. */
  NOTHING_TO_DO = 'nothing to do',
  /** In use, and OSSM 3 has no counterpart this command can write: the report says what to do instead. */
  NOT_MIGRATABLE = 'not migratable',
  /**
   * OSSM 3 has a counterpart, but carrying the value over would be unsafe (an image override, which turns off the
   * operator's image digests) or needs what the input does not hold: kept for a human, the report says why.
   */
  KEPT_FOR_HUMAN = 'kept for a human',
}

/** How one SMCP field (or subtree) migrates: exactly one of `to`, `handledBy`, `decide`, `nothing` or `lost`. */
export interface SmcpFieldRule {
  /** The field under `spec`, dotted; `*` stands for any one key (a component of `runtime.components`). */
  readonly path: string;
  /** The target under the `Istio`'s `spec.values`, dotted. */
  readonly to?: string;
  /** Converts the SMCP value to the Istio field's form; `undefined` when the value has none (the field is then reported not migratable). */
  readonly convert?: (value: unknown) => unknown;
  /** The resource of this command that carries it, and how. */
  readonly handledBy?: string;
  /** Why it is kept for a human to decide (never carried over), and where it would go. */
  readonly decide?: string;
  /** Why OSSM 3 needs nothing for it. */
  readonly nothing?: string;
  /** Why it cannot be migrated, and what to do instead. */
  readonly lost?: string;
  /**
   * Whether the value uses the feature (for `lost` and `handledBy` rules): when not, nothing is lost.
   * @default - any value but `false`, `null`, an empty string, list or object
   */
  readonly inUse?: (value: unknown, spec: Readonly<Record<string, unknown>>) => boolean;
}

const csv = (value: unknown) => (Array.isArray(value) ? value.map(text).join(',') : value);
const componentLevels = (value: unknown) => (value && typeof value === 'object'
  ? Object.entries(value as Record<string, unknown>).map(([component, level]) => `${component}:${text(level)}`).join(',') : value);
const lowerCase = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value);
/** `TLSv1_2` (SMCP) to `TLSV1_2` (meshConfig's enum; TLS 1.0 and 1.1, which it does not have, are then refused by the schema check). */
const upperCase = (value: unknown) => (typeof value === 'string' ? value.toUpperCase() : value);
/** A scalar as text; anything else (which the SMCP CRD refuses) in JSON form. */
const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : formatValue(value));
/** Go's curve names (2.6) to Envoy's (OSSM 3); names Envoy knows already are kept. */
const GO_TO_ENVOY_CURVES: Readonly<Record<string, string>> = { CurveP256: 'P-256', CurveP384: 'P-384', CurveP521: 'P-521', X25519: 'X25519' };
const envoyCurves = (value: unknown) => (Array.isArray(value) ? value.map((c) => (typeof c === 'string' && Object.prototype.hasOwnProperty.call(GO_TO_ENVOY_CURVES, c) ? GO_TO_ENVOY_CURVES[c] : c)) : value);
const boolText = (value: unknown) => (typeof value === 'boolean' ? String(value) : value);
const onOff = (value: unknown) => (value === true ? 'enabled' : value === false ? 'disabled' : value);
const percentOf10000 = (value: unknown) => (typeof value === 'number' ? value / 100 : value);
/** Secret references (`{name}`) to their names; `undefined` (not migratable) when one has no name. */
const secretNames = (value: unknown) => {
  if (!Array.isArray(value)) return value;
  const names = value.map((s) => (s && typeof s === 'object' ? (s as { name?: unknown }).name : s));
  return names.every((n) => typeof n === 'string' && n !== '') ? names : undefined;
};
/** SMCP meshNetworks (`fromCIDR`, gateways with `service`) to Istio's (`fromCidr`, gateways with `registryServiceName`: the gateway Service's FQDN in both). */
const meshNetworks = (value: unknown) => (value && typeof value === 'object' ? Object.fromEntries(Object.entries(value as Record<string, any>).map(([network, config]) => [network, {
  ...(Array.isArray(config?.endpoints) && { endpoints: (config.endpoints as any[]).map((e) => ({ ...(e?.fromCIDR !== undefined && { fromCidr: e.fromCIDR }), ...(e?.fromRegistry !== undefined && { fromRegistry: e.fromRegistry }) })) }),
  ...(Array.isArray(config?.gateways) && { gateways: (config.gateways as any[]).map((g) => (g && typeof g === 'object' ? Object.fromEntries(Object.entries(g).map(([k, v]) => [k === 'service' ? 'registryServiceName' : k, v])) : g)) }),
}])) : value);

const enabled = (value: unknown) => value !== false;
const gatewayInUse = (value: unknown) => !(value && typeof value === 'object' && (value as { enabled?: unknown }).enabled === false);
/** A gateway of the SMCP runs unless it or all of them (`gateways.enabled: false`) are off. */
const smcpGatewayInUse = (value: unknown, spec: Readonly<Record<string, unknown>>) => (spec.gateways as { enabled?: unknown } | undefined)?.enabled !== false && gatewayInUse(value);
const typeOf = (spec: Readonly<Record<string, unknown>>, section: string) => ((spec[section] as { type?: unknown } | undefined)?.type);

const ADDON_GONE = 'OSSM 3 installs no addons; observability is installed apart (sail-operator docs/ossm/ossm2-vs-ossm3.md, "Observability integrations rather than addons").';
const GATEWAY_GONE = 'OSSM 3 creates no gateways: deploy this one by gateway injection (or the Gateway API) before the migration, as Red Hat\'s pre-migration checklist asks '
  + '(sail-operator docs/ossm/ossm2-migration/README.md and gateway-migration.md); this library\'s MeshIngressGateway writes one.';
const MIXER_GONE = 'Mixer was removed in OSSM 2.1 and has no counterpart.';
const PILOT = 'runtime.components.pilot';
/**
 * Image overrides are never carried: the OSSM 3 operator pins its images by digest for each Istio version, and a
 * hub, tag or image of 2.6 (Maistra's images, 2.6 tags) names images that do not exist for OSSM 3.
 */
const imageDecision = (target: string) => `an image override of 2.6: OSSM 3's operator pins its own images by digest for each Istio version, and 2.6's `
  + `registry, tags and image names do not exist for it. Drop it, or set spec.values.${target} yourself to an OSSM 3 image (mirror) if you must.`;

/**
 * Every SMCP field this command knows, in the order of Red Hat's table. A field of the input that no rule covers is
 * reported as not migratable ("no known mapping").
 */
export const SMCP_FIELD_RULES: readonly SmcpFieldRule[] = [
  // Addons
  { path: 'addons.3scale', lost: `${ADDON_GONE} 3scale's adapter has no OSSM 3 form.`, inUse: gatewayInUse },
  { path: 'addons.grafana', lost: `${ADDON_GONE} Use a Grafana of your own on OpenShift monitoring.`, inUse: gatewayInUse },
  {
    path: 'addons.jaeger', lost: `${ADDON_GONE} Trace to Tempo through OpenTelemetry (meshConfig.extensionProviders and a Telemetry resource).`,
    inUse: (_, spec) => typeOf(spec, 'tracing') === 'Jaeger',
  },
  { path: 'addons.kiali.enabled', handledBy: 'a Kiali resource in the control-plane namespace, reading OpenShift user-workload monitoring', inUse: enabled },
  { path: 'addons.kiali.name', handledBy: 'the name of the Kiali resource' },
  { path: 'addons.kiali.install', lost: 'Kiali\'s dashboard, deployment and service settings go into the Kiali resource under other names; set them there.' },
  {
    path: 'addons.prometheus', lost: `${ADDON_GONE} Metrics come from OpenShift user-workload monitoring: enable it and create the ServiceMonitor for istiod and a PodMonitor per mesh namespace `
      + '(Red Hat: "Configuring OpenShift Monitoring with Service Mesh"); the Kiali resource written here reads it.', inUse: gatewayInUse,
  },
  { path: 'addons.stackdriver', lost: `${ADDON_GONE} Stackdriver telemetry has no OSSM 3 form here.` },

  // Cluster
  { path: 'cluster.meshExpansion', lost: 'Mesh expansion (the ILB gateway) no longer exists; use WorkloadEntry/WorkloadGroup and a gateway of your own.', inUse: gatewayInUse },
  { path: 'cluster.multiCluster.enabled', to: 'global.multiCluster.enabled' },
  { path: 'cluster.multiCluster.meshNetworks', to: 'global.meshNetworks', convert: meshNetworks },
  { path: 'cluster.name', to: 'global.multiCluster.clusterName' },
  { path: 'cluster.network', to: 'global.network' },

  // Gateways
  { path: 'gateways.enabled', nothing: 'OSSM 3 creates no gateways, so there is nothing to turn off.', inUse: () => false },
  { path: 'gateways.openshiftRoute.enabled', handledBy: 'an OpenShift Route for every host of every Gateway of the input that IOR served (OSSM 3 has no IOR)', inUse: enabled },
  { path: 'gateways.ingress', lost: GATEWAY_GONE, inUse: smcpGatewayInUse },
  { path: 'gateways.egress', lost: GATEWAY_GONE, inUse: smcpGatewayInUse },
  { path: 'gateways.additionalIngress', lost: GATEWAY_GONE, inUse: (v, spec) => Object.values(v as object ?? {}).some((g) => smcpGatewayInUse(g, spec)) },
  { path: 'gateways.additionalEgress', lost: GATEWAY_GONE, inUse: (v, spec) => Object.values(v as object ?? {}).some((g) => smcpGatewayInUse(g, spec)) },

  // General
  { path: 'general.logging.componentLevels', to: 'global.logging.level', convert: componentLevels },
  { path: 'general.logging.logAsJSON', to: 'global.logAsJson' },
  { path: 'general.validationMessages', to: 'global.istiod.enableAnalysis' },

  // MeshConfig
  { path: 'meshConfig.discoverySelectors', to: 'meshConfig.discoverySelectors' },
  { path: 'meshConfig.extensionProviders', to: 'meshConfig.extensionProviders' },

  // Mode, policy, profiles
  { path: 'mode', handledBy: 'the Istio\'s discoverySelectors and the namespace labels (MultiTenant: only the member namespaces; ClusterWide: as the SMCP\'s own selectors)' },
  { path: 'policy.type', nothing: 'istiod is the only policy of OSSM 3.', inUse: () => false },
  { path: 'policy.mixer', lost: MIXER_GONE },
  { path: 'policy.remote', lost: MIXER_GONE },
  {
    path: 'profiles', handledBy: 'resolved: the values of the built-in 2.6 profiles (lib/migrate/smcp-profiles.ts), or status.appliedSpec when the input has it, '
      + 'are migrated on their own lines, each with its source',
  },

  // Proxy: access logging
  { path: 'proxy.accessLogging.envoyService.address', to: 'meshConfig.defaultConfig.envoyAccessLogService.address' },
  { path: 'proxy.accessLogging.envoyService.enabled', to: 'meshConfig.enableEnvoyAccessLogService' },
  { path: 'proxy.accessLogging.envoyService.tcpKeepalive', to: 'meshConfig.defaultConfig.envoyAccessLogService.tcpKeepalive' },
  { path: 'proxy.accessLogging.envoyService.tlsSettings', to: 'meshConfig.defaultConfig.envoyAccessLogService.tlsSettings' },
  { path: 'proxy.accessLogging.file.encoding', to: 'meshConfig.accessLogEncoding' },
  { path: 'proxy.accessLogging.file.format', to: 'meshConfig.accessLogFormat' },
  { path: 'proxy.accessLogging.file.name', to: 'meshConfig.accessLogFile' },
  // Proxy: basics and metrics service
  { path: 'proxy.adminPort', to: 'meshConfig.defaultConfig.proxyAdminPort' },
  { path: 'proxy.concurrency', to: 'meshConfig.defaultConfig.concurrency' },
  { path: 'proxy.envoyMetricsService.address', to: 'meshConfig.defaultConfig.envoyMetricsService.address' },
  { path: 'proxy.envoyMetricsService.enabled', nothing: 'the metrics service is on when it has an address (mapped from envoyMetricsService.address).', inUse: () => false },
  { path: 'proxy.envoyMetricsService.tcpKeepalive', to: 'meshConfig.defaultConfig.envoyMetricsService.tcpKeepalive' },
  { path: 'proxy.envoyMetricsService.tlsSettings', to: 'meshConfig.defaultConfig.envoyMetricsService.tlsSettings' },
  // Proxy: injection
  { path: 'proxy.injection.alwaysInjectSelector', to: 'sidecarInjectorWebhook.alwaysInjectSelector' },
  { path: 'proxy.injection.neverInjectSelector', to: 'sidecarInjectorWebhook.neverInjectSelector' },
  { path: 'proxy.injection.injectedAnnotations', to: 'sidecarInjectorWebhook.injectedAnnotations' },
  { path: 'proxy.injection.autoInject', to: 'global.proxy.autoInject', convert: onOff },
  // Proxy: logging
  { path: 'proxy.logging.componentLevels', to: 'global.proxy.componentLogLevel', convert: componentLevels },
  { path: 'proxy.logging.level', to: 'global.proxy.logLevel' },
  // Proxy: networking
  { path: 'proxy.networking.clusterDomain', to: 'global.proxy.clusterDomain' },
  { path: 'proxy.networking.connectionTimeout', to: 'meshConfig.connectTimeout' },
  { path: 'proxy.networking.dns.refreshRate', to: 'meshConfig.dnsRefreshRate' },
  { path: 'proxy.networking.dns.searchSuffixes', to: 'global.podDNSSearchNamespaces' },
  {
    path: 'proxy.networking.initialization.type', nothing: 'OSSM 3 redirects traffic with the Istio CNI node agent (the IstioCNI written here).',
    lost: 'OSSM 3 on OpenShift redirects traffic with the Istio CNI node agent only; an init container is not supported.', inUse: (v) => v !== 'CNI',
  },
  { path: 'proxy.networking.initialization.initContainer.runtime.env', lost: 'The init container\'s environment is not configurable in OSSM 3.' },
  { path: 'proxy.networking.initialization.initContainer.runtime.imageName', decide: imageDecision('global.proxy_init.image') },
  { path: 'proxy.networking.initialization.initContainer.runtime.imagePullPolicy', to: 'global.imagePullPolicy' },
  { path: 'proxy.networking.initialization.initContainer.runtime.imagePullSecrets', to: 'global.imagePullSecrets', convert: secretNames },
  { path: 'proxy.networking.initialization.initContainer.runtime.imageRegistry', decide: imageDecision('global.hub') },
  { path: 'proxy.networking.initialization.initContainer.runtime.imageTag', decide: imageDecision('global.tag') },
  { path: 'proxy.networking.initialization.initContainer.runtime.resources', to: 'global.proxy_init.resources' },
  { path: 'proxy.networking.maxConnectionAge', to: 'pilot.keepaliveMaxServerConnectionAge' },
  // 2.6 turned these into istiod's PILOT_ENABLE_PROTOCOL_SNIFFING_FOR_* (Istio's pilot/pkg/features, still read by istiod)
  { path: 'proxy.networking.protocol.autoDetect.inbound', to: 'pilot.env.PILOT_ENABLE_PROTOCOL_SNIFFING_FOR_INBOUND', convert: boolText },
  { path: 'proxy.networking.protocol.autoDetect.outbound', to: 'pilot.env.PILOT_ENABLE_PROTOCOL_SNIFFING_FOR_OUTBOUND', convert: boolText },
  { path: 'proxy.networking.protocol.autoDetect.timeout', to: 'meshConfig.protocolDetectionTimeout' },
  { path: 'proxy.networking.trafficControl.inbound.excludedPorts', to: 'global.proxy.excludeInboundPorts', convert: csv },
  { path: 'proxy.networking.trafficControl.inbound.includedPorts', to: 'global.proxy.includeInboundPorts', convert: csv },
  { path: 'proxy.networking.trafficControl.inbound.interceptionMode', to: 'meshConfig.defaultConfig.interceptionMode' },
  { path: 'proxy.networking.trafficControl.outbound.excludedIPRanges', to: 'global.proxy.excludeIPRanges', convert: csv },
  { path: 'proxy.networking.trafficControl.outbound.excludedPorts', to: 'global.proxy.excludeOutboundPorts', convert: csv },
  { path: 'proxy.networking.trafficControl.outbound.includedIPRanges', to: 'global.proxy.includeIPRanges', convert: csv },
  { path: 'proxy.networking.trafficControl.outbound.policy', to: 'meshConfig.outboundTrafficPolicy.mode' },
  // Proxy: runtime
  { path: 'proxy.runtime.container.env', to: 'meshConfig.defaultConfig.proxyMetadata' },
  { path: 'proxy.runtime.container.imageName', decide: imageDecision('global.proxy.image') },
  { path: 'proxy.runtime.container.imagePullPolicy', to: 'global.imagePullPolicy' },
  { path: 'proxy.runtime.container.imagePullSecrets', to: 'global.imagePullSecrets', convert: secretNames },
  { path: 'proxy.runtime.container.imageRegistry', decide: imageDecision('global.hub') },
  { path: 'proxy.runtime.container.imageTag', decide: imageDecision('global.tag') },
  { path: 'proxy.runtime.container.resources', to: 'global.proxy.resources' },
  { path: 'proxy.runtime.readiness.failureThreshold', to: 'global.proxy.readinessFailureThreshold' },
  { path: 'proxy.runtime.readiness.initialDelaySeconds', to: 'global.proxy.readinessInitialDelaySeconds' },
  { path: 'proxy.runtime.readiness.periodSeconds', to: 'global.proxy.readinessPeriodSeconds' },
  { path: 'proxy.runtime.readiness.rewriteApplicationProbes', to: 'sidecarInjectorWebhook.rewriteAppHTTPProbe' },
  { path: 'proxy.runtime.readiness.statusPort', to: 'global.proxy.statusPort' },

  // Runtime: istiod (the pilot component); the other components do not exist in OSSM 3
  { path: `${PILOT}.container.env`, to: 'pilot.env' },
  { path: `${PILOT}.container.imageName`, decide: imageDecision('pilot.image') },
  { path: `${PILOT}.container.imagePullPolicy`, to: 'global.imagePullPolicy' },
  { path: `${PILOT}.container.imagePullSecrets`, to: 'global.imagePullSecrets', convert: secretNames },
  { path: `${PILOT}.container.imageRegistry`, decide: imageDecision('global.hub') },
  { path: `${PILOT}.container.imageTag`, decide: imageDecision('pilot.tag') },
  { path: `${PILOT}.container.resources`, to: 'pilot.resources' },
  { path: `${PILOT}.deployment.autoScaling.enabled`, to: 'pilot.autoscaleEnabled' },
  { path: `${PILOT}.deployment.autoScaling.maxReplicas`, to: 'pilot.autoscaleMax' },
  { path: `${PILOT}.deployment.autoScaling.minReplicas`, to: 'pilot.autoscaleMin' },
  { path: `${PILOT}.deployment.autoScaling.targetCPUUtilizationPercentage`, to: 'pilot.cpu.targetAverageUtilization' },
  { path: `${PILOT}.deployment.replicas`, to: 'pilot.replicaCount' },
  { path: `${PILOT}.deployment.strategy.rollingUpdate.maxSurge`, to: 'pilot.rollingMaxSurge' },
  { path: `${PILOT}.deployment.strategy.rollingUpdate.maxUnavailable`, to: 'pilot.rollingMaxUnavailable' },
  { path: `${PILOT}.deployment.strategy.type`, lost: 'istiod\'s update strategy type is not configurable in OSSM 3 (rolling updates).' },
  { path: `${PILOT}.pod.affinity`, to: 'pilot.affinity' },
  { path: `${PILOT}.pod.metadata.annotations`, to: 'pilot.podAnnotations' },
  { path: `${PILOT}.pod.metadata.labels`, to: 'pilot.podLabels' },
  { path: `${PILOT}.pod.nodeSelector`, to: 'pilot.nodeSelector' },
  { path: `${PILOT}.pod.priorityClassName`, lost: 'The Istio resource has no priority class for istiod alone: global.priorityClassName sets one for every component.' },
  { path: `${PILOT}.pod.tolerations`, to: 'pilot.tolerations' },
  { path: 'runtime.components.*', lost: 'OSSM 3 runs no such component (the addons and gateways are installed apart): configure it where it is installed now.' },
  { path: 'runtime.defaults.container.imagePullPolicy', to: 'global.imagePullPolicy' },
  { path: 'runtime.defaults.container.imagePullSecrets', to: 'global.imagePullSecrets', convert: secretNames },
  { path: 'runtime.defaults.container.imageRegistry', decide: imageDecision('global.hub') },
  { path: 'runtime.defaults.container.imageTag', decide: imageDecision('global.tag') },
  { path: 'runtime.defaults.container.resources', to: 'global.defaultResources' },
  { path: 'runtime.defaults.deployment.podDisruption.enabled', to: 'global.defaultPodDisruptionBudget.enabled' },
  { path: 'runtime.defaults.deployment.podDisruption.maxUnavailable', lost: 'The Istio resource sets no PodDisruptionBudget bounds (only global.defaultPodDisruptionBudget.enabled).' },
  { path: 'runtime.defaults.deployment.podDisruption.minAvailable', lost: 'The Istio resource sets no PodDisruptionBudget bounds (only global.defaultPodDisruptionBudget.enabled).' },
  { path: 'runtime.defaults.pod.nodeSelector', to: 'global.defaultNodeSelector' },
  { path: 'runtime.defaults.pod.priorityClassName', to: 'global.priorityClassName' },
  { path: 'runtime.defaults.pod.tolerations', to: 'global.defaultTolerations' },

  // Security
  {
    path: 'security.certificateAuthority.type', nothing: 'istiod is OSSM 3\'s certificate authority too.',
    lost: 'Another certificate authority is set up apart in OSSM 3 (cert-manager with istio-csr: sail-operator docs/ossm/ossm2-migration/cert-manager).',
    inUse: (v) => v !== 'Istiod',
  },
  // Disputed: Red Hat's mapping table says meshConfig.ca.address, its cert-manager page global.caAddress. The proxies'
  // CSRs go to global.caAddress (istio-csr's address, as sail-operator docs/ossm/ossm2-migration/cert-manager and
  // Istio's istio-csr guide set it); meshConfig.ca configures an external CA that istiod itself talks to.
  { path: 'security.certificateAuthority.cert-manager.address', to: 'global.caAddress' },
  { path: 'security.certificateAuthority.cert-manager.pilotSecretName', lost: 'Not configurable in OSSM 3 (cert-manager with istio-csr names its own Secret).' },
  { path: 'security.certificateAuthority.cert-manager.rootCAConfigMapName', lost: 'Not configurable in OSSM 3 (cert-manager with istio-csr names its own ConfigMap).' },
  { path: 'security.certificateAuthority.custom.address', to: 'global.caAddress' },
  {
    path: 'security.certificateAuthority.istiod.type', nothing: 'istiod signs with a self-signed root by default in OSSM 3 too.',
    lost: 'A root from a folder (PrivateKey) is not configurable: put the CA into the cacerts Secret of the control-plane namespace (Istio\'s plug-in CA).', inUse: (v) => v !== 'SelfSigned',
  },
  { path: 'security.certificateAuthority.istiod.privateKey', lost: 'Not configurable: put the CA into the cacerts Secret of the control-plane namespace (Istio\'s plug-in CA).' },
  { path: 'security.certificateAuthority.istiod.selfSigned', lost: 'The self-signed root\'s lifetime and rotation are not configurable in OSSM 3.' },
  { path: 'security.certificateAuthority.istiod.workloadCertTTLDefault', lost: 'Not configurable in the Istio resource (set the DEFAULT_WORKLOAD_CERT_TTL environment of istiod in pilot.env if you must).' },
  { path: 'security.certificateAuthority.istiod.workloadCertTTLMax', lost: 'Not configurable in the Istio resource (set the MAX_WORKLOAD_CERT_TTL environment of istiod in pilot.env if you must).' },
  { path: 'security.controlPlane.certProvider', to: 'global.pilotCertProvider', convert: lowerCase },
  { path: 'security.controlPlane.mtls', nothing: 'proxies always reach istiod over mTLS in OSSM 3.', inUse: () => false },
  // Disputed: 2.6 applied these to the mesh's own mTLS; OSSM 3 splits meshMTLS (ISTIO_MUTUAL traffic, which "does not
  // respect ECDH curves") from tlsDefaults ("all traffic except ISTIO_MUTUAL", the Istio CRD's descriptions). The
  // minimum version and the ciphers go to meshMTLS, where the mesh's traffic is; the curves, which meshMTLS ignores,
  // to tlsDefaults, in Envoy's names (2.6 took Go's: CurveP256 is Envoy's P-256).
  { path: 'security.controlPlane.tls.cipherSuites', to: 'meshConfig.meshMTLS.cipherSuites' },
  { path: 'security.controlPlane.tls.ecdhCurves', to: 'meshConfig.tlsDefaults.ecdhCurves', convert: envoyCurves },
  { path: 'security.controlPlane.tls.maxProtocolVersion', lost: 'OSSM 3 sets no maximum TLS version.' },
  { path: 'security.controlPlane.tls.minProtocolVersion', to: 'meshConfig.meshMTLS.minProtocolVersion', convert: upperCase },
  { path: 'security.dataPlane.automtls', to: 'meshConfig.enableAutoMtls' },
  { path: 'security.dataPlane.mtls', handledBy: `a PeerAuthentication "${MIGRATED_MTLS_POLICY_NAME}" with mtls STRICT in the control-plane namespace (the mesh-wide policy; 2.6's "default" belongs to the SMCP)`, inUse: enabled },
  { path: 'security.identity.thirdParty.audience', to: 'global.sds.token.aud' },
  { path: 'security.identity.thirdParty.issuer', lost: 'Not configurable in OSSM 3.' },
  {
    path: 'security.identity.type', nothing: 'OSSM 3 always uses projected (third-party) service account tokens, which every supported OpenShift provides; nothing to set.',
    inUse: () => false,
  },
  { path: 'security.jwksResolverCA', to: 'pilot.jwksResolverExtraRootCA' },
  {
    path: 'security.manageNetworkPolicy', nothing: 'OSSM 3 manages no NetworkPolicies either.',
    lost: 'OSSM 3 creates no NetworkPolicies: recreate the ones OSSM 2.6 made yourself (Red Hat\'s checklist: set this false before migrating).', inUse: (v) => v !== false,
  },
  { path: 'security.trust.additionalDomains', to: 'meshConfig.trustDomainAliases' },
  { path: 'security.trust.domain', to: 'meshConfig.trustDomain' },

  // Tech preview, telemetry, tracing, version
  { path: 'techPreview', lost: 'Tech preview settings of OSSM 2 have no OSSM 3 form.' },
  {
    path: 'telemetry.type', nothing: 'istiod\'s telemetry is the only one of OSSM 3.',
    lost: 'OSSM 3 always has istiod\'s telemetry; turn it off with Telemetry resources instead.', inUse: (v) => v !== 'Istiod',
  },
  { path: 'telemetry.mixer', lost: MIXER_GONE },
  { path: 'telemetry.remote', lost: 'Replaced by meshConfig.extensionProviders and Telemetry resources.' },
  {
    path: 'tracing.type', nothing: 'no tracing, as in OSSM 3 without a tracing provider.',
    lost: 'OSSM 3 installs no Jaeger: trace to Tempo through OpenTelemetry (meshConfig.extensionProviders and a Telemetry resource; Red Hat: "Configuring Red Hat OpenShift distributed tracing").',
    inUse: (v) => v !== 'None',
  },
  { path: 'tracing.sampling', to: 'pilot.traceSampling', convert: percentOf10000 },
  { path: 'version', handledBy: 'the Istio\'s spec.version (OSSM 3 runs its own Istio versions)' },
];

const matches = (rule: SmcpFieldRule, path: readonly string[], exact: boolean) => {
  const parts = rule.path.split('.');
  return parts.length === path.length && parts.every((p, i) => p === path[i] || (!exact && p === '*'));
};

/**
 * The rule that covers a field (its path: segments under `spec`), or undefined when the walker should descend into it
 * or no rule knows it: a rule naming the field itself wins; else rules below it (the walker descends); else a rule
 * with `*` for one of its keys.
 * @internal
 */
export function ruleAt(path: readonly string[]): SmcpFieldRule | 'descend' | undefined {
  const exact = SMCP_FIELD_RULES.find((rule) => matches(rule, path, true));
  if (exact) return exact;
  const below = SMCP_FIELD_RULES.some((rule) => {
    const parts = rule.path.split('.');
    return parts.length > path.length && path.every((p, i) => parts[i] === p);
  });
  if (below) return 'descend';
  return SMCP_FIELD_RULES.find((rule) => matches(rule, path, false));
}
