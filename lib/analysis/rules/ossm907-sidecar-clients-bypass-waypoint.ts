import { API_GROUP } from '../../core/api-groups';
import { DATAPLANE_MODE_LABEL } from '../../core/data-plane';
import { ISTIO_INJECTION_LABEL, ISTIO_REVISION_LABEL, SIDECAR_INJECT_LABEL } from '../../core/mesh-conventions';
import { isAmbientNamespace, usesL7Attributes, waypointOfService } from '../ambient';
import { AnalysisContext, ObjectRef, PodTemplate } from '../context';
import { arr, rec, str } from '../kube';
import { Rule } from '../rule';


/** Whether the pods of a template get a sidecar: asked for by the pod or by its (non-ambient) namespace, not refused. */
function injected(ctx: AnalysisContext, t: PodTemplate): boolean {
  const pod = t.labels[SIDECAR_INJECT_LABEL] ?? t.annotations[SIDECAR_INJECT_LABEL];
  if (pod === 'false' || t.labels[DATAPLANE_MODE_LABEL] !== undefined || isAmbientNamespace(ctx, t.namespace)) return false;
  if (pod === 'true' || t.labels[ISTIO_REVISION_LABEL] !== undefined) return true;
  const ns = ctx.namespaceObject(t.namespace)?.labels ?? {};
  return ns[ISTIO_INJECTION_LABEL] === 'enabled' || ns[ISTIO_REVISION_LABEL] !== undefined;
}

/** The Services of an ambient namespace that a waypoint serves, named by a route's parentRefs or a policy's targetRefs. */
function waypointServices(ctx: AnalysisContext, object: ObjectRef, refs: readonly unknown[]): string[] {
  return refs.map(rec).flatMap((ref) => {
    if (!ref || str(ref.kind) !== 'Service' || (ref.group !== undefined && ref.group !== '')) return [];
    const namespace = str(ref.namespace) ?? object.namespace;
    const name = str(ref.name) ?? '';
    return isAmbientNamespace(ctx, namespace) && waypointOfService(ctx, namespace, name) ? [`${namespace}/${name}`] : [];
  });
}

/**
 * OSSM907 (warning): the set runs sidecar-injected workloads next to L7 configuration that a waypoint applies in an
 * ambient namespace — an HTTPRoute or GRPCRoute whose parent is a waypoint-served Service, or an AuthorizationPolicy
 * with L7 rules attached to one by `targetRefs`. A sidecar client routes and is authorized by its own sidecar and sends
 * straight to the destination, skipping the waypoint (istio/istio#51445): for requests from those workloads this
 * routing is not taken and these L7 rules are not enforced (the workshop's and Bookinfo's own steps are all ambient or
 * all sidecar, so they never raise it).
 */
export const sidecarClientsBypassWaypoint: Rule = {
  code: 'OSSM907',
  severity: 'warning',
  title: 'Sidecar-injected workloads next to waypoint-applied routing or L7 policy, which their requests skip',
  reference: '— (istio/istio#51445)',
  fix: 'Move the client workloads to ambient mode (label their namespace istio.io/dataplane-mode=ambient, drop the injection labels), or keep the routing and policies where their sidecars apply them (VirtualService, selector policies).',
  check(ctx, report) {
    const clients = ctx.podTemplates.filter((t) => t.longRunning && injected(ctx, t));
    if (clients.length === 0) return;
    const named = clients.slice(0, 3).map((t) => `${t.namespace}/${t.owner.name}`).join(', ') + (clients.length > 3 ? ` and ${clients.length - 3} more` : '');
    for (const route of [...ctx.ofKind(API_GROUP.GATEWAY_API, 'HTTPRoute'), ...ctx.ofKind(API_GROUP.GATEWAY_API, 'GRPCRoute')]) {
      const services = waypointServices(ctx, route, arr(route.spec.parentRefs));
      if (services.length === 0) continue;
      report(route, `routes ${services.join(', ')} at a waypoint, and sidecar-injected workloads of the set (${named}) skip waypoints: their requests are not routed by it`);
    }
    for (const policy of ctx.ofKind(API_GROUP.ISTIO_SECURITY, 'AuthorizationPolicy')) {
      if (!usesL7Attributes(policy)) continue;
      const services = waypointServices(ctx, policy, [...arr(policy.spec.targetRefs), ...(policy.spec.targetRef === undefined ? [] : [policy.spec.targetRef])]);
      if (services.length === 0) continue;
      report(policy, `has L7 rules enforced at the waypoint of ${services.join(', ')}, and sidecar-injected workloads of the set (${named}) skip waypoints: `
        + 'these rules are not enforced on their requests');
    }
  },
};
