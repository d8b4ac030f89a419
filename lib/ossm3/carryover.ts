import { IConstruct } from 'constructs';
import { DataPlaneMode } from '../core/data-plane';
import { addSynthWarning } from '../core/synth-warnings';
import { requireObject } from '../core/validation';
import { MaistraControlPlaneSettings, TracingType } from '../mesh/control-plane';
import { Ossm3Options, SailControlPlaneProps } from './control-plane';

/**
 * The OSSM 3 control plane of a mesh described as an OSSM 2.6 `ServiceMeshControlPlane` (the workshop's model):
 * what OSSM 3 has is carried over — namespace, access log, data-plane mTLS (as a mesh-wide PeerAuthentication), the
 * trace sampling (for a tracing provider given in `ossm3`; `tracedBy` names the backend that replaces Jaeger) — and every setting in effect that OSSM 3 has no counterpart for is named in a synth warning on `scope`,
 * with what to do instead. Kiali (`settings.kiali`) is the caller's: OSSM 3 installs it with a `Kiali` resource.
 * The mapping follows Red Hat's "ServiceMeshControlPlane resource to Istio resource fields mapping" (sail-operator
 * docs/ossm/ossm2-migration/smcp-fields-migration/).
 * @internal
 */
export function ossm3Carryover(scope: IConstruct, settings: MaistraControlPlaneSettings, ossm3: Ossm3Options, tracedBy?: string): Omit<SailControlPlaneProps, 'members'> {
  const lost = (setting: string, instead: string) => addSynthWarning(scope, `controlPlane.${setting} has no OSSM 3 counterpart and is not carried over: ${instead}`);
  if (settings.grafana) {
    lost('grafana (the Grafana addon)', 'OSSM 3 installs no Grafana; use a Grafana of your own on OpenShift monitoring. Set grafana: false to silence this.');
  }
  if (settings.openshiftRoute) {
    const ingress = ossm3.dataPlane === DataPlaneMode.AMBIENT ? 'GatewayApiIngress (the control ingress of the apps chart in ambient mode)' : 'MeshIngress (the control ingress of the apps chart)';
    lost('openshiftRoute (IOR)', `OSSM 3 has no IOR, so Routes are explicit: ${ingress} emits one per host. Set openshiftRoute: false to silence this.`);
  }
  // with `tracedBy` (e.g. the Tempo of MeshObservability), the workshop's tracing is carried over: nothing lost
  if (settings.tracing === TracingType.JAEGER && tracedBy === undefined) {
    lost('tracing (Jaeger)', `OSSM 3 installs no Jaeger; ${ossm3.tracing ? 'traces go to ossm3.tracing' : 'no tracing unless ossm3.tracing names an OpenTelemetry or Zipkin collector (Tempo)'}. `
      + 'Set tracing: TracingType.NONE to silence this.');
  }
  if (settings.prometheus) {
    lost('prometheus (the Prometheus addon)', 'Kiali reads OpenShift user-workload monitoring (the Thanos querier) instead, which must be enabled and '
      + 'needs the ServiceMonitor for istiod and a PodMonitor per mesh namespace (Red Hat: "Configuring OpenShift Monitoring with Service Mesh"); '
      + 'MeshBaseChart writes those unless observability.metrics is false.');
  }
  for (const [setting, value] of [['policyType', settings.policyType], ['telemetryType', settings.telemetryType]] as const) {
    if (value !== 'Istiod') lost(`${setting} (${value})`, 'istiod is the only policy and telemetry of OSSM 3; turn telemetry off with Telemetry resources instead.');
  }
  if (settings.profiles.length !== 1 || settings.profiles[0] !== 'default') {
    lost(`profiles (${settings.profiles.join(', ')})`, 'SMCP profiles do not exist in OSSM 3; set what they held on the Istio resource (spec.values).');
  }
  return {
    ...ossm3,
    namespace: settings.namespace,
    accessLogging: settings.accessLogFile !== undefined,
    accessLogFile: settings.accessLogFile,
    // spec.security.dataPlane.mtls becomes a mesh-wide PeerAuthentication in the root namespace
    dataPlaneMtls: settings.dataPlaneMtls,
    // the SMCP samples in units of 0.01 %; a provider's own percentage wins
    tracing: ossm3.tracing === undefined ? undefined : {
      ...requireObject(scope, 'ossm3.tracing', ossm3.tracing),
      samplingPercentage: ossm3.tracing.samplingPercentage ?? settings.tracingSampling / 100,
    },
  };
}
