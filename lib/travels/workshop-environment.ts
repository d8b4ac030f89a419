import { clusterBaseDomainFromEnv, envChoice, envValue, EnvironmentVariables, invalidSetting } from '../core/environment';
import { OssmVersion } from '../core/mesh-control-plane';
import { DataPlaneMode } from '../core/data-plane';
import { RoutingApi } from '../core/routing-api';
import { MaistraControlPlaneProps, TracingType } from '../mesh/control-plane';
import { MeshOperatorsOptions } from '../mesh/mesh-base-chart';
import { MeshTracing } from '../observability/mesh-tracing';
import { UpdateStrategy } from '../ossm3/update-strategy';
import { TravelsWorkshopOptions } from './workshop';

/** A Kiali operator version as OLM names its CSVs (`kiali-operator.v<version>`), with or without its `v`. */
const KIALI_VERSION = /^v?[0-9]+\.[0-9]+\.[0-9]+$/;

/**
 * The workshop's settings from the environment, for `npm run synth` (main.ts): what a user on a current cluster must
 * be able to change without editing code. Unset variables keep the workshop's choices.
 *
 * - `CLUSTER_BASE_DOMAIN` (required): the cluster's base domain, for the control ingress host.
 * - `OSSM_VERSION=3|2.6` (default `3`): OpenShift Service Mesh 3 (Istio, IstioCNI, discovery selectors, Kiali, an
 *   ingress gateway of its own) or the seed's OSSM 2.6 (ServiceMeshControlPlane), from the same settings. OSSM 2.6
 *   reached end of life on 2026-06-30: its output carries a synth warning pointing to OSSM 3 and `cdk8s-ossm migrate`.
 * - `MESH_TRACING=tempo|jaeger|none` (default `tempo` on OSSM 3, the Red Hat builds of Tempo and OpenTelemetry, as the
 *   seed traces 100 %; `jaeger`, the workshop's, on OSSM 2.6): the Jaeger operator left the Red Hat catalog in November
 *   2025, so a current 2.6 cluster needs `none` (no Jaeger Subscription, `tracing.type: None`); on OSSM 3 `none` writes
 *   none of the tracing.
 * - `MESH_USER_WORKLOAD_MONITORING=true|false` (default `false`; OSSM 3): write the cluster's
 *   `cluster-monitoring-config` with `enableUserWorkload: true` (replacing its other settings), instead of a synth
 *   warning that tells the cluster admin to switch it on.
 * - `MESH_UPDATE_STRATEGY=InPlace|RevisionBased` (default `InPlace`; OSSM 3): how the `Istio` rolls out a new
 *   version; RevisionBased adds the `IstioRevisionTag` `default`.
 * - `MESH_IOR=true|false` (default `true`, the workshop's): Istio OpenShift Routing, deprecated and off by default
 *   since OSSM 2.5; with `false` the workshop emits its own Route for the control host.
 * - `KIALI_VERSION=<x.y.z>|channel` (default `1.89.8`, the workshop's pin, for OSSM 2.6; the channel head for OSSM 3,
 *   which refuses a 1.x pin; `v1.89.8` works too): a pin subscribes with a starting CSV and Manual approval, which a
 *   catalog without that CSV cannot resolve; `channel` follows the channel head.
 * - `MESH_ROUTING_API=istio|gateway-api` (default `istio` with sidecars, `gateway-api` with `MESH_DATAPLANE=ambient`):
 *   with `gateway-api` (OSSM 3 only) the traffic steps are Gateway API HTTPRoutes with per-version Services, and the
 *   fault-injection step is not written.
 * - `MESH_DATAPLANE=sidecar|ambient` (default `sidecar`): with `ambient` (OSSM 3 only) the mesh runs in ambient mode
 *   (ZTunnel, waypoints, namespaces labelled `istio.io/dataplane-mode: ambient`) and routes by Gateway API, so
 *   `MESH_ROUTING_API=istio` is refused with it.
 * - `MYSQL_SECRET_NAME=<name>` (default: none, the demo Secret with the demo password): an existing Secret with the
 *   key `rootpasswd` in the agency's namespace, used instead of the demo credentials.
 *
 * Every bad value is reported at once, each naming the variable, the value and what is allowed.
 */
export function travelsWorkshopOptionsFromEnv(env: EnvironmentVariables): TravelsWorkshopOptions {
  const errors: string[] = [];
  const clusterBaseDomain = readSetting(errors, () => clusterBaseDomainFromEnv(env));
  const settings = travelsWorkshopSettingsFromEnv(env, errors);
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return { clusterBaseDomain: clusterBaseDomain!, ...settings };
}

/**
 * The workshop's settings from the environment but the base domain (which a fleet gives per cluster): every bad
 * value's message is added to `errors`, and its setting left out.
 * @internal
 */
export function travelsWorkshopSettingsFromEnv(env: EnvironmentVariables, errors: string[]): Omit<TravelsWorkshopOptions, 'clusterBaseDomain'> {
  const read = <T>(parse: () => T): T | undefined => readSetting(errors, parse);
  // (JavaScript lists the key '3' first)
  const ossmVersion = read(() => envChoice(env, 'OSSM_VERSION', {
    '3': 'OpenShift Service Mesh 3: the Sail operator, Istio 1.30; the default',
    '2.6': 'OpenShift Service Mesh 2.6, the workshop\'s, past its end of life (2026-06-30)',
  }));
  const tracing = read(() => envChoice(env, 'MESH_TRACING', {
    jaeger: 'the workshop\'s Jaeger on OSSM 2.6, whose operator left the Red Hat catalog in November 2025; Tempo on OSSM 3',
    tempo: 'the Red Hat builds of Tempo and OpenTelemetry, OSSM 3 only',
    none: 'no tracing',
  }));
  const userWorkloadMonitoring = read(() => envChoice(env, 'MESH_USER_WORKLOAD_MONITORING', {
    true: 'write openshift-monitoring/cluster-monitoring-config with enableUserWorkload: true, replacing its other settings (OSSM 3)',
    false: 'leave it to the cluster admin, as a synth warning says',
  }));
  const updateStrategy = read(() => envChoice(env, 'MESH_UPDATE_STRATEGY', {
    InPlace: 'upgrade the one revision in place (OSSM 3)',
    RevisionBased: 'a revision per version, with the IstioRevisionTag default (OSSM 3)',
  }));
  const ior = read(() => envChoice(env, 'MESH_IOR', {
    true: 'Istio OpenShift Routing makes the Routes, as in the workshop',
    false: 'no IOR; the workshop emits its own Route',
  }));
  if (ossmVersion === '2.6') {
    // the OSSM 3-only switches, named by their variable (MeshBaseChart would name its props)
    for (const [name, value, set] of [['MESH_TRACING', tracing, tracing === 'tempo'], ['MESH_USER_WORKLOAD_MONITORING', userWorkloadMonitoring, userWorkloadMonitoring !== undefined],
      ['MESH_UPDATE_STRATEGY', updateStrategy, updateStrategy !== undefined]] as const) {
      if (set) errors.push(invalidSetting(name, value!, 'Allowed with OSSM_VERSION=2.6: unset — this switch is for OSSM_VERSION=3 (OSSM 2.6 traces with Jaeger or not at all, and its control plane brings its own Prometheus and updates).').message);
    }
  }
  const routingApi = read(() => envChoice(env, 'MESH_ROUTING_API', {
    'istio': 'VirtualServices and DestinationRules, the default',
    'gateway-api': 'Gateway API HTTPRoutes with per-version Services (OSSM 3 only)',
  }));
  // OSSM 3 is the default platform: only an explicit OSSM_VERSION=2.6 rules Gateway API routing out
  const gatewayApi = routingApi === 'gateway-api' && ossmVersion !== '2.6';
  if (routingApi === 'gateway-api' && ossmVersion === '2.6') {
    errors.push(invalidSetting('MESH_ROUTING_API', routingApi, 'Allowed: gateway-api only with OSSM 3 (OSSM 2.6 routes by VirtualServices); '
      + 'leave OSSM_VERSION unset or set it to 3, or leave MESH_ROUTING_API unset.').message);
  }
  const dataPlane = read(() => envChoice(env, 'MESH_DATAPLANE', {
    sidecar: 'an Envoy sidecar in every pod, the default',
    ambient: 'ambient mode: ztunnel and waypoints, routing by Gateway API (OSSM 3 only)',
  }));
  const ambient = dataPlane === 'ambient' && ossmVersion !== '2.6' && routingApi !== 'istio';
  if (dataPlane === 'ambient' && ossmVersion === '2.6') {
    errors.push(invalidSetting('MESH_DATAPLANE', dataPlane, 'Allowed: ambient only with OSSM 3 (OSSM 2.6 has sidecars only); '
      + 'leave OSSM_VERSION unset or set it to 3, or leave MESH_DATAPLANE unset.').message);
  } else if (dataPlane === 'ambient' && routingApi === 'istio') {
    errors.push(invalidSetting('MESH_DATAPLANE', dataPlane, 'Allowed: ambient only with MESH_ROUTING_API=gateway-api or unset (ambient routes by Gateway API); '
      + 'leave MESH_ROUTING_API unset, or set MESH_DATAPLANE=sidecar for VirtualServices.').message);
  }
  const kiali = read(() => kialiVersionFromEnv(env));
  const mysqlSecret = envValue(env, 'MYSQL_SECRET_NAME'); // its form is checked by the apps chart

  const controlPlane: MaistraControlPlaneProps = {
    ...((tracing === 'none' || tracing === 'jaeger') && { tracing: tracing === 'none' ? TracingType.NONE : TracingType.JAEGER }),
    ...(ior && { openshiftRoute: ior === 'true' }),
  };
  // `kialiVersion: undefined` (channel head) differs from no `kialiVersion` (the workshop's pin).
  const operators: MeshOperatorsOptions | undefined = kiali === undefined ? undefined : { kialiVersion: kiali === 'channel' ? undefined : kiali };
  return {
    ...(ossmVersion && { ossmVersion: ossmVersion === '3' ? OssmVersion.V3 : OssmVersion.V2_6 }),
    controlPlane,
    operators,
    // OSSM 3 settings: given only when set, so that OSSM 2.6 (which refuses them) is unaffected by their absence
    ...((tracing === 'tempo' || userWorkloadMonitoring) && {
      observability: {
        ...(tracing === 'tempo' && { tracing: MeshTracing.TEMPO }),
        ...(userWorkloadMonitoring && { userWorkloadMonitoring: userWorkloadMonitoring === 'true' }),
      },
    }),
    ...((gatewayApi || ambient || updateStrategy) && {
      ossm3: {
        ...(gatewayApi && { routingApi: RoutingApi.GATEWAY_API }),
        ...(ambient && { dataPlane: DataPlaneMode.AMBIENT }),
        ...(updateStrategy && { updateStrategy: updateStrategy === 'RevisionBased' ? UpdateStrategy.REVISION_BASED : UpdateStrategy.IN_PLACE }),
      },
    }),
    ...(mysqlSecret && { apps: { mysql: { existingSecretName: mysqlSecret } } }),
  };
}

/** What `parse` returns; its error's message goes to `errors` instead. @internal */
export function readSetting<T>(errors: string[], parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    errors.push((error as Error).message);
    return undefined;
  }
}

function kialiVersionFromEnv(env: EnvironmentVariables): string | undefined {
  const value = envValue(env, 'KIALI_VERSION');
  if (value === undefined || value === 'channel' || KIALI_VERSION.test(value)) return value;
  throw invalidSetting('KIALI_VERSION', value, 'Allowed: a Kiali operator version x.y.z (or vx.y.z) to pin (the workshop pins 1.89.8; '
    + 'the Subscription then needs a Manual InstallPlan approval), or channel (the channel head, upgraded automatically).');
}
