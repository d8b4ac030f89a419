import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadManifests } from '../analysis/load';
import { API_GROUP } from '../core/api-groups';
import { KubeObject, splitApiVersion } from '../core/kube-object';
import { OUTPUT_MARKER_FILE } from '../synth/write-tree';

/**
 * One action of an apply plan. Arguments are `oc` arguments; an argument may name a value captured earlier as
 * `${NAME}` (a DNS name, so it needs no quoting beyond double quotes). @internal
 */
export type ApplyAction =
  /** `oc <args>`, once; fails the plan when it fails. */
  | { readonly type: 'run'; readonly args: readonly string[]; readonly why: string }
  /** `oc wait … --timeout=<t>`: the condition named in `waitsFor`. */
  | { readonly type: 'wait'; readonly args: readonly string[]; readonly waitsFor: string }
  /**
   * `oc get … -o jsonpath=…`, repeated every interval until it prints something (at most the timeout): the value
   * is kept as `variable`.
   */
  | { readonly type: 'capture'; readonly variable: string; readonly args: readonly string[]; readonly waitsFor: string }
  /** `oc <args>` once per word of `variable`, with `${item}` standing for the word; an empty value does nothing. */
  | { readonly type: 'each'; readonly variable: string; readonly args: readonly string[]; readonly waitsFor: string };

/** One folder of the output applied, then waited on. @internal */
export interface ApplyStage {
  /** The folder, as given (e.g. `dist/00-operators`). */
  readonly folder: string;
  /** `oc apply -f <folder>`, then the waits, in order. */
  readonly actions: readonly ApplyAction[];
}

/** What `cdk8s-ossm apply` does, derived from the objects of an output folder. @internal */
export interface ApplyPlan {
  readonly stages: readonly ApplyStage[];
  /** The longest each wait may take, in seconds. */
  readonly timeoutSeconds: number;
}

/** Options of {@link planApply}. @internal */
export interface ApplyPlanOptions {
  /** A workshop step to apply after the stages: the folder `steps/<step>/`. @default - none */
  readonly step?: string;
  /** The longest each wait may take, in seconds. @default 900 */
  readonly timeoutSeconds?: number;
}

/** Something in the output folder that makes a plan impossible (not written by cdk8s-ossm, no stages, unknown step). @internal */
export class ApplyPlanError extends Error {}

/** The stage folders of an output: `NN-name`, applied in the order of their names. */
const STAGE_FOLDER = /^\d\d-[a-z0-9-]+$/;

/**
 * The apply plan of an output folder written by `writeDist` (or a cluster's tree under `clusters/<name>/`): each stage
 * folder (`00-operators`, `01-control-plane`, `02-apps`, …) in order, then `steps/<step>/` when asked; after each,
 * waits derived from the objects it holds, so that the next stage finds what it needs:
 * - an OLM Subscription: its InstallPlan's name, read from the Subscription once OLM has made it
 *   (`status.installPlanRef.name`), approved when the Subscription asks for Manual approval; then the installed
 *   ClusterServiceVersion (`status.installedCSV`) Succeeded; then every CRD that CSV owns Established;
 * - a Namespace: Active;
 * - a control plane (ServiceMeshControlPlane, Istio, IstioCNI, in ambient mode the ZTunnel), then the member roll and members: Ready;
 * - a Deployment: Available.
 * Nothing is named after the workshop: the same plan applies Bookinfo, or any app synthesized by this library.
 */
export function planApply(dist: string, options: ApplyPlanOptions = {}): ApplyPlan {
  const timeoutSeconds = options.timeoutSeconds ?? 900;
  if (!existsSync(join(dist, OUTPUT_MARKER_FILE))) {
    throw new ApplyPlanError(`${dist} was not written by cdk8s-ossm (no ${OUTPUT_MARKER_FILE} in it). Give the output folder of a synth, e.g. dist (npm run synth writes it).`);
  }
  const folders = readdirSync(dist).filter((f) => STAGE_FOLDER.test(f) && statSync(join(dist, f)).isDirectory()).sort();
  if (folders.length === 0) {
    const clusters = join(dist, 'clusters');
    const hint = existsSync(clusters) ? ` It holds one tree per cluster: give one of them, e.g. ${join(clusters, readdirSync(clusters)[0] ?? '<name>')}.` : '';
    throw new ApplyPlanError(`${dist} holds no stage folder (00-operators, 01-control-plane, 02-apps, …).${hint}`);
  }
  const paths = folders.map((f) => join(dist, f));
  if (options.step !== undefined) {
    const stepsDir = join(dist, 'steps');
    const steps = existsSync(stepsDir) ? readdirSync(stepsDir).sort() : [];
    if (!steps.includes(options.step)) {
      throw new ApplyPlanError(`step ${JSON.stringify(options.step)} is not in ${stepsDir}; allowed: ${steps.length ? steps.join(', ') : '(this output has no steps)'}.`);
    }
    paths.push(join(stepsDir, options.step));
  }
  const names = new VariableNames();
  const stages = paths.map((folder) => ({
    folder,
    actions: [
      { type: 'run', args: ['apply', '-f', `${folder}/`], why: `apply ${folder}/` } as ApplyAction,
      ...waitsFor(readObjects(folder), timeoutSeconds, names),
    ],
  }));
  return { stages, timeoutSeconds };
}

/** The objects of one folder; a file that cannot be read or parsed is an {@link ApplyPlanError}. */
function readObjects(folder: string): KubeObject[] {
  try {
    return loadManifests([folder], { onWarning: () => undefined });
  } catch (e) {
    throw new ApplyPlanError((e as Error).message);
  }
}

/** Unique shell-variable names: `PLAN_1`, `CSV_1`, `PLAN_2`, … */
class VariableNames {
  private count = 0;
  public next(): { plan: string; csv: string; crds: string } {
    this.count++;
    return { plan: `PLAN_${this.count}`, csv: `CSV_${this.count}`, crds: `CRDS_${this.count}` };
  }
}

const SUBSCRIPTION = 'subscriptions.operators.coreos.com';
const INSTALL_PLAN = 'installplans.operators.coreos.com';
const CSV = 'clusterserviceversions.operators.coreos.com';

/** The `oc` resource of an object's kind, fully qualified so that no other API's kind of the same name is meant. */
function resourceOf(obj: KubeObject): string {
  const group = splitApiVersion(obj.apiVersion).group;
  return group === '' ? obj.kind.toLowerCase() : `${obj.kind.toLowerCase()}.${group}`;
}

/** `-n <namespace>`, or nothing for a cluster-scoped object. */
function namespaceArgs(obj: KubeObject): string[] {
  return obj.metadata?.namespace ? ['-n', obj.metadata.namespace] : [];
}

/** `Kind namespace/name` for messages. */
function describe(obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  return `${obj.kind} ${ns ? `${ns}/` : ''}${obj.metadata?.name}`;
}

/** Kinds that are Ready when their control plane runs, in the order to wait for them: control planes before members. */
const READY_KINDS: ReadonlyArray<readonly [group: string, kind: string]> = [
  [API_GROUP.MAISTRA, 'ServiceMeshControlPlane'],
  [API_GROUP.SAIL, 'Istio'],
  [API_GROUP.SAIL, 'IstioCNI'],
  [API_GROUP.SAIL, 'ZTunnel'], // ambient mode: pods of ambient namespaces get no traffic capture before it runs
  [API_GROUP.MAISTRA, 'ServiceMeshMemberRoll'],
  [API_GROUP.MAISTRA, 'ServiceMeshMember'],
];

function isKind(obj: KubeObject, group: string, kind: string): boolean {
  return obj.kind === kind && splitApiVersion(obj.apiVersion).group === group;
}

/** The waits after applying `objects`, in the order the cluster gets there. */
function waitsFor(objects: readonly KubeObject[], timeoutSeconds: number, names: VariableNames): ApplyAction[] {
  const timeout = `--timeout=${timeoutSeconds}s`;
  const actions: ApplyAction[] = [];
  // Subscriptions: Manual ones first, since OLM resolves a namespace's Subscriptions together and one unapproved
  // plan can hold back the Automatic ones of its namespace.
  const subscriptions = objects.filter((o) => isKind(o, API_GROUP.OLM, 'Subscription'));
  const manual = (o: KubeObject) => o.spec?.installPlanApproval === 'Manual';
  const ordered = [...subscriptions.filter(manual), ...subscriptions.filter((o) => !manual(o))];
  for (const sub of ordered) {
    const v = names.next();
    const name = String(sub.metadata?.name);
    const ns = namespaceArgs(sub);
    if (manual(sub)) {
      actions.push({ type: 'capture', variable: v.plan, args: ['get', `${SUBSCRIPTION}/${name}`, ...ns, '-o', 'jsonpath={.status.installPlanRef.name}'], waitsFor: `the InstallPlan of Subscription ${describeNs(sub)} (Manual approval) to be made` });
      actions.push({ type: 'run', args: ['patch', `${INSTALL_PLAN}/\${${v.plan}}`, ...ns, '--type', 'merge', '-p', '{"spec":{"approved":true}}'], why: `approve the InstallPlan of Subscription ${describeNs(sub)}` });
    }
    actions.push({ type: 'capture', variable: v.csv, args: ['get', `${SUBSCRIPTION}/${name}`, ...ns, '-o', 'jsonpath={.status.installedCSV}'], waitsFor: `Subscription ${describeNs(sub)} to install its ClusterServiceVersion` });
    actions.push({ type: 'wait', args: ['wait', `${CSV}/\${${v.csv}}`, ...ns, '--for=jsonpath={.status.phase}=Succeeded', timeout], waitsFor: `the ClusterServiceVersion of Subscription ${describeNs(sub)} to succeed` });
    actions.push({ type: 'capture', variable: v.crds, args: ['get', `${CSV}/\${${v.csv}}`, ...ns, '-o', 'jsonpath={.spec.customresourcedefinitions.owned[*].name}'], waitsFor: `the CRDs of Subscription ${describeNs(sub)}'s operator to be listed` });
    actions.push({ type: 'each', variable: v.crds, args: ['wait', 'customresourcedefinitions.apiextensions.k8s.io/${item}', '--for=condition=Established', timeout], waitsFor: `the CRDs of Subscription ${describeNs(sub)}'s operator to be Established` });
  }
  for (const ns of objects.filter((o) => o.apiVersion === 'v1' && o.kind === 'Namespace')) {
    actions.push({ type: 'wait', args: ['wait', `namespace/${ns.metadata?.name}`, '--for=jsonpath={.status.phase}=Active', timeout], waitsFor: `Namespace ${ns.metadata?.name} to be Active` });
  }
  for (const [group, kind] of READY_KINDS) {
    for (const obj of objects.filter((o) => isKind(o, group, kind))) {
      actions.push({ type: 'wait', args: ['wait', `${resourceOf(obj)}/${obj.metadata?.name}`, ...namespaceArgs(obj), '--for=condition=Ready', timeout], waitsFor: `${describe(obj)} to be Ready` });
    }
  }
  for (const deployment of objects.filter((o) => isKind(o, 'apps', 'Deployment'))) {
    actions.push({ type: 'wait', args: ['wait', `deployment.apps/${deployment.metadata?.name}`, ...namespaceArgs(deployment), '--for=condition=Available', timeout], waitsFor: `${describe(deployment)} to be Available` });
  }
  return actions;
}

function describeNs(obj: KubeObject): string {
  return `${obj.metadata?.namespace ?? 'default'}/${obj.metadata?.name}`;
}
