import { App, Chart } from 'cdk8s';
import { API_GROUP } from '../core/api-groups';
import { arr, labelsMatch, rec, str, strings, stringMap } from '../analysis/kube';
import { splitGatewayServerHost } from '../analysis/hosts';
import { smcpGateways, smcpRunsIor, smcpRunsIorByDefault } from '../analysis/smcp-gateways';
import { KubeObject, splitApiVersion } from '../core/kube-object';
import { formatValue, isDnsLabel, isDnsSubdomain } from '../core/validation';
import {
  DEFAULT_CONTROL_PLANE_NAMESPACE, EGRESS_GATEWAY_NAME, INGRESS_GATEWAY_NAME, INGRESS_GATEWAY_PORT_NAMES, ISTIO_DISCOVERY_LABEL, ISTIO_INJECTION_LABEL, ISTIO_REVISION_LABEL, MAISTRA_IGNORE_NAMESPACE_LABEL,
} from '../core/mesh-conventions';
import { DEFAULT_CNI_NAMESPACE, DEFAULT_SAIL_VERSION, SAIL_ISTIO_VERSIONS } from '../ossm3/control-plane';
import { DEFAULT_KIALI_NAME, KialiServer, KialiServerProps } from '../ossm3/kiali-server';
import { IstioValues } from './istio-values';
import { MigrationStatus, ruleAt, SmcpFieldRule } from './smcp-fields';

/** The namespace label the migrated `Istio`'s discovery selectors select (its value: the `Istio`'s name). */
export const MIGRATION_DISCOVERY_LABEL = ISTIO_DISCOVERY_LABEL;

/** Options of {@link migrateOssm2}. */
export interface MigrateOptions {
  /** The Istio version of the OSSM 3 control planes (and their IstioCNI), one of `SAIL_ISTIO_VERSIONS`. @default 'v1.30-latest' */
  readonly istioVersion?: string;
  /** Namespace of the Istio CNI node agent. @default 'istio-cni' */
  readonly cniNamespace?: string;
}

/** One field of a `ServiceMeshControlPlane`'s `spec` and what became of it. */
export interface MigrationField {
  /** The field under `spec`, dotted (a map or list is one field). */
  readonly field: string;
  /** Its value in the input. */
  readonly value: unknown;
  /** What became of it. */
  readonly status: MigrationStatus;
  /** Where it went: a field of the Istio resource (`spec.values.…`), or the resource that carries it. */
  readonly to?: string;
  /** Why (for nothing to do and not migratable), and what to do instead. */
  readonly reason?: string;
}

/** One `ServiceMeshControlPlane` and its OSSM 3 counterpart. */
export interface MigratedControlPlane {
  /** `namespace/name` of the ServiceMeshControlPlane. */
  readonly source: string;
  /** Name of the `Istio` written for it (also its revision, with InPlace updates): the control plane's namespace. */
  readonly istio: string;
  /** Its `spec.mode` (`MultiTenant` when unset). */
  readonly mode: string;
  /** The member namespaces listed by its member roll and ServiceMeshMembers. */
  readonly members: readonly string[];
  /** Every field of its `spec`, in input order. */
  readonly fields: readonly MigrationField[];
  /** What the report must also say: defaults of 2.6 that OSSM 3 does not have, steps left to do. */
  readonly notes: readonly string[];
}

/** A file of the output, in apply order. */
export interface MigrationFile {
  /** File name, e.g. `01-control-plane.yaml`. */
  readonly name: string;
  /** What it holds and when to apply it. */
  readonly description: string;
  /** Its objects, in apply order. */
  readonly objects: readonly KubeObject[];
}

/** What {@link migrateOssm2} wrote and found. */
export interface MigrationResult {
  /** The OSSM 3 objects, in files in apply order (empty files left out). */
  readonly files: readonly MigrationFile[];
  /** One entry per ServiceMeshControlPlane of the input. */
  readonly controlPlanes: readonly MigratedControlPlane[];
  /** Notes on the input as a whole (objects of other kinds, Gateways no control plane served). */
  readonly notes: readonly string[];
  /** Whether every field in use was migrated: false when some field is not migratable (the rest is still written). */
  readonly complete: boolean;
}

/** The input has nothing to migrate, or an option is not valid. */
export class MigrationInputError extends Error {}

type Json = Record<string, unknown>;

/** Control-plane versions that ran IOR when `gateways.openshiftRoute.enabled` is unset (2.5 turned it off). */

/**
 * Converts OSSM 2.6 control planes to OSSM 3, following Red Hat's "ServiceMeshControlPlane resource to Istio resource
 * fields mapping" and the sail-operator's migration guides (docs/ossm/ossm2-migration/: README.md, multi-tenancy/,
 * cluster-wide/, gateway-migration.md; the field table is {@link SMCP_FIELD_RULES}).
 *
 * For each `maistra.io/v2` ServiceMeshControlPlane of `objects` (with its ServiceMeshMemberRoll, ServiceMeshMembers and
 * the Gateways of its member namespaces, when the input holds them): an `Istio` named after its namespace, in the same
 * namespace (so the two control planes share the root certificate during the migration, as the guides require), with
 * `InPlace` updates, the mapped fields and discovery selectors; one `IstioCNI` for all; the namespace labels that
 * hand each member namespace to the new revision (`istio.io/rev`, `maistra.io/ignore-namespace: "true"`, and for a
 * MultiTenant mesh the discovery label); a Kiali resource when Kiali was on; a mesh-wide STRICT PeerAuthentication
 * when data-plane mTLS was on; and the Routes IOR made for Gateway hosts. Every field of the SMCP's `spec` is reported:
 * mapped to what, handled by which resource, nothing to do, or not migratable and why.
 *
 * Namespaces are written as Namespace objects that carry only the labels to add: `oc apply` adds them to the existing
 * namespaces and changes nothing else; never `oc delete -f` that file, which would delete the namespaces.
 * @throws MigrationInputError when the input holds no ServiceMeshControlPlane, or an option is not valid
 */
export function migrateOssm2(objects: readonly KubeObject[], options: MigrateOptions = {}): MigrationResult {
  const istioVersion = options.istioVersion ?? DEFAULT_SAIL_VERSION;
  if (!SAIL_ISTIO_VERSIONS.includes(istioVersion)) {
    throw new MigrationInputError(`Istio version ${formatValue(istioVersion)} is not valid. Allowed: one of ${SAIL_ISTIO_VERSIONS.join(', ')}.`);
  }
  const cniNamespace = options.cniNamespace ?? DEFAULT_CNI_NAMESPACE;
  if (!isDnsLabel(cniNamespace)) throw new MigrationInputError(`CNI namespace ${formatValue(cniNamespace)} is not valid. Allowed: a DNS-1123 label.`);

  const of = (group: string, kind: string) => objects.filter((o) => splitApiVersion(o.apiVersion).group === group && o.kind === kind);
  const smcps = of(API_GROUP.MAISTRA, 'ServiceMeshControlPlane');
  if (smcps.length === 0) throw new MigrationInputError('no ServiceMeshControlPlane (maistra.io) in the input: nothing to migrate.');
  const rolls = of(API_GROUP.MAISTRA, 'ServiceMeshMemberRoll');
  const members = of(API_GROUP.MAISTRA, 'ServiceMeshMember');
  // a Gateway without a valid name and namespace is no object of a cluster: it is left with the other objects
  const gateways = of(API_GROUP.ISTIO_NETWORKING, 'Gateway').filter((g) => isDnsLabel(rec(g.metadata)?.namespace) && isDnsSubdomain(rec(g.metadata)?.name));
  const namespaces = new Map(objects.filter((o) => o.apiVersion === 'v1' && o.kind === 'Namespace').map((n) => [str(rec(n.metadata)?.name) ?? '', n]));
  const known = new Set([...smcps, ...rolls, ...members, ...gateways, ...namespaces.values()]);
  const others = objects.filter((o) => !known.has(o));

  const controlPlaneObjects: KubeObject[] = [];
  const memberLabels: KubeObject[] = [];
  const routes: KubeObject[] = [];
  const controlPlanes: MigratedControlPlane[] = [];
  const served = new Set<KubeObject>();
  for (const smcp of smcps) {
    const migrated = migrateControlPlane(smcp, { rolls, members, gateways, namespaces, istioVersion });
    controlPlanes.push(migrated.report);
    controlPlaneObjects.push(...migrated.controlPlane);
    memberLabels.push(...migrated.memberLabels);
    routes.push(...migrated.routes);
    for (const g of migrated.servedGateways) served.add(g);
  }
  const cni: KubeObject = { apiVersion: 'sailoperator.io/v1', kind: 'IstioCNI', metadata: { name: 'default' }, spec: { namespace: cniNamespace, version: istioVersion } };
  const notes = [
    ...(others.length > 0 ? [`ignored ${others.length} object${others.length === 1 ? '' : 's'} of other kinds (${[...new Set(others.map((o) => (typeof o.kind === 'string' ? o.kind : formatValue(o.kind))))].sort().join(', ')}): `
      + 'they need no migration, or (Istio configuration) work unchanged on OSSM 3, which serves networking.istio.io/v1beta1 too.'] : []),
    ...gateways.filter((g) => !served.has(g)).map((g) => `Gateway ${g.metadata?.namespace}/${g.metadata?.name}: no Route written, as no control plane of the input `
      + 'that runs IOR has its namespace as a member (listed by name).'),
    `Create the IstioCNI (namespace ${cniNamespace}) before any Istio: OSSM 3 on OpenShift needs the CNI node agent. The ${cniNamespace} namespace must exist (oc create namespace ${cniNamespace}).`,
  ];
  const files: MigrationFile[] = [
    {
      name: '01-control-plane.yaml',
      description: 'the IstioCNI, the Istio resources, their PeerAuthentication and Kiali, and the discovery label of each control-plane namespace; apply once the OSSM 3 and Kiali operators are installed, and wait for each Istio to be Ready',
      objects: [cni, ...controlPlaneObjects],
    },
    {
      name: '02-member-namespaces.yaml',
      description: 'the labels that hand each member namespace to its OSSM 3 revision; apply one namespace at a time when you migrate it, then restart its workloads. Namespaces here are existing ones: never oc delete this file',
      objects: memberLabels,
    },
    { name: '03-routes.yaml', description: 'the Routes IOR made for Gateway hosts; apply once IOR is off', objects: routes },
  ].filter((f) => f.objects.length > 0);
  return { files, controlPlanes, notes, complete: controlPlanes.every((cp) => cp.fields.every((f) => f.status !== MigrationStatus.NOT_MIGRATABLE)) };
}

interface Context {
  readonly rolls: readonly KubeObject[];
  readonly members: readonly KubeObject[];
  readonly gateways: readonly KubeObject[];
  readonly namespaces: ReadonlyMap<string, KubeObject>;
  readonly istioVersion: string;
}

function migrateControlPlane(smcp: KubeObject, context: Context) {
  const metadata = rec(smcp.metadata);
  const namespace = metadata?.namespace === undefined ? DEFAULT_CONTROL_PLANE_NAMESPACE : metadata.namespace;
  if (!isDnsLabel(namespace) || !isDnsSubdomain(metadata?.name)) {
    throw new MigrationInputError(`ServiceMeshControlPlane ${formatValue(metadata?.name)} in namespace ${formatValue(namespace)}: its name or namespace is not valid. `
      + 'Allowed: a DNS-1123 subdomain as name and a DNS-1123 label as namespace, as the cluster requires.');
  }
  const source = `${namespace}/${metadata!.name}`;
  const istioName = namespace;
  const spec = rec(smcp.spec) ?? {};
  const none = { controlPlane: [], memberLabels: [], routes: [], servedGateways: [] };
  if (splitApiVersion(smcp.apiVersion).version !== 'v2') {
    return {
      ...none,
      report: {
        source, istio: istioName, mode: '', members: [], notes: [],
        fields: [{ field: 'apiVersion', value: smcp.apiVersion, status: MigrationStatus.NOT_MIGRATABLE, reason: 'only maistra.io/v2 control planes are migrated: read it as v2 first (oc get smcp.v2.maistra.io <name> -n <namespace> -o yaml).' }],
      },
    };
  }
  const mode = str(spec.mode) ?? 'MultiTenant';
  const roll = context.rolls.find((r) => rec(r.metadata)?.namespace === namespace && rec(r.metadata)?.name === 'default');
  const memberSelectors = arr(rec(roll?.spec)?.memberSelectors);
  const memberNamespaces = [...new Set([
    ...strings(rec(roll?.spec)?.members),
    ...context.members.filter((m) => str(rec(rec(m.spec)?.controlPlaneRef)?.namespace) === namespace).map((m) => str(rec(m.metadata)?.namespace) ?? ''),
  ])].filter((n) => isDnsLabel(n) && n !== namespace);

  const values = new IstioValues();
  const setBy = new Map<string, string>();
  const fields = walk(spec, [], (path, value, rule) => {
    const field = path.join('.');
    if (!rule) return { field, value, status: MigrationStatus.NOT_MIGRATABLE, reason: 'no known mapping to OSSM 3: check this field in Red Hat\'s mapping tables and set its counterpart yourself.' };
    if (field === 'meshConfig.discoverySelectors' && mode !== 'ClusterWide') {
      return { field, value, status: MigrationStatus.NOTHING_TO_DO, reason: 'a MultiTenant 2.6 control plane ignores it; the Istio\'s discovery selectors come from the member roll.' };
    }
    if (rule.to !== undefined) {
      const converted = rule.convert ? rule.convert(value) : value;
      if (converted === undefined) {
        return { field, value, status: MigrationStatus.NOT_MIGRATABLE, reason: `spec.values.${rule.to} accepts no counterpart of ${formatValue(value)}: set it yourself to a value the Istio resource allows.` };
      }
      const previous = setBy.get(rule.to);
      if (previous !== undefined && JSON.stringify(values.get(rule.to)) !== JSON.stringify(converted)) {
        return { field, value, status: MigrationStatus.NOT_MIGRATABLE, reason: `spec.values.${rule.to} is already set by ${previous} to ${formatValue(values.get(rule.to))}; the Istio resource has one field for both.` };
      }
      const refused = values.set(rule.to, converted);
      if (refused !== undefined) {
        return { field, value, status: MigrationStatus.NOT_MIGRATABLE, reason: `the OSSM 3 Istio resource refuses it: ${refused} Set spec.values.${rule.to} yourself to a value it allows.` };
      }
      setBy.set(rule.to, field);
      return { field, value, status: MigrationStatus.MAPPED, to: `spec.values.${rule.to}` };
    }
    if (field === 'addons.kiali.name' && !isDnsSubdomain(value)) {
      return { field, value, status: MigrationStatus.NOT_MIGRATABLE, reason: `not a valid name for the Kiali resource (a DNS-1123 subdomain): it is named ${formatValue(DEFAULT_KIALI_NAME)}.` };
    }
    const inUse = (rule.inUse ?? defaultInUse)(value, spec);
    if (rule.handledBy !== undefined) {
      return inUse ? { field, value, status: MigrationStatus.HANDLED, to: rule.handledBy } : { field, value, status: MigrationStatus.NOTHING_TO_DO, reason: 'off in 2.6.' };
    }
    if (inUse && rule.lost !== undefined) return { field, value, status: MigrationStatus.NOT_MIGRATABLE, reason: rule.lost };
    return { field, value, status: MigrationStatus.NOTHING_TO_DO, reason: rule.nothing ?? 'off in 2.6, and OSSM 3 does not have it.' };
  });

  const discoverySelectors = mode === 'ClusterWide'
    ? values.get('meshConfig.discoverySelectors') as unknown[] | undefined
    : [{ matchLabels: { [MIGRATION_DISCOVERY_LABEL]: istioName } }, ...memberSelectors];
  if (discoverySelectors !== undefined && mode !== 'ClusterWide') {
    const refused = values.set('meshConfig.discoverySelectors', discoverySelectors);
    if (refused !== undefined) {
      throw new MigrationInputError(`ServiceMeshMemberRoll ${namespace}/default: its memberSelectors are not valid as the Istio's discovery selectors: ${refused}`);
    }
  }
  const istio: KubeObject = {
    apiVersion: 'sailoperator.io/v1',
    kind: 'Istio',
    metadata: { name: istioName },
    spec: { namespace, version: context.istioVersion, updateStrategy: { type: 'InPlace' }, ...(values.toJson() && { values: values.toJson() }) },
  };
  const discovery: Record<string, string> = mode === 'ClusterWide' ? {} : { [MIGRATION_DISCOVERY_LABEL]: istioName };
  const controlPlane: KubeObject[] = [
    ...(mode === 'ClusterWide' ? [] : [namespaceLabels(namespace, discovery)]),
    istio,
  ];
  if (spec.security && rec(rec(spec.security)?.dataPlane)?.mtls === true) {
    controlPlane.push({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace }, spec: { mtls: { mode: 'STRICT' } } });
  }
  const kiali = rec(rec(spec.addons)?.kiali);
  // a MultiTenant 2.6 Kiali saw only the members: the migrated one sees what the Istio discovers
  if (kiali?.enabled === true) controlPlane.push(...kialiObjects(namespace, isDnsSubdomain(kiali.name) ? kiali.name : DEFAULT_KIALI_NAME, discoverySelectors));

  const handOver = { ...discovery, [ISTIO_REVISION_LABEL]: istioName, [MAISTRA_IGNORE_NAMESPACE_LABEL]: 'true' };
  const memberLabels = memberNamespaces.map((n) => namespaceLabels(n, handOver));
  const ior = smcpRunsIor(spec);
  const servedGateways = ior ? context.gateways.filter((g) => [...memberNamespaces, namespace].includes(str(rec(g.metadata)?.namespace) ?? '')) : [];
  const routeNotes: string[] = [];
  const routes = servedGateways.flatMap((g) => iorRoutes(g, smcpGateways(spec, namespace), routeNotes));

  const notes = [
    ...implicitDefaults(spec),
    ...routeNotes,
    ...(memberSelectors.length > 0 ? [`the member roll selects namespaces by memberSelectors, which the Istio's discovery selectors include; label each such namespace yourself: `
      + `oc label namespace <name> ${ISTIO_REVISION_LABEL}=${istioName} ${MAISTRA_IGNORE_NAMESPACE_LABEL}=true`] : []),
    ...(mode === 'ClusterWide' ? memberNamespaces.filter((n) => stringMap(context.namespaces.get(n)?.metadata?.labels)[ISTIO_INJECTION_LABEL] !== undefined)
      .map((n) => `namespace ${n} carries istio-injection, which takes precedence over istio.io/rev: remove it when you migrate it (oc label namespace ${n} istio-injection-).`) : []),
    `workloads move to OSSM 3 when restarted after their namespace is labelled (oc rollout restart deployment -n <namespace>); keep ${MAISTRA_IGNORE_NAMESPACE_LABEL} until the 2.6 control plane is removed.`,
  ];
  return { controlPlane, memberLabels, routes, servedGateways, report: { source, istio: istioName, mode, members: memberNamespaces, fields, notes } };
}

const defaultInUse = (value: unknown) => !(value === false || value === null || value === ''
  || (Array.isArray(value) && value.length === 0) || (typeof value === 'object' && value !== null && Object.keys(value).length === 0));

/** Every field of `node` with the rule that covers it, as reported by `report`. */
function walk(node: Json, path: string[], report: (path: string[], value: unknown, rule: SmcpFieldRule | undefined) => MigrationField): MigrationField[] {
  return Object.entries(node).flatMap(([key, value]) => {
    const here = [...path, key];
    const rule = ruleAt(here);
    const section = rule === 'descend' ? rec(value) : undefined;
    if (section && Object.keys(section).length === 0) {
      return [{ field: here.join('.'), value, status: MigrationStatus.NOTHING_TO_DO, reason: 'empty: it sets nothing.' }];
    }
    if (section) return walk(section, here, report);
    return [report(here, value, rule === 'descend' ? undefined : rule)];
  });
}

/** A Namespace object that only adds labels to an existing namespace. */
function namespaceLabels(name: string, labels: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

/** The Kiali resource of this library's KialiServer, and its monitoring access. */
function kialiObjects(namespace: string, name: string, discoverySelectors: unknown[] | undefined): KubeObject[] {
  const chart = new Chart(new App(), 'kiali');
  new KialiServer(chart, 'Kiali', { namespace, name, discoverySelectors: discoverySelectors as KialiServerProps['discoverySelectors'] });
  return chart.toJson() as KubeObject[];
}

/** What an SMCP that does not mention them still had on 2.6, and OSSM 3 does not. */
function implicitDefaults(spec: Json): string[] {
  const gateways = rec(spec.gateways);
  const notes: string[] = [];
  if (smcpRunsIorByDefault(spec)) {
    notes.push(`gateways.openshiftRoute.enabled is unset, so ${str(spec.version)} runs IOR: the Routes it made for the Gateway hosts of the input are written.`);
  }
  if (gateways?.enabled !== false) {
    for (const [key, name] of [['ingress', INGRESS_GATEWAY_NAME], ['egress', EGRESS_GATEWAY_NAME]] as const) {
      if (gateways?.[key] === undefined) notes.push(`gateways.${key} is unset, so 2.6 deploys ${name}; OSSM 3 deploys no gateway: deploy it by gateway injection before the migration.`);
    }
  }
  if (rec(spec.security)?.manageNetworkPolicy === undefined) {
    notes.push('security.manageNetworkPolicy is unset, so 2.6 manages NetworkPolicies; OSSM 3 does not: Red Hat\'s checklist sets it false before the migration.');
  }
  if (rec(spec.addons) === undefined) notes.push('addons is unset, so the profile decides which addons 2.6 installs; OSSM 3 installs none (Kiali is written here only when addons.kiali.enabled is true).');
  return notes;
}

/**
 * The Routes IOR made for a Gateway: one per host (`*` and wildcard hosts excepted), in the namespace of the SMCP
 * gateway its selector selects, to that gateway's Service, on its `http2` port (`https` with TLS passthrough for HTTPS
 * and TLS servers), named `<namespace>-<name>` and `-<n>` for further hosts.
 */
function iorRoutes(gateway: KubeObject, smcpGws: ReturnType<typeof smcpGateways>, notes: string[]): KubeObject[] {
  const where = `Gateway ${gateway.metadata?.namespace}/${gateway.metadata?.name}`;
  const selector = stringMap(rec(gateway.spec)?.selector);
  const target = smcpGws.find((g) => g.ingress && Object.keys(selector).length > 0 && labelsMatch(selector, g.labels));
  if (!target) {
    notes.push(`${where}: its selector matches no ingress gateway of the control plane, so IOR made no Route for it.`);
    return [];
  }
  const routes: KubeObject[] = [];
  for (const server of arr(rec(gateway.spec)?.servers).map(rec)) {
    const port = rec(server?.port);
    const protocol = (str(port?.protocol) ?? 'HTTP').toUpperCase();
    const tls = protocol === 'HTTPS' || protocol === 'TLS';
    const portName = target.servicePorts.find((p) => p.port === port?.number)?.name ?? INGRESS_GATEWAY_PORT_NAMES[tls ? 'https' : 'http'];
    for (const written of strings(server?.hosts)) {
      const { host } = splitGatewayServerHost(written);
      if (host.includes('*')) {
        notes.push(host === '*' ? `${where}: IOR makes no Route for the host *, nor does this command.`
          : `${where}: no Route for the wildcard host ${host}: a Route for it needs wildcardPolicy Subdomain and a router that admits wildcard routes; create it yourself if you need it.`);
        continue;
      }
      if (!isDnsSubdomain(host)) {
        notes.push(`${where}: no Route for the host ${formatValue(host)}: a Route's host must be a DNS-1123 subdomain (lower case letters, digits, '-' and '.').`);
        continue;
      }
      const base = `${gateway.metadata?.namespace}-${gateway.metadata?.name}`;
      routes.push({
        apiVersion: 'route.openshift.io/v1',
        kind: 'Route',
        metadata: { name: routes.length === 0 ? base : `${base}-${routes.length}`, namespace: target.namespace },
        spec: {
          host,
          port: { targetPort: portName },
          ...(tls && { tls: { termination: 'passthrough' } }),
          to: { kind: 'Service', name: target.name, weight: 100 },
        },
      });
    }
  }
  if (routes.length > 0) {
    notes.push(`${where}: ${routes.length} Route${routes.length === 1 ? '' : 's'} to the Service ${target.namespace}/${target.name}, which the SMCP's gateway provides today: `
      + 'give your injected gateway that Service before the SMCP\'s gateways are turned off. While IOR is on, the router keeps IOR\'s older Route for each host.');
  }
  return routes;
}
