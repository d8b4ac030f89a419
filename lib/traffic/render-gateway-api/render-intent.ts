// The routing intent (lib/traffic/intent) rendered as Gateway API HTTPRoute rules: checked by the Istio renderer
// first (every value, rule reachability, versions), then translated by convertHttpRules; whatever Gateway API v1.2.1
// cannot express is refused with a ValidationError naming the intent field. Used by GatewayApiRouting (the mesh) and
// GatewayApiIngress (a Gateway).
import { Construct } from 'constructs';
import type * as gwapi121 from '../../../imports/gwapi121-gateway.networking.k8s.io';
import { lazyModule } from '../../core/lazy-module';
import { serviceFqdn } from '../../core/mesh-conventions';
import { invalidInput } from '../../core/validation';
import { IMeshService } from '../../workload/mesh-service';
import { HttpRoute } from '../intent/routing';
import { RouteRenderer } from '../render/routes';
import { ConversionOutcome, ConvertedHttpRules, convertHttpRules, ServiceName, VersionService } from './convert-http';

/** Gateway API v1.2.1's generated types (400 kB of code), loaded when the first route or Gateway is made. @internal */
export const gatewayApi = lazyModule(() => require('../../../imports/gwapi121-gateway.networking.k8s.io') as typeof gwapi121);

/**
 * Renders HTTP rules of `service` for an HTTPRoute in the service's namespace. `props` is what `http` came from (for
 * the value in messages); version checks are added to `scope`'s validation.
 * @internal
 */
export function renderGatewayApiRules(scope: Construct, service: IMeshService, http: readonly HttpRoute[], props: object): ConvertedHttpRules {
  const renderer = new RouteRenderer(scope, service);
  const istioRules = renderer.http(http);
  if (istioRules.length === 0) throw invalidInput(scope, 'http', http, 'Allowed: at least one HTTP rule.');
  const services = intentServices(service, http);
  const converted = convertHttpRules(istioRules, {
    namespace: service.namespace,
    resolveHost: (host) => {
      const s = services.get(host);
      return s && { name: s.name, namespace: s.namespace };
    },
    portOf: (s: ServiceName) => services.get(serviceFqdn(s.name, s.namespace))?.port,
  });
  const refused = converted.notes.find((n) => n.outcome === ConversionOutcome.NOT_CONVERTIBLE);
  if (refused) {
    const field = intentField(refused.field);
    throw invalidInput(scope, field, valueAt(props, field), `Allowed: only what Gateway API v1.2.1 (standard channel) expresses: ${refused.detail}.`);
  }
  scope.node.addValidation({ validate: () => renderer.versionErrors(scope.node.path) });
  return converted;
}

/** The services the rules of `service` name (routes and mirrors), by FQDN, `service` first. @internal */
export function intentServices(service: IMeshService, http: readonly HttpRoute[]): Map<string, IMeshService> {
  const services = new Map<string, IMeshService>([[service.fqdn, service]]);
  for (const rule of http) {
    for (const d of [...rule.route, ...(rule.mirror ? [rule.mirror] : [])]) if (d?.service) services.set(d.service.fqdn, d.service);
  }
  return services;
}

/** The service whose version the per-version Service `v` selects, among `services` ({@link intentServices}). @internal */
export function versionServiceOf(services: ReadonlyMap<string, IMeshService>, v: VersionService): IMeshService | undefined {
  return services.get(serviceFqdn(v.service, v.namespace));
}

/** The intent field of a conversion note's (VirtualService) field: `route[0].destination.host` is `route[0].service`. */
function intentField(field: string): string {
  return field
    .replace(/\.destination\.host$/, '.service')
    .replace(/\.destination\.port$/, '.port')
    .replace(/\.destination\.subset$/, '.version')
    .replace(/\.mirror\.host$/, '.mirror.service')
    .replace(/\.mirror\.subset$/, '.mirror.version')
    .replace(/\.mirrorPercentage$/, '.mirror.percentage');
}

/** The value at a path such as `http[0].match[1].sourceLabels` of the props, for the message. @internal */
export function valueAt(props: object, field: string): unknown {
  let value: unknown = props;
  for (const part of field.split(/\.|(?=\[)/)) {
    const index = /^\[(\d+)\]$/.exec(part);
    if (value === undefined || value === null || typeof value !== 'object') return undefined;
    value = index ? (value as unknown[])[Number(index[1])] : Object.prototype.hasOwnProperty.call(value, part) ? (value as Record<string, unknown>)[part] : undefined;
  }
  return value;
}
