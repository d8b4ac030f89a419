/**
 * Small, defensive helpers for reading plain Kubernetes objects.
 *
 * Manifests come from anywhere (hand-written YAML included), so every field may be missing, `null` or of the
 * wrong type; these helpers never throw on such data.
 */

import { API_GROUP } from '../core/api-groups';

export { splitApiVersion } from '../core/kube-object';

/** A JSON object. */
export type Json = Record<string, unknown>;

/** `x` if it is a JSON object (not null, not an array), otherwise `undefined`. */
export function rec(x: unknown): Json | undefined {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Json) : undefined;
}

/** `x` if it is an array, otherwise an empty array. */
export function arr(x: unknown): readonly unknown[] {
  return Array.isArray(x) ? x : [];
}

/** `x` if it is a non-empty string, otherwise `undefined`. */
export function str(x: unknown): string | undefined {
  return typeof x === 'string' && x !== '' ? x : undefined;
}

/** `x` if it is a finite number, otherwise `undefined`. */
export function num(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}

/** The entry of a lookup table for a key read from a manifest: only its own entries, never an inherited member such as `toString`. */
export function ownEntry<V>(table: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** A scalar (string, number, boolean) as text, as YAML wrote it; `undefined` for anything else. Never throws. */
export function scalarText(x: unknown): string | undefined {
  return typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' ? String(x) : undefined;
}

/**
 * A label or annotation map as strings. Scalars that hand-written YAML typed as numbers or booleans
 * (`version: 1`) are stringified; nested values are dropped.
 */
export function stringMap(x: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const r = rec(x);
  if (!r) return out;
  for (const [k, v] of Object.entries(r)) {
    const text = scalarText(v);
    if (text !== undefined) out[k] = text;
  }
  return out;
}

/** Whether `labels` carries every key/value pair of `selector` (an empty selector matches everything). */
export function labelsMatch(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(selector)) {
    if (labels[k] !== v) return false;
  }
  return true;
}

/**
 * Whether a Kubernetes label selector (`matchLabels` and `matchExpressions` with `In`, `NotIn`, `Exists`,
 * `DoesNotExist`, ANDed) selects an object with `labels`. An empty selector selects everything; a selector that is
 * not an object, or an expression with an unknown operator, selects nothing.
 */
export function labelSelectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  const sel = rec(selector);
  if (!sel) return false;
  if (!labelsMatch(stringMap(sel.matchLabels), labels)) return false;
  return arr(sel.matchExpressions).every((e) => {
    const expr = rec(e);
    const key = str(expr?.key);
    if (key === undefined) return false;
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    const values = strings(expr?.values);
    switch (expr?.operator) {
      case 'In': return has && values.includes(labels[key]);
      case 'NotIn': return !has || !values.includes(labels[key]);
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: return false;
    }
  });
}

/** API groups whose objects istiod reads as mesh configuration. */
export const ISTIO_CONFIG_GROUPS: ReadonlySet<string> = new Set([
  API_GROUP.ISTIO_NETWORKING,
  API_GROUP.ISTIO_SECURITY,
  API_GROUP.ISTIO_TELEMETRY,
  API_GROUP.ISTIO_EXTENSIONS,
]);

/**
 * Kinds that are cluster-scoped (have no namespace). Everything else is taken as namespaced, like `kubectl apply -n`
 * does for kinds it knows.
 */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  // core and built-in API groups
  'Namespace', 'Node', 'PersistentVolume', 'ComponentStatus',
  'ClusterRole', 'ClusterRoleBinding',
  'CustomResourceDefinition', 'APIService',
  'StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment',
  'PriorityClass', 'RuntimeClass', 'IngressClass',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'CertificateSigningRequest', 'FlowSchema', 'PriorityLevelConfiguration', 'PodSecurityPolicy',
  'GatewayClass',
  // OpenShift
  'Project', 'ProjectRequest', 'SecurityContextConstraints', 'ClusterVersion', 'ClusterOperator',
  'ConsoleLink', 'ConsoleCLIDownload', 'ConsoleNotification', 'ConsoleYAMLSample', 'ConsolePlugin',
  'OAuth', 'Proxy', 'Infrastructure', 'Network', 'DNS',
  // OSSM 3 (sailoperator.io)
  'Istio', 'IstioCNI', 'IstioRevision', 'IstioRevisionTag', 'ZTunnel',
  // common add-ons
  'ClusterIssuer',
]);

/** Whether objects of `kind` live in a namespace. */
export function isNamespaced(kind: string): boolean {
  return !CLUSTER_SCOPED_KINDS.has(kind);
}

/** Appends `value` to the list of `key`, creating the list. */
export function addToList<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The non-empty strings of a list field. */
export function strings(x: unknown): string[] {
  return arr(x).flatMap((v) => (typeof v === 'string' && v !== '' ? [v] : []));
}

type Aged = { readonly obj: { readonly metadata?: unknown }; readonly name: string; readonly namespace: string };

/**
 * A string that sorts configurations in Istio's order between configurations that compete (merged DestinationRules,
 * VirtualServices for one host): the oldest (`metadata.creationTimestamp`) first, then by name and namespace.
 * Manifests rarely carry a timestamp, so the name decides.
 */
export function configAgeKey(ref: Aged): string {
  return `${str(rec(ref.obj.metadata)?.creationTimestamp) ?? ''}\u0000${ref.name}\u0000${ref.namespace}`;
}

/** Compares two configurations by {@link configAgeKey}. */
export function compareConfigAge(a: Aged, b: Aged): number {
  const x = configAgeKey(a);
  const y = configAgeKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
