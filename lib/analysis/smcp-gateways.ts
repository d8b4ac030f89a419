import { arr, Json, num, rec, str, stringMap } from './kube';
import { EGRESS_GATEWAY_NAME, INGRESS_GATEWAY_NAME } from '../core/mesh-conventions';

/** Control-plane versions that ran IOR when `gateways.openshiftRoute.enabled` is unset (2.5 turned it off). */
const IOR_BY_DEFAULT = new Set(['v2.0', 'v2.1', 'v2.2', 'v2.3', 'v2.4']);

/**
 * Whether the OSSM 2 operator runs Istio OpenShift Routing (IOR) for a `maistra.io/v2` control plane `spec`: as
 * `gateways.openshiftRoute.enabled` says, else by its version's default (on up to v2.4).
 * @internal
 */
export function smcpRunsIor(spec: Json): boolean {
  const enabled = rec(rec(spec.gateways)?.openshiftRoute)?.enabled;
  return enabled === true || (enabled === undefined && IOR_BY_DEFAULT.has(str(spec.version) ?? ''));
}

/** A gateway the OSSM 2 operator deploys for a `maistra.io/v2` ServiceMeshControlPlane. */
export interface SmcpGateway {
  /** Its name: the Deployment and Service `istio-ingressgateway`, `istio-egressgateway`, or the key of an additional one. */
  readonly name: string;
  /** Its namespace: the gateway's `namespace`, else the control plane's. */
  readonly namespace: string;
  /** Whether it is an ingress gateway (`ingress`, `additionalIngress`). */
  readonly ingress: boolean;
  /** The labels of its pods, which Gateways select: `app: <name>`, `istio: <name without "istio-">`, and its pod labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** Its Service's ports, when the control plane lists them (`service.ports`); empty for the operator's defaults. */
  readonly servicePorts: ReadonlyArray<{ readonly name: string; readonly port: number }>;
}

/**
 * The gateways the OSSM 2 operator deploys for a `maistra.io/v2` control plane `spec` in `namespace`:
 * `istio-ingressgateway` and `istio-egressgateway` unless disabled (both are enabled by default), plus each enabled
 * `additionalIngress`/`additionalEgress` entry, with the labels Istio's gateway charts give them.
 * @internal
 */
export function smcpGateways(spec: Json, namespace: string): SmcpGateway[] {
  const gateways = rec(spec.gateways);
  if (gateways?.enabled === false) return [];
  const out: SmcpGateway[] = [];
  const add = (name: string, config: Json | undefined, ingress: boolean): void => {
    if (config?.enabled === false) return;
    const runtime = rec(config?.runtime);
    out.push({
      name,
      namespace: str(config?.namespace) ?? namespace,
      ingress,
      labels: { app: name, istio: name.replace(/^istio-/, ''), ...stringMap(rec(runtime?.metadata)?.labels), ...stringMap(rec(rec(runtime?.pod)?.metadata)?.labels) },
      servicePorts: arr(rec(config?.service)?.ports).flatMap((p) => {
        const portName = str(rec(p)?.name);
        const port = num(rec(p)?.port);
        return portName !== undefined && port !== undefined ? [{ name: portName, port }] : [];
      }),
    });
  };
  add(INGRESS_GATEWAY_NAME, rec(gateways?.ingress), true);
  add(EGRESS_GATEWAY_NAME, rec(gateways?.egress), false);
  for (const [key, ingress] of [['additionalIngress', true], ['additionalEgress', false]] as const) {
    for (const [name, config] of Object.entries(rec(gateways?.[key]) ?? {})) add(name, rec(config), ingress);
  }
  return out;
}
