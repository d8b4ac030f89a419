/**
 * Test helper: plays a GitOps delivery onto fresh OpenShift clusters, tick by tick, and reports every object applied
 * too early. It models what the order depends on, nothing more:
 *
 * - Argo CD (on the hub, the cluster named `in-cluster`): an Application syncs the files of its source folder wave by
 *   wave (`argocd.argoproj.io/sync-wave`, kinds ordered as Argo CD orders them within a wave); it applies the next
 *   wave only when everything of the wave before is Healthy, using the health checks the user installed from the
 *   output (the `ArgoCD` resource's `resourceHealthChecks`, run by a Lua interpreter) and Argo CD's built-in ones for
 *   Deployments; the last wave is not waited for. An Application's own status (sync and aggregated health) is what
 *   its parent's health check reads. A Degraded object fails the sync, which is retried from the start.
 *   The ApplicationSet controller stamps its list generator's elements into its template.
 * - OLM: the Subscriptions of one namespace are resolved together into one InstallPlan, Manual when any of them is;
 *   an approved plan installs every package's CRDs and starts its operator. Which CRDs a package installs comes from
 *   the CRD folders this project generates from (crd-schemas/): maistra/ and istio/ with servicemeshoperator,
 *   kiali/ with kiali-ossm, the OSSM 3 set with servicemeshoperator3, and Jaeger's with jaeger-product.
 * - The OSSM 2.6 operator: a ServiceMeshControlPlane reconciles once its operator runs and the operators its addons
 *   need are installed (else DependencyMissingError), and is Ready some ticks later; the ServiceMeshMemberRoll
 *   configures its existing member namespaces once the control plane is reconciled. A member namespace is in the mesh
 *   when it is configured and the control plane is Ready.
 * - The OSSM 3 Sail operator: an `Istio` and an `IstioCNI` reconcile once their operator runs and are Ready some ticks
 *   later. A namespace is in the mesh when the `Istio` is Ready, the `IstioCNI` too (on OpenShift, pods with sidecars
 *   need the CNI node agent to start), its labels match the `Istio`'s discovery selectors, and it has the injection
 *   label of the `Istio`'s revision (`istio-injection: enabled` for `default`, else `istio.io/rev: <name>`); a
 *   RevisionBased `Istio` is reached only through an `IstioRevisionTag` (named `default` for `istio-injection`). The
 *   Kiali operator's `Kiali`, Tempo's `TempoMonolithic` and the `OpenTelemetryCollector` need only their CRDs here
 *   (installed by `tempo-product` and `opentelemetry-product`). Ambient mode: a `ZTunnel` reconciles like the
 *   `IstioCNI`; pods of a namespace labelled `istio.io/dataplane-mode: ambient` need nothing at start (the CNI agent
 *   enrolls running pods), and a waypoint (Gateway of class `istio-waypoint`) is never programmed unless an `Istio`
 *   with profile `ambient` is in the cluster when it is applied.
 * - The platform: OpenShift 4.19+ serves the Gateway API v1.2.1 standard CRDs from the start (crds-platform).
 * - The person following the README: approves the InstallPlan a Subscription's health message names
 *   (`oc patch installplan <name> -n <namespace>`), and nothing else.
 *
 * A violation is recorded when an object is applied before its CRD exists, before its namespace exists, an Istio
 * configuration object before the mesh's control plane is ready, a pod template with sidecar injection in a namespace
 * that is not in the mesh (its pods would start without sidecars), a waypoint without an ambient control plane, when a plan awaiting approval holds an Automatic
 * Subscription, and when the delivery does not finish. Custom resources it has no model for stop the play with an
 * error rather than pass unchecked.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { KubeObject } from '../../lib/analysis/types';
import { ISTIO_CONFIG_GROUPS } from '../../lib/analysis/kube';
import { identityOf, splitApiVersion } from '../../lib/core/kube-object';
import { SIDECAR_INJECT_LABEL } from '../../lib/core/mesh-conventions';
import { isServedWithoutOperators } from '../../lib/gitops/openshift-apis';
import { runHealthCheck } from './argocd-health';
import { CRD_SCHEMAS_DIR } from './crd-schema';

type Obj = Record<string, any>;

/** The CRDs (`group/Kind`) a fresh OpenShift 4.19+ cluster serves before any operator: Gateway API v1.2.1, standard channel. */
export const PLATFORM_CRDS: ReadonlySet<string> = new Set((JSON.parse(readFileSync(join(CRD_SCHEMAS_DIR, 'crds-platform-gateway-api-v1.2.1.json'), 'utf8')).kinds as Obj[])
  .map((k) => `${splitApiVersion(k.apiVersion).group}/${k.kind}`));

/** The CRDs (`group/Kind`) each operator package installs. */
export const OPERATOR_CRDS: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const kinds = (file: string, folders?: string[]) => (JSON.parse(readFileSync(join(CRD_SCHEMAS_DIR, file), 'utf8')).kinds as Obj[])
    .filter((k) => folders === undefined || folders.some((f) => k.file.startsWith(`${f}/`)))
    .map((k) => `${splitApiVersion(k.apiVersion).group}/${k.kind}`);
  return new Map([
    ['servicemeshoperator', new Set(kinds('crds.json', ['maistra', 'istio']))],
    ['kiali-ossm', new Set(kinds('crds.json', ['kiali']))],
    ['servicemeshoperator3', new Set(kinds('crds-ossm3.json'))], // Sail and Istio 1.30's CRDs
    ['jaeger-product', new Set(['jaegertracing.io/Jaeger'])],
    // the Red Hat builds of Tempo and OpenTelemetry (crds-platform/tracing)
    ['tempo-product', new Set(kinds('crds-platform-tracing.json').filter((k) => k.startsWith('tempo.grafana.com/')))],
    ['opentelemetry-product', new Set(kinds('crds-platform-tracing.json').filter((k) => k.startsWith('opentelemetry.io/')))],
    ['elasticsearch-operator', new Set(['logging.openshift.io/Elasticsearch'])],
  ]);
})();

/** Argo CD's order of kinds within one wave (gitops-engine's kind order, the part that matters here); others after. */
const KIND_ORDER = ['Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodDisruptionBudget', 'ServiceAccount', 'Secret', 'ConfigMap',
  'PersistentVolumeClaim', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'Service', 'DaemonSet', 'Pod',
  'ReplicaSet', 'Deployment', 'StatefulSet', 'Job', 'CronJob', 'Ingress'];
const kindRank = (o: Obj) => (KIND_ORDER.includes(o.kind) ? KIND_ORDER.indexOf(o.kind) : KIND_ORDER.length);
const WAVE = 'argocd.argoproj.io/sync-wave';
const waveOf = (o: Obj) => Number(o.metadata?.annotations?.[WAVE] ?? 0);
const HEALTH_ORDER = ['Healthy', 'Suspended', 'Progressing', 'Missing', 'Degraded', 'Unknown'];
const POD_TEMPLATE_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'];
const groupKind = (o: Obj) => `${splitApiVersion(o.apiVersion).group}/${o.kind}`;
const HUB = 'in-cluster';
const MAX_TICKS = 120;
const RETRY_TICKS = 3;
/** How long things take, in ticks: slow enough that an order which does not wait is caught. */
const INSTALL_TICKS = 4;
const CONTROL_PLANE_TICKS = 4;
const ROLLOUT_TICKS = 2;

const cond = (type: string, status: string, reason: string, message = '') => ({ type, status, reason, message, lastTransitionTime: 't' });

interface InstallPlan { name: string; namespace: string; packages: string[]; manual: boolean; approvedAt?: number; complete: boolean }

/** One cluster's state and controllers. */
class Cluster {
  readonly crds = new Set<string>();
  readonly objects = new Map<string, Obj>();
  readonly namespaces: Set<string>;
  readonly operators = new Set<string>();
  readonly plans: InstallPlan[] = [];
  private readonly planOf = new Map<string, InstallPlan>();
  /** The tick each object was created, and each control plane first reconciled. */
  private readonly createdAt = new Map<string, number>();
  private readonly reconciledAt = new Map<string, number>();
  private now = 0;

  constructor(readonly name: string, private readonly play: Play, namespaces: string[]) {
    this.namespaces = new Set(namespaces);
    // OpenShift 4.19+ (what OSSM 3.2+ runs on) installs the Gateway API v1.2.1 standard CRDs itself
    for (const crd of PLATFORM_CRDS) this.crds.add(crd);
  }

  /** `kubectl apply` of one object by an Application, after the checks that make the order matter; false when refused. */
  apply(obj: Obj, by: string): boolean {
    const where = `${this.name}: ${identityOf(obj as KubeObject)} (by ${by})`;
    if (!isServedWithoutOperators(obj.apiVersion) && !this.crds.has(groupKind(obj))) {
      this.play.violation(`${where} applied before its CRD ${groupKind(obj)} exists`);
      return false; // the API server refuses it
    }
    const ns = obj.metadata?.namespace;
    if (ns !== undefined && !this.namespaces.has(ns)) {
      this.play.violation(`${where} applied before its namespace ${ns} exists`);
      return false;
    }
    if (ISTIO_CONFIG_GROUPS.has(splitApiVersion(obj.apiVersion).group) && !this.controlPlaneReady()) {
      this.play.violation(`${where} applied before the control plane is ready (istiod's validating webhook would refuse it)`);
    }
    if (obj.kind === 'Gateway' && obj.spec?.gatewayClassName === 'istio-waypoint' && this.find('Istio')?.spec?.profile !== 'ambient') {
      this.play.violation(`${where}: a waypoint, applied while no Istio with profile ambient is in the cluster: nothing programs it`);
    }
    if (POD_TEMPLATE_KINDS.includes(obj.kind) && obj.spec?.template?.metadata?.labels?.[SIDECAR_INJECT_LABEL] === 'true' && !this.inMesh(ns!)) {
      this.play.violation(`${where}: its pods start without a sidecar, namespace ${ns} is not in the mesh yet`);
    }
    const key = identityOf(obj as KubeObject);
    const live = this.objects.get(key);
    this.objects.set(key, { ...structuredClone(obj), status: live?.status });
    if (obj.kind === 'Namespace') this.namespaces.add(obj.metadata.name);
    if (live === undefined) {
      this.createdAt.set(key, this.now);
      this.play.event(`${this.name}: created ${key}`);
    }
    return true;
  }

  /** One tick of every controller of the cluster. */
  tick(): void {
    this.now++;
    this.olm();
    for (const [key, o] of this.objects) {
      if (o.kind === 'Deployment') {
        const available = this.now - this.createdAt.get(key)! >= ROLLOUT_TICKS ? o.spec.replicas ?? 1 : 0;
        o.status = { observedGeneration: 1, replicas: o.spec.replicas ?? 1, availableReplicas: available, updatedReplicas: o.spec.replicas ?? 1 };
      }
      else if (o.apiVersion.startsWith('maistra.io/')) this.maistra(o);
      else if (o.apiVersion.startsWith('sailoperator.io/')) this.sail(o);
      else if (!isServedWithoutOperators(o.apiVersion) && o.kind !== 'Application' && !this.modelled(o)) {
        throw new Error(`the fresh-cluster model has no controller for ${groupKind(o)}; add one before trusting a play with it`);
      }
    }
  }

  private modelled(o: Obj): boolean {
    // Kiali, Tempo and the OpenTelemetry collector need only their CRDs here; Gateway API objects need no controller of
    // the model: istiod programs them once it runs (the API server validates them by CEL, no webhook), like Istio
    // configuration
    return ISTIO_CONFIG_GROUPS.has(splitApiVersion(o.apiVersion).group) || PLATFORM_CRDS.has(groupKind(o))
      || ['kiali.io/Kiali', 'tempo.grafana.com/TempoMonolithic', 'opentelemetry.io/OpenTelemetryCollector'].includes(groupKind(o));
  }

  /** `Istio`, `IstioCNI` and `ZTunnel`: reconciled once the Sail operator runs, Ready some ticks later; `IstioRevisionTag`: an alias, no status here. */
  private sail(o: Obj): void {
    if (o.kind === 'IstioRevisionTag') return;
    if (!['Istio', 'IstioCNI', 'ZTunnel'].includes(o.kind)) throw new Error(`the fresh-cluster model has no controller for ${groupKind(o)}`);
    if (!this.operators.has('servicemeshoperator3')) return;
    const key = identityOf(o as KubeObject);
    if (!this.reconciledAt.has(key)) this.reconciledAt.set(key, this.now);
    const ready = this.now - this.reconciledAt.get(key)! >= CONTROL_PLANE_TICKS;
    o.status = { observedGeneration: 1, state: ready ? 'Healthy' : o.kind === 'Istio' ? 'IstiodNotReady' : 'DaemonSetNotReady',
      conditions: [cond('Reconciled', 'True', 'Healthy'), ready ? cond('Ready', 'True', 'Healthy') : cond('Ready', 'False', o.kind === 'Istio' ? 'IstiodNotReady' : 'DaemonSetNotReady')] };
  }

  private olm(): void {
    const subscriptions = [...this.objects.values()].filter((o) => o.kind === 'Subscription');
    for (const ns of new Set(subscriptions.map((s) => s.metadata.namespace))) {
      const unresolved = subscriptions.filter((s) => s.metadata.namespace === ns && !this.planOf.has(identityOf(s as KubeObject)));
      if (unresolved.length === 0) continue;
      const plan: InstallPlan = { name: `install-${this.plans.length + 1}`, namespace: ns, packages: unresolved.map((s) => s.spec.name),
        manual: unresolved.some((s) => s.spec.installPlanApproval === 'Manual'), complete: false };
      if (!plan.manual) plan.approvedAt = this.now;
      this.plans.push(plan);
      for (const s of unresolved) this.planOf.set(identityOf(s as KubeObject), plan);
      const automatic = unresolved.filter((s) => s.spec.installPlanApproval !== 'Manual').map((s) => s.spec.name);
      if (plan.manual && automatic.length > 0) {
        this.play.violation(`${this.name}: InstallPlan ${plan.name} waits for manual approval and also holds ${automatic.join(', ')} (Automatic): `
          + 'OLM resolved them together, so their installation waits for an approval meant for another operator');
      }
    }
    for (const s of subscriptions) {
      const plan = this.planOf.get(identityOf(s as KubeObject))!;
      if (plan.approvedAt !== undefined && this.now - plan.approvedAt >= INSTALL_TICKS && !plan.complete) {
        plan.complete = true;
        for (const pkg of plan.packages) {
          const crds = OPERATOR_CRDS.get(pkg);
          if (!crds) throw new Error(`the fresh-cluster model does not know which CRDs ${pkg} installs`);
          crds.forEach((c) => this.crds.add(c));
          this.operators.add(pkg);
          this.play.event(`${this.name}: ${plan.name} installed ${pkg}`);
        }
      }
      const csv = s.spec.startingCSV ?? `${s.spec.name}.v1.0.0`;
      const ref = { apiVersion: 'operators.coreos.com/v1alpha1', kind: 'InstallPlan', name: plan.name, namespace: plan.namespace };
      s.status = plan.complete
        ? { lastUpdated: 't', state: 'AtLatestKnown', currentCSV: csv, installedCSV: csv, installPlanRef: ref }
        : { lastUpdated: 't', state: 'UpgradePending', currentCSV: csv, installPlanRef: ref,
          conditions: [cond('InstallPlanPending', 'True', plan.approvedAt !== undefined ? 'Installing' : 'RequiresApproval')] };
    }
  }

  /** `oc patch installplan <name> -n <namespace> --type merge -p '{"spec":{"approved":true}}'` */
  approve(name: string, namespace: string): boolean {
    const plan = this.plans.find((p) => p.name === name && p.namespace === namespace && p.approvedAt === undefined);
    if (plan) plan.approvedAt = this.now;
    return plan !== undefined;
  }

  private maistra(o: Obj): void {
    if (!this.operators.has('servicemeshoperator')) return; // nobody reconciles it yet
    if (o.kind === 'ServiceMeshControlPlane') {
      const missing = [
        ...(o.spec?.tracing?.type === 'Jaeger' && !this.crds.has('jaegertracing.io/Jaeger') ? ['Jaeger'] : []),
        ...(o.spec?.addons?.kiali?.enabled !== false && !this.crds.has('kiali.io/Kiali') ? ['Kiali'] : []),
      ];
      if (missing.length > 0) {
        o.status = { observedGeneration: 1, readiness: { components: {} }, conditions: [cond('Reconciled', 'False', 'DependencyMissingError', `Dependency "${missing[0]}" is missing`)] };
        return;
      }
      const key = identityOf(o as KubeObject);
      if (!this.reconciledAt.has(key)) this.reconciledAt.set(key, this.now);
      const ready = this.now - this.reconciledAt.get(key)! >= CONTROL_PLANE_TICKS;
      o.status = { observedGeneration: 1, readiness: { components: {} }, conditions: [cond('Installed', 'True', 'InstallSuccessful'), cond('Reconciled', 'True', 'InstallSuccessful'),
        ready ? cond('Ready', 'True', 'ComponentsReady') : cond('Ready', 'False', 'ComponentsNotReady')] };
    } else if (o.kind === 'ServiceMeshMemberRoll') {
      const smcp = [...this.objects.values()].find((c) => c.kind === 'ServiceMeshControlPlane' && c.metadata.namespace === o.metadata.namespace);
      const reconciled = smcp?.status?.conditions?.some((c: Obj) => c.type === 'Reconciled' && c.status === 'True');
      if (!smcp) o.status = { observedGeneration: 1, conditions: [cond('Ready', 'False', 'ErrSMCPMissing')] };
      else if (!reconciled) o.status = { observedGeneration: 1, conditions: [cond('Ready', 'False', 'SMCPReconciling')] };
      else {
        const members: string[] = o.spec?.members ?? [];
        const configured = members.filter((m) => this.namespaces.has(m));
        const pending = members.filter((m) => !this.namespaces.has(m));
        o.status = { observedGeneration: 1, configuredMembers: configured, pendingMembers: pending,
          conditions: [pending.length === 0 ? cond('Ready', 'True', 'Configured') : cond('Ready', 'False', 'ReconcileError', `not yet configured: ${pending}`)] };
      }
    }
  }

  private ready(o: Obj | undefined): boolean {
    return o?.status?.conditions?.some((c: Obj) => c.type === 'Ready' && c.status === 'True') ?? false;
  }

  private find(kind: string): Obj | undefined {
    return [...this.objects.values()].find((o) => o.kind === kind);
  }

  /** The mesh's control plane (an OSSM 2.6 ServiceMeshControlPlane, or an OSSM 3 Istio) is Ready. */
  controlPlaneReady(): boolean {
    return this.ready(this.find('ServiceMeshControlPlane') ?? this.find('Istio'));
  }

  /** Pods created in the namespace now start with sidecars. */
  inMesh(namespace: string): boolean {
    const istio = this.find('Istio');
    if (istio === undefined) {
      return this.controlPlaneReady() && (this.find('ServiceMeshMemberRoll')?.status?.configuredMembers ?? []).includes(namespace);
    }
    const labels: Record<string, string> = this.objects.get(`Namespace//${namespace}`)?.metadata?.labels ?? {};
    const selectors: Obj[] = istio.spec?.values?.meshConfig?.discoverySelectors ?? [];
    const discovered = selectors.length === 0 || selectors.some((sel) => Object.entries(sel.matchLabels ?? {}).every(([k, v]) => labels[k] === v));
    // InPlace: the revision is named like the Istio; RevisionBased: `<name>-<version>`, reached through a tag
    const revisionBased = istio.spec?.updateStrategy?.type === 'RevisionBased';
    const tags = [...this.objects.values()].filter((t) => t.kind === 'IstioRevisionTag' && t.spec?.targetRef?.kind === 'Istio'
      && t.spec.targetRef.name === istio.metadata.name).map((t) => t.metadata.name);
    const names = [...(revisionBased ? [] : [istio.metadata.name]), ...tags];
    const injected = labels['istio-injection'] === 'enabled' ? names.includes('default') : names.includes(labels['istio.io/rev']);
    return this.ready(istio) && this.ready(this.find('IstioCNI')) && discovered && injected;
  }
}

interface Sync { app: Obj; waves: Obj[][]; wave: number; applied: boolean; phase: 'Running' | 'Succeeded' | 'Failed'; retries: number; retryAt?: number }

/** The play: the hub's Argo CD and every cluster it deploys to. */
class Play {
  readonly violations: string[] = [];
  readonly events: string[] = [];
  readonly clusters = new Map<string, Cluster>();
  private readonly syncs = new Map<string, Sync>();
  private checks = new Map<string, string>();
  tick = 0;

  constructor(private readonly repo: ReadonlyMap<string, string>, private readonly repoUrl: string) {
    // the namespaces every OpenShift 4 cluster has (openshift-monitoring: cluster monitoring's, where its ConfigMap goes)
    this.clusters.set(HUB, new Cluster(HUB, this, ['default', 'openshift-operators', 'openshift-marketplace', 'openshift-monitoring', 'openshift-gitops']));
  }

  violation(text: string): void {
    if (!this.violations.some((v) => v.startsWith(`${text} [tick `))) this.violations.push(`${text} [tick ${this.tick}]`);
  }

  event(text: string): void {
    this.events.push(`[${this.tick}] ${text}`);
  }

  cluster(name: string): Cluster {
    if (!this.clusters.has(name)) this.clusters.set(name, new Cluster(name, this, ['default', 'openshift-operators', 'openshift-marketplace', 'openshift-monitoring']));
    return this.clusters.get(name)!;
  }

  /** What the person applies with `oc apply -f` on the hub. */
  userApplies(objects: Obj[]): void {
    for (const o of objects) {
      if (o.kind === 'ArgoCD') {
        this.checks = new Map((o.spec.resourceHealthChecks ?? []).map((c: Obj) => [`${c.group}/${c.kind}`, c.check]));
      } else if (o.kind === 'ApplicationSet') {
        for (const element of o.spec.generators[0].list.elements) {
          const stamped = JSON.parse(JSON.stringify(o.spec.template).replace(/\{\{(\w+)\}\}/g, (_, key) => element[key]));
          this.createApplication({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', ...stamped }, 'the ApplicationSet');
        }
      } else if (o.kind === 'Application') {
        this.createApplication(o, 'oc apply');
      } else {
        throw new Error(`userApplies: not modelled: ${o.kind}`);
      }
    }
  }

  private createApplication(app: Obj, by: string): void {
    this.cluster(HUB).apply(app, by);
    const source = app.spec.source;
    if (source.repoURL !== this.repoUrl) this.violation(`Application ${app.metadata.name} clones ${source.repoURL}, not ${this.repoUrl}`);
    const files = [...this.repo.keys()].filter((f) => f.startsWith(`${source.path}/`) && !f.slice(source.path.length + 1).includes('/') && /\.ya?ml$/.test(f));
    if (files.length === 0) this.violation(`Application ${app.metadata.name} deploys ${source.path}, which holds no manifests`);
    const objects = files.sort().flatMap((f) => parseAllDocuments(this.repo.get(f)!).map((d) => d.toJS()).filter(Boolean) as Obj[]);
    const waves = [...new Set(objects.map(waveOf))].sort((a, b) => a - b)
      .map((w) => objects.filter((o) => waveOf(o) === w).sort((a, b) => kindRank(a) - kindRank(b)));
    const key = app.metadata.name;
    if (!this.syncs.has(key)) this.syncs.set(key, { app, waves, wave: 0, applied: false, phase: 'Running', retries: 0 });
  }

  private destination(app: Obj): Cluster {
    const d = app.spec.destination;
    return this.cluster(d.name ?? (d.server === 'https://kubernetes.default.svc' ? HUB : d.server));
  }

  /** Health as Argo CD assesses it: the installed Lua check, else the built-in ones that matter here, else healthy. */
  health(cluster: Cluster, desired: Obj): { status: string; message: string } {
    const live = cluster.objects.get(identityOf(desired as KubeObject));
    if (!live) return { status: 'Missing', message: '' };
    if (live.kind === 'Application') live.status = this.applicationStatus(live.metadata.name);
    const check = this.checks.get(groupKind(live));
    if (check !== undefined) return runHealthCheck(check, live);
    if (live.kind === 'Deployment') {
      return (live.status?.availableReplicas ?? 0) >= (live.spec.replicas ?? 1) ? { status: 'Healthy', message: '' } : { status: 'Progressing', message: 'rolling out' };
    }
    return { status: 'Healthy', message: '' }; // Argo CD has no health for the kind (Application since 1.8 included)
  }

  private applicationStatus(name: string): Obj {
    const sync = this.syncs.get(name);
    if (!sync) return {};
    const cluster = this.destination(sync.app);
    const healths = sync.waves.flat().map((o) => this.health(cluster, o));
    const worst = healths.reduce((w, h) => (HEALTH_ORDER.indexOf(h.status) > HEALTH_ORDER.indexOf(w.status) ? h : w), { status: 'Healthy', message: '' });
    return {
      health: { status: worst.status, ...(worst.message && { message: worst.message }) },
      sync: { status: sync.phase === 'Succeeded' ? 'Synced' : 'OutOfSync' },
      ...(sync.phase === 'Failed' && { operationState: { phase: 'Failed', message: 'retries used up' } }),
    };
  }

  /** One tick: Argo CD's syncs, the person, then every cluster's controllers. */
  step(): void {
    this.tick++;
    for (const sync of [...this.syncs.values()]) this.advance(sync);
    this.person();
    for (const cluster of this.clusters.values()) cluster.tick();
  }

  private advance(sync: Sync): void {
    if (sync.phase !== 'Running' || (sync.retryAt !== undefined && this.tick < sync.retryAt)) return;
    if (sync.waves.length === 0) {
      sync.phase = 'Succeeded';
      return;
    }
    const cluster = this.destination(sync.app);
    const name = sync.app.metadata.name;
    if (!sync.applied) {
      let refused = 0;
      for (const obj of sync.waves[sync.wave]) {
        if (obj.kind === 'Application') this.createApplication(obj, name);
        else if (!cluster.apply(obj, name)) refused++;
      }
      sync.applied = true;
      if (refused > 0) this.fail(sync, `${refused} objects refused`);
      else if (sync.wave === sync.waves.length - 1) sync.phase = 'Succeeded'; // the last wave is not waited for
      return;
    }
    const healths = sync.waves[sync.wave].map((o) => this.health(cluster, o));
    if (healths.some((h) => h.status === 'Degraded')) {
      this.fail(sync, healths.find((h) => h.status === 'Degraded')!.message);
    } else if (healths.every((h) => h.status === 'Healthy')) {
      sync.wave++;
      sync.applied = false;
    }
  }

  /** A failed sync is retried from its first wave after a backoff, at most 10 times (the Applications' retry limit). */
  private fail(sync: Sync, why: string): void {
    sync.retries++;
    this.event(`${sync.app.metadata.name}: sync failed (${why}), retry ${sync.retries}`);
    if (sync.retries > 10) sync.phase = 'Failed';
    Object.assign(sync, { wave: 0, applied: false, retryAt: this.tick + RETRY_TICKS });
  }

  /** The person approves what a Subscription's health message asks for, as the README says. */
  private person(): void {
    for (const cluster of this.clusters.values()) {
      for (const sub of [...cluster.objects.values()].filter((o) => o.kind === 'Subscription')) {
        const { status, message } = this.health(cluster, sub);
        const asked = /oc patch installplan (\S+) -n (\S+) --type merge -p '\{"spec":\{"approved":true\}\}'/.exec(message);
        if (status === 'Suspended' && asked && cluster.approve(asked[1], asked[2])) this.event(`${cluster.name}: the person approved ${asked[1]} (${sub.spec.name}), as its health message says`);
      }
    }
  }

  /** Plays until every Application synced and is healthy; a delivery that does not finish is a violation. */
  run(): void {
    while (this.tick < MAX_TICKS) {
      this.step();
      const done = [...this.syncs.values()].every((s) => s.phase === 'Succeeded' && this.health(this.cluster(HUB), s.app).status === 'Healthy');
      if (done && this.syncs.size > 0) return;
    }
    const stuck = [...this.syncs.values()].filter((s) => s.phase !== 'Succeeded').map((s) => {
      const cluster = this.destination(s.app);
      const waiting = s.waves[s.wave]?.map((o) => [identityOf(o as KubeObject), this.health(cluster, o)] as const).filter(([, h]) => h.status !== 'Healthy');
      return `${s.app.metadata.name} at wave ${s.wave}: ${waiting?.map(([k, h]) => `${k} ${h.status} ${h.message}`).join('; ')}`;
    });
    this.violation(`the delivery did not finish in ${MAX_TICKS} ticks: ${stuck.join(' | ') || 'an Application stays unhealthy'}`);
  }
}

/** The outcome of a play. */
export interface PlayResult {
  /** Everything applied too early, and whatever kept the delivery from finishing; empty when the order is right. */
  readonly violations: string[];
  /** What happened, tick by tick. */
  readonly events: string[];
  /** The clusters at the end. */
  readonly clusters: ReadonlyMap<string, Cluster>;
}

/**
 * Plays a delivery onto fresh clusters: `repo` is the repository's files by path, `userApplies` what the person
 * applies by hand on the hub, in order (the health checks' `ArgoCD` resource, then a root Application or an
 * ApplicationSet), `repoUrl` the repository the Applications must clone.
 */
export function playFreshClusters(repo: ReadonlyMap<string, string>, userApplies: readonly KubeObject[], repoUrl: string): PlayResult {
  const play = new Play(repo, repoUrl);
  play.userApplies(userApplies as Obj[]);
  play.run();
  return { violations: play.violations, events: play.events, clusters: play.clusters };
}
