import { isIP } from 'node:net';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AuthorizationPolicyV1Beta1SpecAction, AuthorizationPolicyV1Beta1SpecRules, AuthorizationPolicyV1Beta1SpecRulesFromSource,
  AuthorizationPolicyV1Beta1SpecRulesToOperation,
} from '../../imports/security.istio.io';
import { requireInChart } from '../core/chart-scope';
import { Waypoint } from '../ambient/waypoint';
import { isAmbient } from '../core/data-plane';
import { meshControlPlaneOf } from '../core/mesh';
import { IMeshControlPlane } from '../core/mesh-control-plane';
import { plainMapOf, requireSafeMap } from '../core/safe-map';
import {
  invalidInput, isDnsLabel, isDnsSubdomain, requireArray, requireDnsLabel, requireDnsSubdomain, requireObject, requireOneOf, requirePort,
  ValidationScope,
} from '../core/validation';
import { newAuthorizationPolicy } from '../istio/istio-objects';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../core/mesh-conventions';
import { IMeshService } from '../workload/mesh-service';
import { workloadSelector } from './workload-selector';

/** What an AuthorizationPolicy does with the requests its rules match. */
export enum AuthorizationAction {
  /** Allow matching requests; once any ALLOW policy selects a workload, everything else is denied. */
  ALLOW = 'ALLOW',
  /** Deny matching requests (DENY policies are evaluated before ALLOW policies). */
  DENY = 'DENY',
  /** Let matching requests through and mark them for audit logging. */
  AUDIT = 'AUDIT',
}

/**
 * Where a request comes from (Istio's `Source`). Every field given must match; at least one field. Principals and
 * namespaces come from the caller's mTLS certificate, so they need mutual TLS (STRICT, or PERMISSIVE with a sidecar).
 */
export interface AuthorizationSource {
  /**
   * Caller identities, `<trust domain>/ns/<namespace>/sa/<service account>` (see {@link serviceAccountPrincipal});
   * `*` alone, or at the start or end of a value, is a wildcard.
   * @default - any
   */
  readonly principals?: string[];
  /** Caller identities that must not match. @default - none */
  readonly notPrincipals?: string[];
  /** Caller namespaces (`*` at the start or end is a wildcard). @default - any */
  readonly namespaces?: string[];
  /** Caller namespaces that must not match. @default - none */
  readonly notNamespaces?: string[];
  /** Caller IP addresses or CIDR blocks. @default - any */
  readonly ipBlocks?: string[];
  /** Caller IP addresses or CIDR blocks that must not match. @default - none */
  readonly notIpBlocks?: string[];
  /** JWT identities (`<iss>/<sub>`), from a RequestAuthentication. @default - any */
  readonly requestPrincipals?: string[];
  /** JWT identities that must not match. @default - none */
  readonly notRequestPrincipals?: string[];
}

/** What a request asks for (Istio's `Operation`). Every field given must match; at least one field. */
export interface AuthorizationOperation {
  /** HTTP methods in upper case, e.g. `GET`. @default - any */
  readonly methods?: string[];
  /** HTTP methods that must not match. @default - none */
  readonly notMethods?: string[];
  /** Paths: exact (`/api`), prefix (`/api/*`), suffix (`*.html`) or `*`. @default - any */
  readonly paths?: string[];
  /** Paths that must not match. @default - none */
  readonly notPaths?: string[];
  /** Ports of the workload (container ports). @default - any */
  readonly ports?: number[];
  /** Ports that must not match. @default - none */
  readonly notPorts?: number[];
  /** Hosts (`:authority`), `*` at the start or end as a wildcard. @default - any */
  readonly hosts?: string[];
  /** Hosts that must not match. @default - none */
  readonly notHosts?: string[];
}

/** One rule: requests from any of `from` asking for any of `to`. A rule without both matches every request. */
export interface AuthorizationRule {
  /** Where requests come from: any of these sources. @default - any source */
  readonly from?: AuthorizationSource[];
  /** What requests ask for: any of these operations. @default - any operation */
  readonly to?: AuthorizationOperation[];
}

/** Props of {@link MeshAuthorizationPolicy}. */
export interface MeshAuthorizationPolicyProps {
  /** Name of the AuthorizationPolicy, e.g. `allow-nothing` or `reviews-viewer`. */
  readonly name: string;
  /**
   * The policy's namespace: its workloads, or (with no `service` and `selector`) all of them. The control plane's
   * namespace means the whole mesh.
   * @default - the service's namespace (required without `service`)
   */
  readonly namespace?: string;
  /** The workloads of this service (pods labelled `app: <service name>`). @default - not by service */
  readonly service?: IMeshService;
  /** The workloads whose pods carry these labels, in `namespace`. @default - every workload of the namespace */
  readonly selector?: Record<string, string>;
  /** What happens to matching requests. @default AuthorizationAction.ALLOW */
  readonly action?: AuthorizationAction;
  /**
   * The rules; a request matching any of them gets `action`. No rules with ALLOW is Istio's "allow-nothing": every
   * request to the selected workloads is denied. DENY and AUDIT need at least one rule.
   */
  readonly rules: AuthorizationRule[];
  /** Labels besides `app.kubernetes.io/managed-by: cdk8s-ossm`. @default - none */
  readonly labels?: Record<string, string>;
  /**
   * The control plane: its API version is emitted (`security.istio.io/v1beta1` on OSSM 2.6, `v1` on OSSM 3).
   * @default - the mesh of a scope above (`Mesh.of(this)`: e.g. the App's, declared by its `MeshBaseChart`); refused when no scope declares one
   */
  readonly controlPlane?: IMeshControlPlane;
}

/**
 * The identity of pods running as a ServiceAccount, as AuthorizationPolicy principals name it:
 * `<trust domain>/ns/<namespace>/sa/<service account>`. OpenShift Service Mesh's trust domain is `cluster.local`
 * unless the control plane sets another.
 */
export function serviceAccountPrincipal(namespace: string, serviceAccount: string, trustDomain = 'cluster.local'): string {
  const where = 'serviceAccountPrincipal';
  requireDnsLabel(where, 'namespace', namespace);
  requireDnsSubdomain(where, 'serviceAccount', serviceAccount);
  requireDnsSubdomain(where, 'trustDomain', trustDomain);
  return `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

/**
 * Access control as code (Istio's `AuthorizationPolicy`): which callers (principals, namespaces, IP blocks) may do
 * what (methods, paths, ports, hosts) on the workloads of a service, a selector, a namespace or the mesh — ALLOW,
 * DENY or AUDIT, or allow-nothing with no rules. The analyzer checks that its selector selects pods (OSSM702) and that
 * its principals name service accounts that exist (OSSM703).
 *
 * In ambient mode, ztunnel enforces L4 policies (principals, namespaces, IP blocks, ports): they keep their
 * `selector`. A policy with L7 rules (methods, paths, hosts, request principals) is enforced by the namespace's
 * waypoint, made if the mesh has none ({@link Waypoint.ensure}): it names it by `targetRefs` instead of a selector —
 * the waypoint Gateway for a namespace-wide policy, the Service for a policy of a `service`. L7 policies of an
 * arbitrary `selector` or of the whole mesh are refused there (a waypoint does not select pods).
 */
export class MeshAuthorizationPolicy extends Construct {
  /** The AuthorizationPolicy (`security.istio.io/v1beta1` or `v1`, as the control plane serves). */
  public readonly apiObject: ApiObject;
  /** Its namespace. */
  public readonly namespace: string;
  /** Its name. */
  public readonly name: string;
  /** In ambient mode, the waypoint that enforces this policy's L7 rules; undefined for L4 policies and with sidecars. */
  public readonly waypoint?: Waypoint;

  public constructor(scope: Construct, id: string, props: MeshAuthorizationPolicyProps) {
    super(scope, id);
    requireInChart(this, 'MeshAuthorizationPolicy');
    requireObject(this, 'props', props);
    const controlPlane = meshControlPlaneOf(this, props.controlPlane);
    this.name = requireDnsSubdomain(this, 'name', props.name);
    const selection = workloadSelector(this, props);
    if (selection.namespace === undefined) {
      throw invalidInput(this, 'namespace', undefined, `Allowed: a namespace (a DNS-1123 label), or a service; "${controlPlane.namespace}" (the control plane's) for the whole mesh.`);
    }
    this.namespace = selection.namespace;
    const action = props.action === undefined ? undefined : requireOneOf(this, 'action', props.action, Object.values(AuthorizationAction));
    const rules = requireArray(this, 'rules', props.rules).map((r, i) => renderRule(this, `rules[${i}]`, r));
    if (rules.length === 0 && action !== undefined && action !== AuthorizationAction.ALLOW) {
      throw invalidInput(this, 'rules', props.rules, `Allowed: at least one rule; a ${action} policy without rules matches no request (no rules means allow-nothing only with ALLOW).`);
    }
    const l7 = rules.some(isL7Rule);
    let target: Record<string, string> | undefined;
    if (l7 && isAmbient(controlPlane)) {
      if (this.namespace === controlPlane.namespace || (props.selector !== undefined && props.service === undefined)) {
        throw invalidInput(this, props.selector !== undefined ? 'selector' : 'namespace', props.selector ?? this.namespace,
          'Allowed in ambient mode, for a policy with L7 rules (methods, paths, hosts, request principals): a service or a whole member namespace, '
          + 'which the namespace\'s waypoint enforces; a waypoint does not select pods by labels, and a mesh-wide L7 policy has no waypoint. '
          + 'Keep L4 rules only (principals, namespaces, IP blocks, ports) for ztunnel to enforce them.');
      }
      this.waypoint = Waypoint.ensure(this, this.namespace, controlPlane);
      target = props.service !== undefined ? { group: '', kind: 'Service', name: props.service.name }
        : { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: this.waypoint.name };
    }
    this.apiObject = newAuthorizationPolicy(this, 'Resource', controlPlane.istioApiVersion, {
      metadata: {
        name: this.name,
        namespace: this.namespace,
        labels: plainMapOf({ ...requireSafeMap(this, 'labels', props.labels, 'labels'), [MANAGED_BY_LABEL]: MANAGED_BY_VALUE }),
      },
      spec: {
        selector: target !== undefined || selection.selector === undefined ? undefined : { matchLabels: selection.selector },
        ...(target && { targetRefs: [target] }),
        action: action as unknown as AuthorizationPolicyV1Beta1SpecAction | undefined,
        rules: rules.length ? rules : undefined,
      },
    });
  }
}

/** Whether a rule needs L7 (HTTP) attributes, which in ambient mode only a waypoint sees. */
function isL7Rule(rule: AuthorizationPolicyV1Beta1SpecRules): boolean {
  const l7From = (rule.from ?? []).some(({ source }) => source?.requestPrincipals !== undefined || source?.notRequestPrincipals !== undefined);
  const l7To = (rule.to ?? []).some(({ operation: o }) => o !== undefined
    && [o.methods, o.notMethods, o.paths, o.notPaths, o.hosts, o.notHosts].some((v) => v !== undefined));
  return l7From || l7To;
}

/** A value with `*` only alone or at its start or end, as Istio matches principals, namespaces and hosts. */
const WILDCARD_VALUE = /^(\*|\*?[^*\s]+|[^*\s]+\*)$/;
const METHOD = /^([A-Z]+|\*)$/;
const PATH = /^(\*|\/[^\s*]*\*?|\*[^\s*]+)$/;

function renderRule(scope: ValidationScope, at: string, given: AuthorizationRule): AuthorizationPolicyV1Beta1SpecRules {
  const rule = requireObject(scope, at, given);
  const list = <T, R>(what: string, items: readonly T[] | undefined, render: (item: T, where: string) => R): R[] | undefined => {
    if (items === undefined) return undefined;
    const checked = requireArray(scope, what, items);
    if (checked.length === 0) throw invalidInput(scope, what, checked, 'Allowed: at least one entry; leave it out for any.');
    return checked.map((item, i) => render(item, `${what}[${i}]`));
  };
  return {
    from: list(`${at}.from`, rule.from, (source, where) => ({ source: renderSource(scope, where, source) })),
    to: list(`${at}.to`, rule.to, (operation, where) => ({ operation: renderOperation(scope, where, operation) })),
  };
}

function values(scope: ValidationScope, what: string, items: readonly string[] | undefined, valid: (v: string) => boolean, allowed: string): string[] | undefined {
  if (items === undefined) return undefined;
  const list = requireArray(scope, what, items);
  if (list.length === 0) throw invalidInput(scope, what, list, 'Allowed: at least one value; leave it out for any.');
  list.forEach((v, i) => {
    if (typeof v !== 'string' || !valid(v)) throw invalidInput(scope, `${what}[${i}]`, v, `Allowed: ${allowed}.`);
  });
  return [...list];
}

function requireSomeField(scope: ValidationScope, what: string, given: object, rendered: object): void {
  if (Object.values(rendered).every((v) => v === undefined)) {
    throw invalidInput(scope, what, given, 'Allowed: at least one field; leave it out to match any.');
  }
}

function renderSource(scope: ValidationScope, at: string, given: AuthorizationSource): AuthorizationPolicyV1Beta1SpecRulesFromSource {
  const source = requireObject(scope, at, given);
  const principal = (v: string) => WILDCARD_VALUE.test(v);
  const namespace = (v: string) => WILDCARD_VALUE.test(v) && (v.includes('*') || isDnsLabel(v));
  const ipBlock = (v: string) => {
    const [ip, prefix, ...rest] = v.split('/');
    const family = isIP(ip);
    return family !== 0 && rest.length === 0 && (prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128)));
  };
  const principals = 'a principal such as "cluster.local/ns/bookinfo/sa/bookinfo-productpage" (serviceAccountPrincipal()), "*" only alone or at the start or end';
  const namespaces = 'a namespace name, "*" only alone or at the start or end';
  const ips = 'an IP address or CIDR block, e.g. "10.1.0.0/16"';
  const out = {
    principals: values(scope, `${at}.principals`, source.principals, principal, principals),
    notPrincipals: values(scope, `${at}.notPrincipals`, source.notPrincipals, principal, principals),
    namespaces: values(scope, `${at}.namespaces`, source.namespaces, namespace, namespaces),
    notNamespaces: values(scope, `${at}.notNamespaces`, source.notNamespaces, namespace, namespaces),
    ipBlocks: values(scope, `${at}.ipBlocks`, source.ipBlocks, ipBlock, ips),
    notIpBlocks: values(scope, `${at}.notIpBlocks`, source.notIpBlocks, ipBlock, ips),
    requestPrincipals: values(scope, `${at}.requestPrincipals`, source.requestPrincipals, principal, 'an "<issuer>/<subject>" identity, "*" only alone or at the start or end'),
    notRequestPrincipals: values(scope, `${at}.notRequestPrincipals`, source.notRequestPrincipals, principal, 'an "<issuer>/<subject>" identity, "*" only alone or at the start or end'),
  };
  requireSomeField(scope, at, given, out);
  return out;
}

function renderOperation(scope: ValidationScope, at: string, given: AuthorizationOperation): AuthorizationPolicyV1Beta1SpecRulesToOperation {
  const operation = requireObject(scope, at, given);
  const method = (v: string) => METHOD.test(v);
  const path = (v: string) => PATH.test(v);
  const host = (v: string) => WILDCARD_VALUE.test(v) && (v.includes('*') || isDnsSubdomain(v.replace(/:\d+$/, '')));
  const ports = (what: string, list: readonly number[] | undefined) => (list === undefined ? undefined
    : values(scope, what, requireArray(scope, what, list).map((p, i) => String(requirePort(scope, `${what}[${i}]`, p))), () => true, 'a port'));
  const out = {
    methods: values(scope, `${at}.methods`, operation.methods, method, 'an HTTP method in upper case, e.g. "GET", or "*"'),
    notMethods: values(scope, `${at}.notMethods`, operation.notMethods, method, 'an HTTP method in upper case, e.g. "GET", or "*"'),
    paths: values(scope, `${at}.paths`, operation.paths, path, 'a path starting with "/" (a trailing "*" for a prefix), "*<suffix>" or "*"'),
    notPaths: values(scope, `${at}.notPaths`, operation.notPaths, path, 'a path starting with "/" (a trailing "*" for a prefix), "*<suffix>" or "*"'),
    ports: ports(`${at}.ports`, operation.ports),
    notPorts: ports(`${at}.notPorts`, operation.notPorts),
    hosts: values(scope, `${at}.hosts`, operation.hosts, host, 'a host name (with an optional port), "*" only alone or at the start or end'),
    notHosts: values(scope, `${at}.notHosts`, operation.notHosts, host, 'a host name (with an optional port), "*" only alone or at the start or end'),
  };
  requireSomeField(scope, at, given, out);
  return out;
}
