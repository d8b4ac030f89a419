/**
 * The authorization step of explain: for each workload a request reaches, Istio's decision from PeerAuthentication
 * and AuthorizationPolicy (see lib/analysis/authorization.ts for the model).
 */
import { ExplainedWorkloadAuthorization } from './types';
import { AuthorizationCaller, AuthorizationEvaluator, AuthorizationRequest } from '../analysis/authorization';
import { AnalysisContext, PodTemplate } from '../analysis/context';
import { arr, num, rec } from '../analysis/kube';

/** The container port behind `port` of Service `namespace/name` (a numeric `targetPort`, else the port itself). */
export function targetPortOf(ctx: AnalysisContext, namespace: string, name: string, port: number | null): number | undefined {
  if (port === null) return undefined;
  const svc = ctx.services.get(`${namespace}/${name}`);
  const entry = arr(svc?.spec.ports).map(rec).find((p) => num(p?.port) === port);
  return num(entry?.targetPort) ?? port;
}

/** The decision at each pod template, sorted by `namespace/name`. */
export function authorizeTemplates(
  evaluator: AuthorizationEvaluator, templates: readonly PodTemplate[], caller: AuthorizationCaller, request: AuthorizationRequest, atGateway = false,
): ExplainedWorkloadAuthorization[] {
  const seen = new Set<string>();
  const out: ExplainedWorkloadAuthorization[] = [];
  for (const t of templates) {
    const workload = `${t.owner.namespace}/${t.owner.name}`;
    if (seen.has(workload)) continue;
    seen.add(workload);
    const d = evaluator.decide(t, caller, request, atGateway);
    out.push({ workload, authorization: { decision: d.decision, policy: d.policy, rule: d.rule }, reason: d.reason });
  }
  return out.sort((a, b) => (a.workload < b.workload ? -1 : a.workload > b.workload ? 1 : 0));
}
