import { API_GROUP } from '../../core/api-groups';
import { arr, rec, str } from '../kube';
import { isAmbientNamespace, usesL7Attributes, waypointOfService } from '../ambient';
import { Rule } from '../rule';


/**
 * OSSM904 (error): L7 configuration in an ambient namespace that no waypoint applies. ztunnel handles only L4: an
 * HTTPRoute (or GRPCRoute) whose parent Service has no waypoint bound (`istio.io/use-waypoint` on the Service or its namespace) is
 * not applied, an AuthorizationPolicy with L7 attributes (methods, paths, hosts, request principals, request
 * conditions) that selects pods instead of attaching to a waypoint by `targetRefs` cannot be enforced as written, and
 * one attached to a Service without a waypoint is not enforced at all. Only namespaces whose Namespace object in the
 * set says `istio.io/dataplane-mode: ambient` are judged.
 */
export const ambientL7WithoutWaypoint: Rule = {
  code: 'OSSM904',
  severity: 'error',
  title: 'An HTTPRoute or an L7 AuthorizationPolicy in an ambient namespace that no waypoint applies (ztunnel is L4 only)',
  reference: '—',
  fix: 'Deploy a waypoint (Gateway of class istio-waypoint) and bind the namespace or Service with istio.io/use-waypoint; attach L7 policies to it by targetRefs.',
  check(ctx, report) {
    // a GRPCRoute is L7 routing too
    for (const route of [...ctx.ofKind(API_GROUP.GATEWAY_API, 'HTTPRoute'), ...ctx.ofKind(API_GROUP.GATEWAY_API, 'GRPCRoute')]) {
      if (!isAmbientNamespace(ctx, route.namespace)) continue;
      for (const [i, raw] of arr(route.spec.parentRefs).entries()) {
        const ref = rec(raw);
        if (!ref || ref.group !== '' || str(ref.kind) !== 'Service') continue;
        const namespace = str(ref.namespace) ?? route.namespace;
        const name = str(ref.name) ?? '';
        if (!isAmbientNamespace(ctx, namespace) || waypointOfService(ctx, namespace, name)) continue;
        report(route, `parentRefs[${i}] is Service ${namespace}/${name} of an ambient namespace, and no waypoint serves it (no istio.io/use-waypoint on the Service `
          + 'or its namespace): ztunnel does not apply HTTPRoutes or GRPCRoutes, so this routing is ignored');
      }
    }
    for (const policy of ctx.ofKind(API_GROUP.ISTIO_SECURITY, 'AuthorizationPolicy')) {
      if (!isAmbientNamespace(ctx, policy.namespace) || !usesL7Attributes(policy)) continue;
      const targets = [...arr(policy.spec.targetRefs), ...(policy.spec.targetRef === undefined ? [] : [policy.spec.targetRef])].map(rec);
      if (targets.length === 0) {
        report(policy, 'has L7 rules (methods, paths, hosts, request principals or request conditions) and selects pods, in an ambient namespace: ztunnel, '
          + 'which enforces selector policies there, sees no HTTP, so these rules cannot be enforced as written',
        'Attach the policy to the waypoint by targetRefs (the Service, or the waypoint Gateway) instead of a selector, or keep L4 rules only.');
        continue;
      }
      for (const target of targets) {
        if (!target || str(target.kind) !== 'Service') continue;
        const name = str(target.name) ?? '';
        if (waypointOfService(ctx, policy.namespace, name)) continue;
        report(policy, `targets Service ${policy.namespace}/${name}, which no waypoint serves (no istio.io/use-waypoint on it or its namespace): the policy is not enforced`);
      }
    }
  },
};
