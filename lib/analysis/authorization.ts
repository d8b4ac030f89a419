/**
 * AuthorizationPolicy as Istio applies it to one workload, for one caller: the policies whose scope covers the
 * workload (its namespace's, with no selector or a selector its pod labels carry; the root namespace's without
 * selector, mesh-wide, or with a selector its labels carry), evaluated in Istio's order — CUSTOM, then DENY, then
 * ALLOW: a matching DENY rule denies; with no ALLOW policy the request is allowed; with ALLOW policies, it is allowed
 * only when a rule of one of them matches. Source identities (`principals`, `namespaces`) exist only on mutual TLS:
 * a caller without sidecar, or a workload whose PeerAuthentication mode is DISABLE, has none. Shared by the analyzer
 * (OSSM705–OSSM707) and `explain`.
 */
import { API_GROUP } from '../core/api-groups';
import type { AnalysisContext, ObjectRef, PodTemplate } from './context';
import { arr, compareConfigAge, labelsMatch, num, rec, str, stringMap, strings } from './kube';
import { objectKey } from './messages';
import { PeerAuthenticationIndex } from './peer-authentication';

/** The trust domain of OpenShift Service Mesh (and Istio) unless the mesh config changes it. */
export const DEFAULT_TRUST_DOMAIN = 'cluster.local';

/** Who calls: a workload of the mesh (with sidecar), or a client outside it (no peer identity). */
export interface AuthorizationCaller {
  /** Namespace of the calling pod; `undefined` for a client outside the mesh (the internet behind a gateway). */
  readonly namespace?: string;
  /** Its ServiceAccount. @default 'default' */
  readonly serviceAccount?: string;
  /** Whether the caller has a sidecar (so that it speaks mutual TLS to a workload with one). @default true when `namespace` is given */
  readonly meshed?: boolean;
}

/** The request as authorization rules see it. */
export interface AuthorizationRequest {
  readonly method?: string;
  /** The path without query string. */
  readonly path?: string;
  /** The workload's (container) port the request reaches. */
  readonly port?: number;
  /** The `:authority`. */
  readonly host?: string;
  /** Lower-case header names. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Istio's decision for one request to one workload. */
export interface AuthorizationDecision {
  readonly decision: 'ALLOW' | 'DENY';
  /** The AuthorizationPolicy (`namespace/name`) that decided: the matching DENY or ALLOW policy, or for a deny because no ALLOW rule matched, the first ALLOW policy that applies; `null` when none applies. */
  readonly policy: string | null;
  /** Index of the matching rule in that policy's `rules`; `null` when no rule matched. */
  readonly rule: number | null;
  /** Why, in words. */
  readonly reason: string;
}

/** The workload side: namespace and pod labels. */
export type AuthorizationTarget = Pick<PodTemplate, 'namespace' | 'labels'>;

/** The HTTP methods a `to.operation.methods` entry may name (or a gRPC method `/package.Service/Method`). */
export const HTTP_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);

/** The action of a policy: ALLOW unless set. */
export function policyAction(policy: ObjectRef): string {
  return (str(policy.spec.action) ?? 'ALLOW').toUpperCase();
}

/** `spec.selector.matchLabels`, or `undefined` for a namespace- or mesh-wide policy. */
export function policySelector(policy: ObjectRef): Readonly<Record<string, string>> | undefined {
  const labels = stringMap(rec(policy.spec.selector)?.matchLabels);
  return Object.keys(labels).length > 0 ? labels : undefined;
}

/** The AuthorizationPolicies that apply to `target`'s pods, oldest first. */
export function policiesFor(ctx: AnalysisContext, target: AuthorizationTarget): ObjectRef[] {
  return ctx.ofKind(API_GROUP.ISTIO_SECURITY, 'AuthorizationPolicy').filter((p) => {
    if (p.namespace !== target.namespace && p.namespace !== ctx.rootNamespace) return false;
    const selector = policySelector(p);
    return selector === undefined || labelsMatch(selector, target.labels);
  }).sort(compareConfigAge);
}

/** Istio's string match of authorization fields: `*` any non-empty value, `x*` prefix, `*x` suffix, else exact. */
export function authzValueMatches(pattern: string, value: string): boolean {
  if (pattern === '*') return value !== '';
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}

const anyOf = (patterns: readonly string[], value: string): boolean => patterns.some((p) => authzValueMatches(p, value));

/** The peer identity Istio sees for a caller: `''` without mutual TLS. */
interface Peer { readonly principal: string; readonly namespace: string }

function sourceMatches(source: Record<string, unknown>, peer: Peer): boolean {
  const checks: Array<[string, boolean]> = [
    ['principals', true], ['notPrincipals', false], ['namespaces', true], ['notNamespaces', false],
  ];
  for (const [field, positive] of checks) {
    if (source[field] === undefined) continue;
    const value = field.toLowerCase().includes('principal') ? peer.principal : peer.namespace;
    if (anyOf(strings(source[field]), value) !== positive) return false;
  }
  // no JWT is modelled: a request has no request principal
  if (source.requestPrincipals !== undefined) return false;
  // IP blocks cannot be told offline: a source that needs one does not match
  if (source.ipBlocks !== undefined || source.remoteIpBlocks !== undefined) return false;
  return true;
}

function operationMatches(op: Record<string, unknown>, request: AuthorizationRequest): boolean {
  const fields: Array<[string, string | undefined, boolean]> = [
    ['methods', request.method, true], ['notMethods', request.method, false],
    ['paths', request.path, true], ['notPaths', request.path, false],
    ['hosts', request.host, true], ['notHosts', request.host, false],
    ['ports', request.port === undefined ? undefined : String(request.port), true],
    ['notPorts', request.port === undefined ? undefined : String(request.port), false],
  ];
  for (const [field, value, positive] of fields) {
    if (op[field] === undefined) continue;
    if (value === undefined) return false;
    const list = field === 'ports' || field === 'notPorts' ? arr(op[field]).map((p) => String(num(p) ?? str(p) ?? '')) : strings(op[field]);
    const ignoreCase = field.toLowerCase().includes('hosts');
    const hit = ignoreCase ? anyOf(list.map((x) => x.toLowerCase()), value.toLowerCase()) : anyOf(list, value);
    if (hit !== positive) return false;
  }
  return true;
}

function conditionMatches(when: Record<string, unknown>, peer: Peer, request: AuthorizationRequest): boolean {
  const key = str(when.key) ?? '';
  let value: string | undefined;
  const header = /^request\.headers\[(.+)\]$/.exec(key);
  if (header) value = request.headers?.[header[1].toLowerCase()];
  else if (key === 'source.principal') value = peer.principal;
  else if (key === 'source.namespace') value = peer.namespace;
  else if (key === 'destination.port') value = request.port === undefined ? undefined : String(request.port);
  else return false; // not modelled (IPs, JWT claims, SNI): the condition does not match
  if (when.values !== undefined && (value === undefined || !anyOf(strings(when.values), value))) return false;
  if (when.notValues !== undefined && value !== undefined && anyOf(strings(when.notValues), value)) return false;
  return true;
}

/** Whether a rule (`from`, `to`, `when`, ANDed; entries of `from` and `to` ORed) matches. */
function ruleMatches(rule: Record<string, unknown>, peer: Peer, request: AuthorizationRequest): boolean {
  const from = arr(rule.from);
  if (from.length > 0 && !from.some((f) => sourceMatches(rec(rec(f)?.source) ?? {}, peer))) return false;
  const to = arr(rule.to);
  if (to.length > 0 && !to.some((t) => operationMatches(rec(rec(t)?.operation) ?? {}, request))) return false;
  return arr(rule.when).every((w) => conditionMatches(rec(w) ?? {}, peer, request));
}

/** The first rule of `policy` that matches, or -1. */
function matchingRule(policy: ObjectRef, peer: Peer, request: AuthorizationRequest): number {
  return arr(policy.spec.rules).findIndex((r) => ruleMatches(rec(r) ?? {}, peer, request));
}

/**
 * Whether a rule can match a caller without peer identity (a client outside the mesh, through a gateway): it has no
 * `from`, or a source that asks for no principal and no namespace.
 */
export function ruleAdmitsAnonymous(rule: unknown): boolean {
  const from = arr(rec(rule)?.from);
  if (from.length === 0) return true;
  return from.some((f) => {
    const source = rec(rec(f)?.source) ?? {};
    return source.principals === undefined && source.namespaces === undefined;
  });
}

/**
 * Whether a rule's `from` could match a caller with the mTLS identity `principal` in `namespace` (`''` and `''`
 * without mutual TLS), whatever the request: `to` and `when` are taken as matchable, and so are request principals
 * and IP blocks, which cannot be told offline.
 */
export function ruleCouldMatchCaller(rule: unknown, principal: string, namespace: string): boolean {
  const from = arr(rec(rule)?.from);
  if (from.length === 0) return true;
  return from.some((f) => {
    const source = { ...rec(rec(f)?.source) ?? {} };
    delete source.requestPrincipals;
    delete source.ipBlocks;
    delete source.remoteIpBlocks;
    return sourceMatches(source, { principal, namespace });
  });
}

/** Evaluates authorization policies with one PeerAuthentication index. */
export class AuthorizationEvaluator {
  private readonly peers: PeerAuthenticationIndex;

  public constructor(private readonly ctx: AnalysisContext, peers?: PeerAuthenticationIndex) {
    this.peers = peers ?? new PeerAuthenticationIndex(ctx);
  }

  /**
   * Istio's decision for `request` from `caller` to the pods of `target` (a pod template of the set, or the labels of
   * pods the operator creates). STRICT mTLS refuses a caller without sidecar before any policy, except at a
   * gateway (`atGateway`), whose listeners for clients outside the mesh PeerAuthentication does not govern.
   */
  public decide(target: AuthorizationTarget & Partial<PodTemplate>, caller: AuthorizationCaller, request: AuthorizationRequest = {}, atGateway = false): AuthorizationDecision {
    const meshed = caller.meshed ?? caller.namespace !== undefined;
    const mtls = target.owner && !atGateway ? this.peers.modeFor(target as PodTemplate, request.port) : undefined;
    if (!meshed && mtls?.mode === 'STRICT') {
      return { decision: 'DENY', policy: null, rule: null, reason: `the workload accepts only mutual TLS (${mtls.source}) and the caller has no sidecar: the connection is refused` };
    }
    const mutual = meshed && mtls?.mode !== 'DISABLE';
    const peer: Peer = mutual && caller.namespace !== undefined
      ? { principal: `${DEFAULT_TRUST_DOMAIN}/ns/${caller.namespace}/sa/${caller.serviceAccount ?? 'default'}`, namespace: caller.namespace }
      : { principal: '', namespace: '' };
    const policies = policiesFor(this.ctx, target);
    const byAction = (action: string) => policies.filter((p) => policyAction(p) === action);
    const notes: string[] = [];
    if (byAction('CUSTOM').length > 0) notes.push(`CUSTOM policies (${byAction('CUSTOM').map(objectKey).join(', ')}) ask an external authorizer first, which explain does not model`);
    const suffix = (): string => (notes.length > 0 ? ` (${notes.join('; ')})` : '') + (peer.principal === '' ? '; the caller has no peer identity (no mutual TLS)' : '');
    for (const policy of byAction('DENY')) {
      const i = matchingRule(policy, peer, request);
      if (i >= 0) return { decision: 'DENY', policy: objectKey(policy), rule: i, reason: `rules[${i}] of DENY policy ${objectKey(policy)} matches: 403${suffix()}` };
    }
    const allow = byAction('ALLOW');
    if (allow.length === 0) return { decision: 'ALLOW', policy: null, rule: null, reason: `no ALLOW policy applies to the workload, so it allows what no DENY rule denies${suffix()}` };
    for (const policy of allow) {
      const i = matchingRule(policy, peer, request);
      if (i >= 0) return { decision: 'ALLOW', policy: objectKey(policy), rule: i, reason: `rules[${i}] of ALLOW policy ${objectKey(policy)} matches${suffix()}` };
    }
    return {
      decision: 'DENY', policy: objectKey(allow[0]), rule: null,
      reason: `ALLOW polic${allow.length === 1 ? 'y' : 'ies'} ${allow.map(objectKey).join(', ')} appl${allow.length === 1 ? 'ies' : 'y'} to the workload and no rule of ${allow.length === 1 ? 'it' : 'them'} matches: 403 (RBAC: access denied)${suffix()}`,
    };
  }
}
