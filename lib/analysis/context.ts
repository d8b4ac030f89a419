import { arr, isNamespaced, ISTIO_CONFIG_GROUPS, Json, labelsMatch, rec, resolveHost, splitApiVersion, str, stringMap } from './kube';
import { KubeObject } from '../core/kube-object';

/** Options of {@link analyze}. */
export interface AnalyzeOptions {
  /**
   * Namespace of namespaced objects that carry none, as `kubectl apply` without `-n` would use.
   * @default 'default'
   */
  readonly defaultNamespace?: string;
  /**
   * Istio version (`major.minor`) of the control plane when the analyzed set holds no ServiceMeshControlPlane.
   * OSSM 2.6 runs Istio 1.20.
   * @default '1.20'
   */
  readonly assumeIstio?: string;
}

/** One analyzed object, with the fields every rule needs read once. */
export interface ObjectRef {
  readonly obj: KubeObject;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly name: string;
  /** The object's namespace (defaulted for namespaced kinds); `''` for cluster-scoped kinds. */
  readonly namespace: string;
  /** `spec`, or `{}` when missing or not an object. */
  readonly spec: Json;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** The pod template of a workload (or a bare Pod's own metadata). */
export interface PodTemplate {
  readonly owner: ObjectRef;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** Long-running workloads (not Job/CronJob) are expected to be in the mesh and injected. */
  readonly longRunning: boolean;
}

/** A set of gateway pods: from a pod template in the set, or created by the operator for a ServiceMeshControlPlane. */
export interface GatewayWorkload {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** A `destination` of a VirtualService route or mirror. */
export interface RouteDestination {
  readonly vs: ObjectRef;
  /** Where in the spec, e.g. `http[0].route[1]` or `http[2].mirror`. */
  readonly path: string;
  /** The host as written. */
  readonly host: string;
  /** The host resolved in the VirtualService's namespace. */
  readonly fqdn: string;
  readonly subset?: string;
}

/**
 * How a namespace relates to the mesh:
 * - `control-plane`: holds a ServiceMeshControlPlane;
 * - `member`: listed by the ServiceMeshMemberRoll or holding a ServiceMeshMember;
 * - `assumed-member`: the set holds no member roll nor member, so every namespace is taken as meant for the mesh;
 * - `not-member`: a member roll without memberSelectors is in the set and does not list it;
 * - `unknown`: membership is decided outside the set (memberSelectors, or members without their roll).
 */
export type Membership = 'control-plane' | 'member' | 'assumed-member' | 'not-member' | 'unknown';

/** Istio minor version of each OSSM control-plane version (`spec.version` of a ServiceMeshControlPlane). */
export const SMCP_ISTIO_VERSIONS: Readonly<Record<string, string>> = {
  'v1.0': '1.1',
  'v1.1': '1.4',
  'v2.0': '1.6',
  'v2.1': '1.9',
  'v2.2': '1.12',
  'v2.3': '1.14',
  'v2.4': '1.16',
  'v2.5': '1.18',
  'v2.6': '1.20',
};

/** The control-plane version the OSSM 2.6 operator uses when a ServiceMeshControlPlane sets no `spec.version`. */
export const DEFAULT_SMCP_VERSION = 'v2.6';

const POD_TEMPLATE_KINDS: Readonly<Record<string, { groups: readonly string[]; path: readonly string[]; longRunning: boolean }>> = {
  Deployment: { groups: ['apps', 'extensions'], path: ['spec', 'template'], longRunning: true },
  StatefulSet: { groups: ['apps'], path: ['spec', 'template'], longRunning: true },
  DaemonSet: { groups: ['apps', 'extensions'], path: ['spec', 'template'], longRunning: true },
  ReplicaSet: { groups: ['apps', 'extensions'], path: ['spec', 'template'], longRunning: true },
  ReplicationController: { groups: [''], path: ['spec', 'template'], longRunning: true },
  DeploymentConfig: { groups: ['apps.openshift.io'], path: ['spec', 'template'], longRunning: true },
  Rollout: { groups: ['argoproj.io'], path: ['spec', 'template'], longRunning: true },
  Pod: { groups: [''], path: [], longRunning: true },
  Job: { groups: ['batch'], path: ['spec', 'template'], longRunning: false },
  CronJob: { groups: ['batch'], path: ['spec', 'jobTemplate', 'spec', 'template'], longRunning: false },
};

function dig(x: unknown, path: readonly string[]): Json | undefined {
  let cur = rec(x);
  for (const key of path) cur = rec(cur?.[key]);
  return cur;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function parseMinor(version: string): number | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  return m ? Number(m[1]) * 1000 + Number(m[2]) : undefined;
}

/**
 * Everything the rules look up, indexed once in one pass over the objects (plus one over the VirtualServices),
 * so that each rule runs in time linear in the number of objects.
 */
export class AnalysisContext {
  /** The analyzed objects, in input order. */
  readonly objects: readonly ObjectRef[];
  readonly defaultNamespace: string;

  /** Services by `namespace/name`. */
  readonly services = new Map<string, ObjectRef>();
  /** Namespaces that hold a Service of each name. */
  readonly serviceNamespaces = new Map<string, Set<string>>();
  /** Istio Gateways (`networking.istio.io`) by `namespace/name`. */
  readonly gateways = new Map<string, ObjectRef>();
  readonly virtualServices: ObjectRef[] = [];
  readonly destinationRules: ObjectRef[] = [];
  /** DestinationRules by resolved host; wildcard hosts are in {@link wildcardDestinationRules}. */
  readonly destinationRulesByHost = new Map<string, ObjectRef[]>();
  readonly wildcardDestinationRules: ObjectRef[] = [];
  /** Hosts of ServiceEntries, resolved in their namespace. */
  readonly serviceEntryHosts = new Set<string>();
  /** Objects of the Istio configuration API groups (networking, security, telemetry, extensions). */
  readonly istioConfig: ObjectRef[] = [];
  readonly podTemplates: PodTemplate[] = [];
  /** ServiceMeshControlPlanes of any `maistra.io` version. */
  readonly controlPlanes: ObjectRef[] = [];
  readonly memberRolls: ObjectRef[] = [];
  readonly serviceMeshMembers: ObjectRef[] = [];
  readonly namespaceObjects: ObjectRef[] = [];
  /** Every namespace an object lives in, is declared as a Namespace, or is listed as a mesh member. */
  readonly knownNamespaces = new Set<string>();
  /** Namespaces listed by a member roll or holding a ServiceMeshMember. */
  readonly memberNamespaces = new Set<string>();
  readonly controlPlaneNamespaces = new Set<string>();
  /** Gateway pods: every pod template in the set plus the gateways the operator creates for each control plane. */
  readonly gatewayWorkloads: GatewayWorkload[] = [];
  /** Every destination of every VirtualService route and mirror. */
  readonly destinations: RouteDestination[] = [];
  /** Istio minor version as `major*1000+minor` (1.20 → 1020) and where it came from. */
  readonly istio: { readonly version: string; readonly order: number; readonly source: string };

  private readonly templatesByNamespace = new Map<string, PodTemplate[]>();
  private readonly templatesByLabel = new Map<string, PodTemplate[]>();
  private readonly gatewayWorkloadsByLabel = new Map<string, GatewayWorkload[]>();
  private memberSelectorsUsed = false;

  constructor(objects: readonly KubeObject[], options: AnalyzeOptions = {}) {
    this.defaultNamespace = options.defaultNamespace ?? 'default';
    const refs: ObjectRef[] = [];
    for (const obj of objects) {
      const ref = this.toRef(obj);
      refs.push(ref);
      this.index(ref);
    }
    this.objects = refs;
    for (const cp of this.controlPlanes) this.addOperatorGateways(cp);
    for (const vs of this.virtualServices) this.collectDestinations(vs);
    this.istio = this.istioVersion(options.assumeIstio ?? '1.20');
  }

  private toRef(obj: KubeObject): ObjectRef {
    const { group, version } = splitApiVersion(obj.apiVersion);
    const kind = typeof obj.kind === 'string' ? obj.kind : '';
    const meta = rec(obj.metadata);
    const namespace = isNamespaced(kind) ? str(meta?.namespace) ?? this.defaultNamespace : '';
    return {
      obj,
      group,
      version,
      kind,
      name: str(meta?.name) ?? '',
      namespace,
      spec: rec(obj.spec) ?? {},
      labels: stringMap(meta?.labels),
      annotations: stringMap(meta?.annotations),
    };
  }

  private index(ref: ObjectRef): void {
    const { group, kind, namespace, name, spec } = ref;
    if (namespace) this.knownNamespaces.add(namespace);

    if (group === '' && kind === 'Service') {
      this.services.set(`${namespace}/${name}`, ref);
      let set = this.serviceNamespaces.get(name);
      if (!set) this.serviceNamespaces.set(name, (set = new Set()));
      set.add(namespace);
    } else if (group === '' && kind === 'Namespace') {
      this.namespaceObjects.push(ref);
      if (ref.name) this.knownNamespaces.add(ref.name);
    } else if (group === 'maistra.io' && kind === 'ServiceMeshControlPlane') {
      this.controlPlanes.push(ref);
      this.controlPlaneNamespaces.add(namespace);
    } else if (group === 'maistra.io' && kind === 'ServiceMeshMemberRoll') {
      this.memberRolls.push(ref);
      for (const m of arr(spec.members)) {
        const member = str(m);
        if (member) {
          this.memberNamespaces.add(member);
          this.knownNamespaces.add(member);
        }
      }
      if (arr(spec.memberSelectors).length > 0) this.memberSelectorsUsed = true;
    } else if (group === 'maistra.io' && kind === 'ServiceMeshMember') {
      this.serviceMeshMembers.push(ref);
      this.memberNamespaces.add(namespace);
    }

    if (ISTIO_CONFIG_GROUPS.has(group)) {
      this.istioConfig.push(ref);
      if (group === 'networking.istio.io') this.indexNetworking(ref);
    }

    const tpl = POD_TEMPLATE_KINDS[kind];
    if (tpl && tpl.groups.includes(group)) {
      const meta = rec(dig(ref.obj, tpl.path)?.metadata);
      const template: PodTemplate = {
        owner: ref,
        namespace,
        labels: stringMap(meta?.labels),
        annotations: stringMap(meta?.annotations),
        longRunning: tpl.longRunning,
      };
      this.podTemplates.push(template);
      push(this.templatesByNamespace, namespace, template);
      for (const [k, v] of Object.entries(template.labels)) push(this.templatesByLabel, `${namespace}\n${k}=${v}`, template);
      this.addGatewayWorkload(template);
    }
  }

  private indexNetworking(ref: ObjectRef): void {
    const { kind, namespace, name, spec } = ref;
    switch (kind) {
      case 'Gateway':
        this.gateways.set(`${namespace}/${name}`, ref);
        break;
      case 'VirtualService':
        this.virtualServices.push(ref);
        break;
      case 'DestinationRule': {
        this.destinationRules.push(ref);
        const host = str(spec.host);
        if (!host) break;
        const fqdn = resolveHost(host, namespace);
        if (fqdn.includes('*')) this.wildcardDestinationRules.push(ref);
        else push(this.destinationRulesByHost, fqdn, ref);
        break;
      }
      case 'ServiceEntry':
        for (const h of arr(spec.hosts)) {
          const host = str(h);
          if (host) this.serviceEntryHosts.add(resolveHost(host, namespace));
        }
        break;
      default:
        break;
    }
  }

  private addGatewayWorkload(w: GatewayWorkload): void {
    this.gatewayWorkloads.push(w);
    for (const [k, v] of Object.entries(w.labels)) push(this.gatewayWorkloadsByLabel, `${k}=${v}`, w);
  }

  /**
   * The gateways the operator deploys for a `maistra.io/v2` control plane: `istio-ingressgateway` and
   * `istio-egressgateway` unless disabled, plus enabled `additionalIngress`/`additionalEgress` entries, with the
   * labels Istio's gateway charts give them (`app: <name>`, `istio: <name without "istio-">`).
   */
  private addOperatorGateways(cp: ObjectRef): void {
    if (cp.version !== 'v2') return;
    const gateways = rec(cp.spec.gateways);
    if (gateways?.enabled === false) return;
    const add = (name: string, config: Json | undefined): void => {
      if (config?.enabled === false) return;
      const runtimeLabels = stringMap(rec(rec(config?.runtime)?.metadata)?.labels);
      this.addGatewayWorkload({
        namespace: str(config?.namespace) ?? cp.namespace,
        labels: { app: name, istio: name.replace(/^istio-/, ''), ...runtimeLabels },
      });
    };
    add('istio-ingressgateway', rec(gateways?.ingress));
    add('istio-egressgateway', rec(gateways?.egress));
    for (const key of ['additionalIngress', 'additionalEgress']) {
      for (const [name, config] of Object.entries(rec(gateways?.[key]) ?? {})) add(name, rec(config));
    }
  }

  private collectDestinations(vs: ObjectRef): void {
    const add = (path: string, d: unknown): void => {
      const dest = rec(d);
      const host = str(dest?.host);
      if (!host) return;
      this.destinations.push({ vs, path, host, fqdn: resolveHost(host, vs.namespace), subset: str(dest?.subset) });
    };
    for (const section of ['http', 'tcp', 'tls']) {
      arr(vs.spec[section]).forEach((r, i) => {
        const rule = rec(r);
        arr(rule?.route).forEach((rd, j) => add(`${section}[${i}].route[${j}]`, rec(rd)?.destination));
        if (section === 'http') {
          add(`${section}[${i}].mirror`, rule?.mirror);
          arr(rule?.mirrors).forEach((m, j) => add(`${section}[${i}].mirrors[${j}]`, rec(m)?.destination));
        }
      });
    }
  }

  private istioVersion(assume: string): AnalysisContext['istio'] {
    let best: AnalysisContext['istio'] | undefined;
    for (const cp of this.controlPlanes) {
      const smcpVersion = str(cp.spec.version) ?? DEFAULT_SMCP_VERSION;
      const version = SMCP_ISTIO_VERSIONS[smcpVersion];
      const order = version === undefined ? undefined : parseMinor(version);
      if (version === undefined || order === undefined) continue;
      if (!best || order < best.order) {
        best = { version, order, source: `ServiceMeshControlPlane ${cp.namespace}/${cp.name} (${smcpVersion} runs Istio ${version})` };
      }
    }
    return best ?? { version: assume, order: parseMinor(assume) ?? 1020, source: `assumed Istio ${assume} (no ServiceMeshControlPlane in the set)` };
  }

  /** Pod templates in `namespace` whose labels carry all of `selector`. */
  templatesMatching(namespace: string, selector: Readonly<Record<string, string>>): PodTemplate[] {
    let candidates = this.templatesByNamespace.get(namespace) ?? [];
    for (const [k, v] of Object.entries(selector)) {
      const list = this.templatesByLabel.get(`${namespace}\n${k}=${v}`) ?? [];
      if (list.length < candidates.length) candidates = list;
    }
    return candidates.filter((t) => labelsMatch(selector, t.labels));
  }

  /** Whether any gateway workload, in any namespace, carries all of `selector` (non-empty). */
  hasGatewayWorkload(selector: Readonly<Record<string, string>>): boolean {
    let candidates: readonly GatewayWorkload[] | undefined;
    for (const [k, v] of Object.entries(selector)) {
      const list = this.gatewayWorkloadsByLabel.get(`${k}=${v}`) ?? [];
      if (!candidates || list.length < candidates.length) candidates = list;
    }
    return (candidates ?? []).some((w) => labelsMatch(selector, w.labels));
  }

  /** How `namespace` relates to the mesh; see {@link Membership}. */
  membership(namespace: string): Membership {
    if (this.controlPlaneNamespaces.has(namespace)) return 'control-plane';
    if (this.controlPlanes.length === 0 && this.memberRolls.some((r) => r.namespace === namespace)) return 'control-plane';
    if (this.memberRolls.length === 0 && this.serviceMeshMembers.length === 0) return 'assumed-member';
    if (this.memberNamespaces.has(namespace)) return 'member';
    if (this.memberRolls.length === 0 || this.memberSelectorsUsed) return 'unknown';
    return 'not-member';
  }
}
