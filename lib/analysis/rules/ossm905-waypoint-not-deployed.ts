import { USE_WAYPOINT_LABEL } from '../../core/data-plane';
import { USE_WAYPOINT_NAMESPACE_LABEL, waypointGateways } from '../ambient';
import { Rule } from '../rule';

/**
 * OSSM905 (error): a namespace or Service is bound to a waypoint (`istio.io/use-waypoint: <name>`, in the namespace of
 * `istio.io/use-waypoint-namespace` or its own) and the set holds no Gateway of class `istio-waypoint` of that name
 * there: traffic to it is sent to a waypoint that does not exist (and fails) until one is deployed. A **warning** when
 * the waypoint's namespace is another one, of which the set holds nothing (it may be deployed elsewhere).
 */
export const waypointNotDeployed: Rule = {
  code: 'OSSM905',
  severity: 'error',
  title: 'A namespace or Service bound to a waypoint that the set does not deploy',
  reference: '—',
  fix: 'Add the waypoint (a Gateway of class istio-waypoint, listener mesh on 15008 HBONE), or fix the istio.io/use-waypoint label.',
  check(ctx, report) {
    const waypoints = waypointGateways(ctx);
    const known = new Set(ctx.objects.map((o) => o.namespace).filter((n) => n !== ''));
    for (const bound of [...ctx.namespaceObjects, ...ctx.services.values()]) {
      const name = bound.labels[USE_WAYPOINT_LABEL];
      if (name === undefined || name === 'none') continue;
      const ownNamespace = bound.kind === 'Namespace' ? bound.name : bound.namespace;
      const namespace = bound.labels[USE_WAYPOINT_NAMESPACE_LABEL] ?? ownNamespace;
      if (waypoints.has(`${namespace}/${name}`)) continue;
      report(bound, `${USE_WAYPOINT_LABEL}=${name} binds it to waypoint ${namespace}/${name}, and the set holds no Gateway of class istio-waypoint of that name there`,
        undefined, namespace !== ownNamespace && !known.has(namespace) ? 'warning' : undefined);
    }
  },
};
