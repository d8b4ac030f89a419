/**
 * Ports and protocols as Istio 1.20 reads them: Service ports (name prefix or `appProtocol`), Gateway server ports
 * and ServiceEntry ports (explicit `protocol`).
 */

import { num, rec, str } from './kube';

/** Protocol prefixes of Istio's protocol selection by Service port name (`<protocol>[-<suffix>]`). */
export const PORT_PROTOCOLS: ReadonlySet<string> = new Set([
  'grpc', 'grpc-web', 'http', 'http2', 'https', 'mongo', 'mysql', 'redis', 'tcp', 'tls', 'udp',
]);

/** Kubernetes' standard `appProtocol` values and the Istio protocol each means. */
export const KUBERNETES_APP_PROTOCOLS: Readonly<Record<string, string>> = {
  'kubernetes.io/h2c': 'http2', 'kubernetes.io/ws': 'http', 'kubernetes.io/wss': 'https',
};

/**
 * `appProtocol` values Istio 1.20 understands (`protocol.Parse`, case-insensitive), plus the Kubernetes standard
 * values it maps ({@link KUBERNETES_APP_PROTOCOLS}). Anything else is ignored and the port name decides.
 */
export const APP_PROTOCOLS: ReadonlySet<string> = new Set([
  ...PORT_PROTOCOLS, 'http_proxy', 'hbone', ...Object.keys(KUBERNETES_APP_PROTOCOLS),
]);

/** The protocol a Service port name selects (`http-web` → `http`), or `undefined`. */
export function protocolOfPortName(name: string): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  for (const p of PORT_PROTOCOLS) {
    if ((lower === p || lower.startsWith(`${p}-`)) && (best === undefined || p.length > best.length)) best = p;
  }
  return best;
}

/** Whether a Service port name selects a protocol: `<protocol>` or `<protocol>-<suffix>`. */
export function portNameSelectsProtocol(name: string): boolean {
  return protocolOfPortName(name) !== undefined;
}

/** One port of a Service, ServiceEntry or Gateway server, read defensively. */
export interface PortInfo {
  readonly number?: number;
  /** A Service port's `targetPort` when numeric. */
  readonly targetPort?: number;
  readonly name?: string;
  /** `protocol` as written (a Service's L4 protocol, or a ServiceEntry/Gateway port's application protocol). */
  readonly protocol?: string;
  readonly appProtocol?: string;
}

/** Reads a port object: `number` (ServiceEntry, Gateway) or `port` (Service). */
export function readPort(x: unknown): PortInfo | undefined {
  const p = rec(x);
  if (!p) return undefined;
  const target = p.targetPort;
  return {
    number: num(p.number) ?? num(p.port),
    targetPort: typeof target === 'number' ? target : undefined,
    name: str(p.name),
    protocol: str(p.protocol),
    appProtocol: str(p.appProtocol),
  };
}
