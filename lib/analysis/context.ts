import { API_GROUP } from '../core/api-groups';
import { DestinationRuleIndex, DestinationRuleInfo, readDestinationRule } from './destination-rules';
import {
  exportToVisibility, GatewayRef, Host, HostIndex, parseGatewayRef, parseHost, SERVICE_EXPORT_TO_ANNOTATION, Visibility,
} from './hosts';
import {
  addToList, arr, compareConfigAge, isNamespaced, ownEntry, ISTIO_CONFIG_GROUPS, Json, labelSelectorMatches, labelsMatch, num, rec, splitApiVersion, str, strings, stringMap,
} from './kube';
import { ROUTE_SECTIONS } from './matches';
import { manifestSource } from './manifest-source';
import { PortInfo, readPort } from './protocols';
import { smcpGateways } from './smcp-gateways';
import { KubeObject } from '../core/kube-object';
import { DEFAULT_CONTROL_PLANE_NAMESPACE, MAISTRA_IGNORE_NAMESPACE_LABEL } from '../core/mesh-conventions';
import { ManifestSource } from './types';

/** Options of {@link analyze}. */
export interface AnalyzeOptions {
  /**
   * Namespace of namespaced objects that carry none, as `kubectl apply` without `-n` would use.
   * @default 'default'
   */
  readonly defaultNamespace?: string;
  /**
   * Istio version (`major.minor`) of the control plane when the analyzed set holds none (no ServiceMeshControlPlane,
   * no OSSM 3 `Istio`). It also decides whose injection rules apply to such a set: 1.22 and later are OSSM 3's
   * (injection by namespace label), earlier ones OSSM 2's. OSSM 2.6 runs Istio 1.20, OSSM 3.4 Istio 1.30.
   * @default '1.30' (OSSM 3, the project's default platform), or '1.20' (OSSM 2.6) when the set holds OSSM 2 objects
   * (a ServiceMeshMemberRoll or ServiceMeshMember)
   */
  readonly assumeIstio?: string;
  /**
   * Tells where an object was written, so that its findings carry `file` and `line`.
   * @default `manifestSource`: the file and line of objects loaded with `loadManifests` or `parseManifests`
   */
  readonly locate?: (object: KubeObject) => ManifestSource | undefined;
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
  /** `spec.nodeName` of the pod (template), when set. */
  readonly nodeName?: string;
  /** The ServiceAccount the pods run as (`spec.serviceAccountName`, or the old `serviceAccount`; `default` without). */
  readonly serviceAccount: string;
  /** The containers of the pod (template), `spec.containers`: name and image, as written. */
  readonly containers: ReadonlyArray<{ readonly name?: string; readonly image?: string }>;
}

/** A set of gateway pods: from a pod template in the set, or created by the operator for a ServiceMeshControlPlane. */
export interface GatewayWorkload {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The pod template, for gateways of the set (not for those the operator creates). */
  readonly template?: PodTemplate;
}

/** A `destination` of a VirtualService route or mirror. */
export interface RouteDestination {
  readonly vs: ObjectRef;
  /** Where in the spec, e.g. `http[0].route[1]` or `http[2].mirror`. */
  readonly path: string;
  /** The host as written. */
  readonly host: string;
  /** The host resolved in the VirtualService's namespace ({@link target}'s `fqdn`). */
  readonly fqdn: string;
  /** The host as read (see {@link Host}). */
  readonly target: Host;
  readonly subset?: string;
  /** `destination.port.number`, when given. */
  readonly port?: number;
}

/** A VirtualService, read once. */
export interface VirtualServiceInfo {
  readonly ref: ObjectRef;
  /** `spec.hosts`, read in the VirtualService's namespace. */
  readonly hosts: readonly Host[];
  /** `spec.gateways`, resolved (`mesh` included). */
  readonly gateways: readonly GatewayRef[];
  /** Every gateway reference (`spec.gateways` and `<section>[i].match[j].gateways`) with where it is. */
  readonly gatewayRefs: ReadonlyArray<{ readonly ref: GatewayRef; readonly path: string }>;
  /** Applies to sidecars: no `gateways`, or `mesh` listed. */
  readonly boundToMesh: boolean;
  /** The namespaces whose sidecars see it (`exportTo`). */
  readonly visibility: Visibility;
  /** `exportTo` as written (empty when not set). */
  readonly exportTo: readonly string[];
}

/** A Kubernetes Service, read once. */
export interface ServiceInfo {
  readonly ref: ObjectRef;
  readonly fqdn: string;
  /** `spec.selector`; empty when the Service has none (endpoints managed by hand, ExternalName). */
  readonly selector: Readonly<Record<string, string>>;
  readonly ports: readonly PortInfo[];
  /** From the annotation `networking.istio.io/exportTo`. */
  readonly visibility: Visibility;
  readonly type: string;
}

/** A ServiceEntry, read once. */
export interface ServiceEntryInfo {
  readonly ref: ObjectRef;
  readonly hosts: readonly Host[];
  readonly visibility: Visibility;
  readonly ports: readonly PortInfo[];
  /** Labels of each `endpoints[]` entry. */
  readonly endpointLabels: ReadonlyArray<Readonly<Record<string, string>>>;
  /** `workloadSelector.labels`, when endpoints are selected from pods. */
  readonly workloadSelector?: Readonly<Record<string, string>>;
}

/** What a host refers to in the set: a Kubernetes Service and/or ServiceEntries that declare it. */
export interface HostTarget {
  readonly service?: ServiceInfo;
  readonly serviceEntries: readonly ServiceEntryInfo[];
}

/**
 * How a namespace relates to the mesh:
 * - `control-plane`: holds a ServiceMeshControlPlane, or is the `spec.namespace` of an OSSM 3 `Istio`;
 * - `member`: listed by the ServiceMeshMemberRoll or holding a ServiceMeshMember (OSSM 2), or selected by the
 *   `discoverySelectors` of an `Istio` of the set (OSSM 3; an `Istio` without them discovers every namespace);
 * - `assumed-member`: the set holds no member roll, member nor `Istio`, so every namespace is taken as meant for the mesh;
 * - `not-member`: a member roll without memberSelectors does not list it, and no `Istio` of the set selects its
 *   Namespace object;
 * - `unknown`: membership is decided outside the set (memberSelectors, members without their roll, or discovery
 *   selectors and a namespace whose Namespace object is not in the set).
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

/** The Istio version of an OSSM 3 `Istio` that sets no `spec.version` (the OSSM 3.4 CRD's default). */
export const DEFAULT_SAIL_ISTIO_VERSION = 'v1.30.3';

/** The Istio version (`major.minor`) OSSM 2.6 runs: assumed for a set without control plane that holds OSSM 2 objects. */
export const OSSM2_ISTIO_VERSION = '1.20';

/** The Istio version (`major.minor`) OSSM 3.4 runs: assumed for a set without control plane (OSSM 3 is the default platform). */
export const OSSM3_ISTIO_VERSION = '1.30';

/** The platform whose rules govern a namespace: OSSM 2 (maistra.io, Istio 1.20) or OSSM 3 (sailoperator.io). */
export type MeshPlatform = 'ossm2' | 'ossm3';


/** The label Kubernetes gives every Namespace: its own name (discovery selectors may select on it). */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

const POD_TEMPLATE_KINDS: Readonly<Record<string, { groups: readonly string[]; path: readonly string[]; longRunning: boolean }>> = {
  Deployment: { groups: ['apps', 'extensions'], path: ['spec', 'template'], longRunning: true },
  StatefulSet: { groups: ['apps'], path: ['spec', 'template'], longRunning: true },
  DaemonSet: { groups: ['apps', 'extensions'], path: ['spec', 'template'], longRunning: true },
  ReplicaSet: { groups: ['apps', 'extensions'], path: ['spec', 'template'], longRunning: true },
  ReplicationController: { groups: [''], path: ['spec', 'template'], longRunning: true },
  DeploymentConfig: { groups: ['apps.openshift.io'], path: ['spec', 'template'], longRunning: true },
  Rollout: { groups: [API_GROUP.ARGO_CD], path: ['spec', 'template'], longRunning: true },
  Pod: { groups: [''], path: [], longRunning: true },
  Job: { groups: ['batch'], path: ['spec', 'template'], longRunning: false },
  CronJob: { groups: ['batch'], path: ['spec', 'jobTemplate', 'spec', 'template'], longRunning: false },
};

function dig(x: unknown, path: readonly string[]): Json | undefined {
  let cur = rec(x);
  for (const key of path) cur = rec(cur?.[key]);
  return cur;
}

function parseMinor(version: string): number | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  return m ? Number(m[1]) * 1000 + Number(m[2]) : undefined;
}

/** The mesh's root namespace (meshConfig `rootNamespace`) when the set holds no control plane: Istio's and OSSM's default. */
export const DEFAULT_ROOT_NAMESPACE = DEFAULT_CONTROL_PLANE_NAMESPACE;

/**
 * Everything the rules look up, indexed in one pass over the objects plus one over the Istio networking objects
 * (whose hosts are read once every namespace of the set is known), so that each rule runs in time linear in the
 * number of objects. New kinds need no new field: {@link ofKind} lists the objects of any kind.
 */
export class AnalysisContext {
  /** The analyzed objects, in input order. */
  readonly objects: readonly ObjectRef[];
  readonly defaultNamespace: string;
  /** Where an object was written (file and line), when known: {@link AnalyzeOptions.locate}. */
  readonly locate: (object: KubeObject) => ManifestSource | undefined;

  /** Services by `namespace/name`. */
  readonly services = new Map<string, ObjectRef>();
  /** Namespaces that hold a Service of each name. */
  readonly serviceNamespaces = new Map<string, Set<string>>();
  /** Istio Gateways (`networking.istio.io`) by `namespace/name`. */
  readonly gateways = new Map<string, ObjectRef>();
  readonly virtualServices: ObjectRef[] = [];
  readonly destinationRules: ObjectRef[] = [];
  readonly serviceEntries: ServiceEntryInfo[] = [];
  /** Objects of the Istio configuration API groups (networking, security, telemetry, extensions). */
  readonly istioConfig: ObjectRef[] = [];
  readonly podTemplates: PodTemplate[] = [];
  /** ServiceMeshControlPlanes of any `maistra.io` version. */
  readonly controlPlanes: ObjectRef[] = [];
  /** OSSM 3 control planes: `sailoperator.io` `Istio` resources. */
  readonly sailControlPlanes: ObjectRef[] = [];
  /** Names of the `IstioRevisionTag`s of the set (a tag named `default` makes `istio-injection: enabled` work). */
  readonly revisionTags = new Set<string>();
  readonly memberRolls: ObjectRef[] = [];
  readonly serviceMeshMembers: ObjectRef[] = [];
  readonly namespaceObjects: ObjectRef[] = [];
  /** Node labels by node name (Istio adds a node's topology labels to the endpoints of its pods). */
  readonly nodeLabels = new Map<string, Readonly<Record<string, string>>>();
  /** Every namespace an object lives in, is declared as a Namespace, or is listed as a mesh member. */
  readonly knownNamespaces = new Set<string>();
  /** Namespaces listed by a member roll or holding a ServiceMeshMember. */
  readonly memberNamespaces = new Set<string>();
  readonly controlPlaneNamespaces = new Set<string>();
  /** The mesh's root namespace: the control plane's namespace (the first by name), else `istio-system`. */
  readonly rootNamespace: string;
  /** Gateway pods: every pod template in the set plus the gateways the operator creates for each control plane. */
  readonly gatewayWorkloads: GatewayWorkload[] = [];
  /** Every destination of every VirtualService route and mirror. */
  readonly destinations: RouteDestination[] = [];
  /** DestinationRules grouped and indexed as Istio applies them. */
  readonly destinationRuleIndex: DestinationRuleIndex;
  /** Every DestinationRule read, in input order. */
  readonly destinationRuleInfos: DestinationRuleInfo[] = [];
  /** Istio minor version as `major*1000+minor` (1.20 → 1020) and where it came from. */
  readonly istio: { readonly version: string; readonly order: number; readonly source: string };

  private readonly byKind = new Map<string, ObjectRef[]>();
  /** {@link parseHost} results by `namespace\nhost`: routes repeat their hosts. */
  private readonly parsedHosts = new Map<string, Host>();
  /** {@link targetOf} results by resolved host. */
  private readonly targets = new Map<string, HostTarget>();
  private readonly serviceInfos = new Map<string, ServiceInfo>();
  private readonly virtualServiceInfos = new Map<ObjectRef, VirtualServiceInfo>();
  private readonly serviceEntryHosts = new HostIndex<{ readonly entry: ServiceEntryInfo; readonly host: Host }>();
  private readonly templatesByNamespace = new Map<string, PodTemplate[]>();
  private readonly templatesByLabel = new Map<string, PodTemplate[]>();
  private readonly gatewayWorkloadsByLabel = new Map<string, GatewayWorkload[]>();
  /** Services by `namespace\nk=v` of each selector label. */
  private readonly servicesBySelectorLabel = new Map<string, ServiceInfo[]>();
  private memberSelectorsUsed = false;
  private readonly namespacesByName = new Map<string, ObjectRef>();
  private readonly memberships = new Map<string, Membership>();

  constructor(objects: readonly KubeObject[], options: AnalyzeOptions = {}) {
    this.defaultNamespace = options.defaultNamespace ?? 'default';
    this.locate = options.locate ?? manifestSource;
    const refs: ObjectRef[] = [];
    for (const obj of objects) {
      const ref = this.toRef(obj);
      refs.push(ref);
      this.index(ref);
    }
    this.objects = refs;
    this.rootNamespace = [...this.controlPlaneNamespaces].sort()[0] ?? DEFAULT_ROOT_NAMESPACE;
    for (const cp of this.controlPlanes) this.addOperatorGateways(cp);
    // hosts are read once every namespace of the set is known (`name.ns` depends on it)
    for (const ref of this.ofKind('', 'Service')) this.indexService(ref);
    // in Istio's order of competing configurations, so that which ServiceEntry of a host comes first does not depend on the input order
    for (const ref of [...this.ofKind(API_GROUP.ISTIO_NETWORKING, 'ServiceEntry')].sort(compareConfigAge)) this.indexServiceEntry(ref);
    for (const vs of this.virtualServices) this.indexVirtualService(vs);
    for (const dr of this.destinationRules) {
      const info = readDestinationRule(dr, (h) => this.parseHost(h, dr.namespace));
      if (info) this.destinationRuleInfos.push(info);
    }
    this.destinationRuleIndex = new DestinationRuleIndex(this.destinationRuleInfos, this.rootNamespace);
    this.istio = this.istioVersion(options.assumeIstio ?? (this.hasMaistraObjects() ? OSSM2_ISTIO_VERSION : OSSM3_ISTIO_VERSION));
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
    addToList(this.byKind, `${group}/${kind}`, ref);

    if (group === '' && kind === 'Service') {
      this.services.set(`${namespace}/${name}`, ref);
      let set = this.serviceNamespaces.get(name);
      if (!set) this.serviceNamespaces.set(name, (set = new Set()));
      set.add(namespace);
    } else if (group === '' && kind === 'Namespace') {
      this.namespaceObjects.push(ref);
      if (ref.name) this.knownNamespaces.add(ref.name);
      if (ref.name && !this.namespacesByName.has(ref.name)) this.namespacesByName.set(ref.name, ref);
    } else if (group === '' && kind === 'Node') {
      this.nodeLabels.set(ref.name, ref.labels);
    } else if (group === API_GROUP.MAISTRA && kind === 'ServiceMeshControlPlane') {
      this.controlPlanes.push(ref);
      this.controlPlaneNamespaces.add(namespace);
    } else if (group === API_GROUP.MAISTRA && kind === 'ServiceMeshMemberRoll') {
      this.memberRolls.push(ref);
      for (const member of strings(spec.members)) {
        this.memberNamespaces.add(member);
        this.knownNamespaces.add(member);
      }
      if (arr(spec.memberSelectors).length > 0) this.memberSelectorsUsed = true;
    } else if (group === API_GROUP.MAISTRA && kind === 'ServiceMeshMember') {
      this.serviceMeshMembers.push(ref);
      this.memberNamespaces.add(namespace);
      // the member names its control plane's namespace, which therefore exists (and holds the 2.6 gateways)
      const controlPlaneNamespace = str(rec(spec.controlPlaneRef)?.namespace);
      if (controlPlaneNamespace) this.knownNamespaces.add(controlPlaneNamespace);
    } else if (group === API_GROUP.SAIL && kind === 'Istio') {
      this.sailControlPlanes.push(ref);
      const cpNamespace = str(spec.namespace) ?? DEFAULT_ROOT_NAMESPACE;
      this.controlPlaneNamespaces.add(cpNamespace);
      this.knownNamespaces.add(cpNamespace);
    } else if (group === API_GROUP.SAIL && kind === 'IstioRevisionTag') {
      this.revisionTags.add(ref.name);
    }

    if (ISTIO_CONFIG_GROUPS.has(group)) {
      this.istioConfig.push(ref);
      if (group === API_GROUP.ISTIO_NETWORKING) {
        if (kind === 'Gateway') this.gateways.set(`${namespace}/${name}`, ref);
        else if (kind === 'VirtualService') this.virtualServices.push(ref);
        else if (kind === 'DestinationRule') this.destinationRules.push(ref);
      }
    }

    const tpl = ownEntry(POD_TEMPLATE_KINDS, kind);
    if (tpl && tpl.groups.includes(group)) {
      const template = dig(ref.obj, tpl.path);
      const meta = rec(template?.metadata);
      const podSpec = rec(template?.spec);
      const nodeName = str(podSpec?.nodeName);
      const podTemplate: PodTemplate = {
        owner: ref,
        namespace,
        labels: stringMap(meta?.labels),
        annotations: stringMap(meta?.annotations),
        longRunning: tpl.longRunning,
        serviceAccount: str(podSpec?.serviceAccountName) ?? str(podSpec?.serviceAccount) ?? 'default',
        containers: arr(podSpec?.containers).map((c) => ({ name: str(rec(c)?.name), image: str(rec(c)?.image) })),
        ...(nodeName ? { nodeName } : {}),
      };
      this.podTemplates.push(podTemplate);
      addToList(this.templatesByNamespace, namespace, podTemplate);
      for (const [k, v] of Object.entries(podTemplate.labels)) addToList(this.templatesByLabel, `${namespace}\n${k}=${v}`, podTemplate);
      this.addGatewayWorkload({ namespace, labels: podTemplate.labels, template: podTemplate });
    }
  }

  private indexService(ref: ObjectRef): void {
    const exportTo = ref.annotations[SERVICE_EXPORT_TO_ANNOTATION];
    const info: ServiceInfo = {
      ref,
      fqdn: parseHost(ref.name, ref.namespace).fqdn,
      selector: stringMap(ref.spec.selector),
      ports: arr(ref.spec.ports).flatMap((p) => readPort(p) ?? []),
      visibility: exportToVisibility(exportTo === undefined ? undefined : exportTo.split(','), ref.namespace),
      type: str(ref.spec.type) ?? 'ClusterIP',
    };
    this.serviceInfos.set(`${ref.namespace}/${ref.name}`, info);
    for (const [k, v] of Object.entries(info.selector)) addToList(this.servicesBySelectorLabel, `${ref.namespace}\n${k}=${v}`, info);
  }

  private indexServiceEntry(ref: ObjectRef): void {
    const selector = rec(ref.spec.workloadSelector);
    const entry: ServiceEntryInfo = {
      ref,
      hosts: strings(ref.spec.hosts).map((h) => this.parseHost(h, ref.namespace)),
      visibility: exportToVisibility(strings(ref.spec.exportTo), ref.namespace),
      ports: arr(ref.spec.ports).flatMap((p) => readPort(p) ?? []),
      endpointLabels: arr(ref.spec.endpoints).map((e) => stringMap(rec(e)?.labels)),
      ...(selector ? { workloadSelector: stringMap(selector.labels) } : {}),
    };
    this.serviceEntries.push(entry);
    for (const host of entry.hosts) this.serviceEntryHosts.add(host.fqdn, { entry, host });
  }

  private indexVirtualService(vs: ObjectRef): void {
    const gateways = strings(vs.spec.gateways).map((g) => parseGatewayRef(g, vs.namespace));
    const gatewayRefs = gateways.map((ref, i) => ({ ref, path: `gateways[${i}]` }));
    const exportTo = strings(vs.spec.exportTo);
    for (const section of ROUTE_SECTIONS) {
      arr(vs.spec[section]).forEach((r, i) => {
        const rule = rec(r);
        arr(rule?.match).forEach((m, j) => {
          arr(rec(m)?.gateways).forEach((g, k) => {
            if (typeof g === 'string' && g !== '') {
              gatewayRefs.push({ ref: parseGatewayRef(g, vs.namespace), path: `${section}[${i}].match[${j}].gateways[${k}]` });
            }
          });
        });
        const add = (path: string, d: unknown): void => {
          const dest = rec(d);
          const host = str(dest?.host);
          if (!host) return;
          const target = this.parseHost(host, vs.namespace);
          const port = num(rec(dest?.port)?.number);
          this.destinations.push({
            vs, path, host, fqdn: target.fqdn, target, subset: str(dest?.subset), ...(port !== undefined ? { port } : {}),
          });
        };
        arr(rule?.route).forEach((rd, j) => add(`${section}[${i}].route[${j}]`, rec(rd)?.destination));
        if (section === 'http') {
          add(`${section}[${i}].mirror`, rule?.mirror);
          arr(rule?.mirrors).forEach((m, j) => add(`${section}[${i}].mirrors[${j}]`, rec(m)?.destination));
        }
      });
    }
    this.virtualServiceInfos.set(vs, {
      ref: vs,
      hosts: strings(vs.spec.hosts).map((h) => this.parseHost(h, vs.namespace)),
      gateways,
      gatewayRefs,
      boundToMesh: gateways.length === 0 || gateways.some((g) => g.mesh),
      visibility: exportToVisibility(exportTo, vs.namespace),
      exportTo,
    });
  }

  private addGatewayWorkload(w: GatewayWorkload): void {
    this.gatewayWorkloads.push(w);
    for (const [k, v] of Object.entries(w.labels)) addToList(this.gatewayWorkloadsByLabel, `${k}=${v}`, w);
  }

  /** The gateways the operator deploys for a `maistra.io/v2` control plane (see {@link smcpGateways}). */
  private addOperatorGateways(cp: ObjectRef): void {
    if (cp.version !== 'v2') return;
    for (const gateway of smcpGateways(cp.spec, cp.namespace)) this.addGatewayWorkload({ namespace: gateway.namespace, labels: gateway.labels });
  }

  /** The oldest Istio of the control planes of the set; of control planes that run the same one, the first by kind (ServiceMeshControlPlane first), namespace and name, whatever the input order. */
  private istioVersion(assume: string): AnalysisContext['istio'] {
    const candidates: Array<AnalysisContext['istio'] & { readonly rank: string }> = [];
    for (const cp of this.controlPlanes) {
      const smcpVersion = str(cp.spec.version) ?? DEFAULT_SMCP_VERSION;
      const version = ownEntry(SMCP_ISTIO_VERSIONS, smcpVersion);
      const order = version === undefined ? undefined : parseMinor(version);
      if (version === undefined || order === undefined) continue;
      candidates.push({ version, order, rank: `0\n${cp.namespace}\n${cp.name}`, source: `ServiceMeshControlPlane ${cp.namespace}/${cp.name} (${smcpVersion} runs Istio ${version})` });
    }
    for (const cp of this.sailControlPlanes) {
      const sailVersion = str(cp.spec.version) ?? DEFAULT_SAIL_ISTIO_VERSION;
      const m = /^v?(\d+)\.(\d+)/.exec(sailVersion);
      if (!m) continue;
      const version = `${m[1]}.${m[2]}`;
      candidates.push({ version, order: parseMinor(version)!, rank: `1\n${cp.name}`, source: `Istio ${cp.name} (${sailVersion})` });
    }
    const best = candidates.sort((a, b) => a.order - b.order || (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0))[0];
    return best ? { version: best.version, order: best.order, source: best.source }
      : { version: assume, order: parseMinor(assume) ?? 1020, source: `assumed Istio ${assume} (no ServiceMeshControlPlane or Istio in the set)` };
  }

  /** The objects of one kind (`group` is `''` for the core group), in input order. */
  ofKind(group: string, kind: string): readonly ObjectRef[] {
    return this.byKind.get(`${group}/${kind}`) ?? [];
  }

  /** Reads `host` written in an object of `namespace`, knowing the namespaces of the set (see {@link parseHost}). */
  parseHost(host: string, namespace: string): Host {
    const key = `${namespace}\n${host}`;
    let parsed = this.parsedHosts.get(key);
    if (!parsed) this.parsedHosts.set(key, (parsed = parseHost(host, namespace, this.knownNamespaces)));
    return parsed;
  }

  /** The VirtualService read once (hosts, gateways, exportTo). */
  virtualService(vs: ObjectRef): VirtualServiceInfo {
    const info = this.virtualServiceInfos.get(vs);
    if (!info) throw new Error(`not a VirtualService of this analysis: ${vs.kind} ${vs.namespace}/${vs.name}`);
    return info;
  }

  /** The Service `namespace/name`, read once. */
  service(namespace: string, name: string): ServiceInfo | undefined {
    return this.serviceInfos.get(`${namespace}/${name}`);
  }

  /**
   * What `host` refers to: the Kubernetes Service it names and the ServiceEntries whose hosts match it (for a
   * wildcard host, whose hosts overlap it), regardless of `exportTo`.
   */
  targetOf(host: Host): HostTarget {
    let target = this.targets.get(host.fqdn);
    if (!target) {
      const service = host.service ? this.service(host.service.namespace, host.service.name) : undefined;
      const entries = new Set<ServiceEntryInfo>();
      if (this.serviceEntries.length > 0) {
        for (const { entry } of host.wildcard ? this.serviceEntryHosts.overlapping(host.fqdn) : this.serviceEntryHosts.matching(host.fqdn)) {
          entries.add(entry);
        }
      }
      target = service ? { service, serviceEntries: [...entries] } : { serviceEntries: [...entries] };
      this.targets.set(host.fqdn, target);
    }
    return target;
  }

  /** The namespace of what `host` refers to (its Service's, else the first ServiceEntry's), if known. */
  hostNamespace(host: Host, target: HostTarget = this.targetOf(host)): string | undefined {
    return host.service?.namespace ?? target.serviceEntries[0]?.ref.namespace;
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

  /** Gateway workloads, in any namespace, that carry all of `selector` (non-empty). */
  gatewayWorkloadsMatching(selector: Readonly<Record<string, string>>): GatewayWorkload[] {
    let candidates: readonly GatewayWorkload[] | undefined;
    for (const [k, v] of Object.entries(selector)) {
      const list = this.gatewayWorkloadsByLabel.get(`${k}=${v}`) ?? [];
      if (!candidates || list.length < candidates.length) candidates = list;
    }
    return (candidates ?? []).filter((w) => labelsMatch(selector, w.labels));
  }

  /** Whether any gateway workload, in any namespace, carries all of `selector` (non-empty). */
  hasGatewayWorkload(selector: Readonly<Record<string, string>>): boolean {
    return this.gatewayWorkloadsMatching(selector).length > 0;
  }

  /** Services of the pod template's namespace whose (non-empty) selector the template's labels carry. */
  servicesSelecting(template: PodTemplate): ServiceInfo[] {
    const out = new Set<ServiceInfo>();
    for (const [k, v] of Object.entries(template.labels)) {
      for (const svc of this.servicesBySelectorLabel.get(`${template.namespace}\n${k}=${v}`) ?? []) {
        if (labelsMatch(svc.selector, template.labels)) out.add(svc);
      }
    }
    return [...out];
  }

  /** How `namespace` relates to the mesh; see {@link Membership}. */
  membership(namespace: string): Membership {
    let m = this.memberships.get(namespace);
    if (m === undefined) this.memberships.set(namespace, (m = this.computeMembership(namespace)));
    return m;
  }

  private computeMembership(namespace: string): Membership {
    if (this.controlPlaneNamespaces.has(namespace)) return 'control-plane';
    if (this.controlPlanes.length === 0 && this.memberRolls.some((r) => r.namespace === namespace)) return 'control-plane';
    const verdicts: Membership[] = [];
    if (this.memberRolls.length > 0 || this.serviceMeshMembers.length > 0) verdicts.push(this.maistraMembership(namespace));
    if (this.sailControlPlanes.length > 0) verdicts.push(this.sailMembership(namespace));
    if (verdicts.length === 0) return 'assumed-member';
    return verdicts.includes('member') ? 'member' : verdicts.includes('unknown') ? 'unknown' : 'not-member';
  }

  /** OSSM 2: the member roll (and ServiceMeshMembers). */
  private maistraMembership(namespace: string): Membership {
    if (this.memberNamespaces.has(namespace)) return 'member';
    if (this.memberRolls.length === 0 || this.memberSelectorsUsed) return 'unknown';
    return 'not-member';
  }

  /** OSSM 3: the discovery selectors of each `Istio`, on the namespace's labels (its Namespace object's, if in the set). */
  private sailMembership(namespace: string): Membership {
    const nsObject = this.namespaceObject(namespace);
    const labels = { ...nsObject?.labels, [NAMESPACE_NAME_LABEL]: namespace };
    let verdict: Membership = 'not-member';
    for (const cp of this.sailControlPlanes) {
      const selectors = this.discoverySelectors(cp);
      if (selectors.length === 0 || selectors.some((sel) => labelSelectorMatches(sel, labels))) return 'member';
      if (!nsObject) verdict = 'unknown';
    }
    return verdict;
  }

  /** `spec.values.meshConfig.discoverySelectors` of an `Istio` (empty: it discovers every namespace). */
  discoverySelectors(istio: ObjectRef): readonly unknown[] {
    return arr(rec(rec(istio.spec.values)?.meshConfig)?.discoverySelectors);
  }

  /**
   * Why a `not-member` namespace is not in the mesh, as the end of a sentence that starts with the namespace: "is not
   * listed by the ServiceMeshMemberRoll", "is not selected by the discoverySelectors of Istio default", or both.
   */
  whyNotMember(namespace: string): string {
    const reasons: string[] = [];
    if (this.memberRolls.length > 0) reasons.push('is not listed by the ServiceMeshMemberRoll');
    if (this.sailControlPlanes.length > 0) {
      reasons.push(`is not selected by the discoverySelectors of Istio ${this.sailControlPlanes.map((cp) => cp.name).join(', ')}`);
    }
    return `${namespace} ${reasons.join(' and ')}`;
  }

  /**
   * Whose injection rules apply to pods of `namespace`: OSSM 3's when an `Istio` of the set discovers it and no OSSM 2
   * member roll claims it (or its Namespace object hands it over with `maistra.io/ignore-namespace: "true"`, as in a
   * migration); OSSM 2's otherwise; for sets with neither, the `assumeIstio` version decides (1.22 and later, the
   * default, are taken as OSSM 3).
   */
  platformOf(namespace: string): MeshPlatform {
    const maistra = this.hasMaistraObjects();
    if (this.sailControlPlanes.length === 0) return !maistra && this.istio.order >= 1022 ? 'ossm3' : 'ossm2';
    if (!maistra) return 'ossm3';
    if (this.sailMembership(namespace) === 'not-member') return 'ossm2';
    const handedOver = this.namespaceObject(namespace)?.labels[MAISTRA_IGNORE_NAMESPACE_LABEL] === 'true';
    return handedOver || this.maistraMembership(namespace) !== 'member' ? 'ossm3' : 'ossm2';
  }

  /** Whether the set holds OSSM 2 (maistra.io) mesh objects: a ServiceMeshControlPlane, member roll or ServiceMeshMember. */
  private hasMaistraObjects(): boolean {
    return this.controlPlanes.length > 0 || this.memberRolls.length > 0 || this.serviceMeshMembers.length > 0;
  }

  /** The Namespace object of `namespace` in the set, if any. */
  namespaceObject(namespace: string): ObjectRef | undefined {
    return this.namespacesByName.get(namespace);
  }

  /** Whether workloads and Services in `namespace` are meant to be in the mesh (member, or assumed when no roll is in the set). */
  inMesh(namespace: string): boolean {
    const m = this.membership(namespace);
    return m === 'member' || m === 'assumed-member';
  }
}
