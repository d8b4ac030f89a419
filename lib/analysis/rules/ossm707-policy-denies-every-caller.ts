import { API_GROUP } from '../../core/api-groups';
import { DEFAULT_TRUST_DOMAIN, policiesFor, policyAction, ruleAdmitsAnonymous, ruleCouldMatchCaller } from '../authorization';
import { GatewayWorkload, ObjectRef, PodTemplate } from '../context';
import { arr, rec, stringMap, strings } from '../kube';
import { formatLabels, formatList, objectKey } from '../messages';
import { PeerAuthenticationIndex } from '../peer-authentication';
import { Rule } from '../rule';

const PRINCIPAL_NAMESPACE = /^[^/]*\/ns\/([^/]+)\/sa\/[^/]+$/;

/**
 * The namespaces a rule's sources name (`principals` by their `/ns/<ns>/`, `namespaces`), or `undefined` when one of
 * them cannot be pinned to a namespace (a wildcard, another form): the rule may then match a caller outside the set.
 */
function namedNamespaces(rule: unknown): Set<string> | undefined {
  const out = new Set<string>();
  for (const f of arr(rec(rule)?.from)) {
    const source = rec(rec(f)?.source) ?? {};
    for (const p of strings(source.principals)) {
      const m = PRINCIPAL_NAMESPACE.exec(p);
      if (!m || m[1].includes('*')) return undefined;
      out.add(m[1]);
    }
    for (const ns of strings(source.namespaces)) {
      if (ns.includes('*')) return undefined;
      out.add(ns);
    }
  }
  return out;
}

/**
 * OSSM707 (error): the ALLOW AuthorizationPolicies that apply to a workload leave no caller through:
 * - **gateway**: the pods of an Istio Gateway of the set are covered by ALLOW policies none of whose rules can match a
 *   client from outside the mesh (every rule asks for `principals` or `namespaces`, which only mutual TLS carries):
 *   every request through the gateway gets 403;
 * - **service**: a workload's ALLOW policies match none of the identities (namespace and ServiceAccount) of the
 *   set's workloads and gateways, nor a client without identity, while each rule names only namespaces the set holds
 *   workloads of: every caller gets 403.
 * An "allow-nothing" policy alone (no rules: Istio's deny-all idiom) is reported as a **warning**, as it may be meant.
 */
export const policyDeniesEveryCaller: Rule = {
  code: 'OSSM707',
  severity: 'error',
  title: 'ALLOW policies that let no caller through: a gateway\'s clients from outside, or every workload of the set (allow-nothing alone: a warning)',
  reference: '—',
  fix: 'Add an ALLOW rule for the real callers (for a gateway, one without principals/namespaces, e.g. on ports or paths), or select fewer workloads.',
  check(ctx, report) {
    if (ctx.ofKind(API_GROUP.ISTIO_SECURITY, 'AuthorizationPolicy').length === 0) return;
    const allowPolicies = (target: { namespace: string; labels: Readonly<Record<string, string>> }): ObjectRef[] =>
      policiesFor(ctx, target).filter((p) => policyAction(p) === 'ALLOW');
    const said = new Set<string>();
    const say = (policies: readonly ObjectRef[], who: string, why: string): void => {
      const key = `${policies.map(objectKey).join(',')}\n${who}`;
      if (said.has(key)) return;
      said.add(key);
      const allowNothing = policies.every((p) => arr(p.spec.rules).length === 0);
      report(policies[0], `${who} ${why}: ALLOW polic${policies.length === 1 ? 'y' : 'ies'} ${formatList(policies.map(objectKey))} appl${policies.length === 1 ? 'ies' : 'y'} and ${allowNothing ? 'allow nothing' : 'no rule can match'}, so every such request gets 403`,
        undefined, allowNothing ? 'warning' : 'error');
    };

    // gateways: clients from outside have no peer identity
    const gatewayPods = new Set<GatewayWorkload>();
    for (const gw of ctx.gateways.values()) {
      const selector = stringMap(gw.spec.selector);
      if (Object.keys(selector).length === 0) continue;
      for (const w of ctx.gatewayWorkloadsMatching(selector)) gatewayPods.add(w);
    }
    for (const w of gatewayPods) {
      const policies = allowPolicies(w);
      if (policies.length === 0) continue;
      if (policies.some((p) => arr(p.spec.rules).some(ruleAdmitsAnonymous))) continue;
      say(policies, `the gateway pods ${w.namespace}/${w.template ? w.template.owner.name : formatLabels(w.labels)}`, 'receive requests from outside the mesh, which carry no peer identity');
    }

    // services: no identity of the set (nor an anonymous client) can match
    const peers = new PeerAuthenticationIndex(ctx);
    const identities = new Map<string, { principal: string; namespace: string }>();
    for (const t of ctx.podTemplates) {
      if (!t.longRunning) continue;
      identities.set(`${t.namespace}/${t.serviceAccount}`, { principal: `${DEFAULT_TRUST_DOMAIN}/ns/${t.namespace}/sa/${t.serviceAccount}`, namespace: t.namespace });
    }
    for (const w of ctx.gatewayWorkloads) {
      if (w.template) continue; // the operator's gateways, run as <name>-service-account
      const sa = `${w.labels.app ?? 'istio-ingressgateway'}-service-account`;
      identities.set(`${w.namespace}/${sa}`, { principal: `${DEFAULT_TRUST_DOMAIN}/ns/${w.namespace}/sa/${sa}`, namespace: w.namespace });
    }
    const populated = new Set([...identities.values()].map((i) => i.namespace));
    const gatewayTemplates = new Set([...gatewayPods].map((w) => w.template).filter((t): t is PodTemplate => t !== undefined));
    for (const t of ctx.podTemplates) {
      if (!t.longRunning || gatewayTemplates.has(t) || !ctx.inMesh(t.namespace)) continue;
      const policies = allowPolicies(t);
      if (policies.length === 0) continue;
      const rules = policies.flatMap((p) => arr(p.spec.rules));
      if (rules.length === 0) continue; // allow-nothing alone: the documented deny-all, only reported on gateways
      // a rule that may match callers outside the set (wildcards, namespaces the set has nothing of) may be meant for them
      if (rules.some((r) => { const named = namedNamespaces(r); return named === undefined || [...named].some((ns) => !populated.has(ns)); })) continue;
      const mtls = peers.modeFor(t).mode !== 'DISABLE';
      const callers = mtls ? [...identities.values(), { principal: '', namespace: '' }] : [{ principal: '', namespace: '' }];
      if (rules.some((r) => callers.some((c) => ruleCouldMatchCaller(r, c.principal, c.namespace)))) continue;
      say(policies, `workload ${objectKey(t.owner)}`, `can be called only by the identities of the set (${formatList([...identities.keys()].sort())})${mtls ? '' : ', here without identity (mTLS DISABLE)'}`);
    }
  },
};
