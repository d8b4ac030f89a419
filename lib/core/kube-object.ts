/**
 * A Kubernetes object as plain data: what cdk8s synthesizes and what a YAML file holds. The synth pipeline, the
 * analyzer and the command line all read this shape, so synthesized charts and YAML from anywhere are treated alike.
 */
export interface KubeObject {
  /** `group/version`, or `v1` for the core group. */
  readonly apiVersion: string;
  /** The object's kind, e.g. `VirtualService`. */
  readonly kind: string;
  /** Name, namespace, labels and annotations (and any other metadata, unchecked). */
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
    readonly [key: string]: unknown;
  };
  /** Every other field (`spec`, `data`, …), unchecked: objects come from anywhere. */
  readonly [key: string]: any;
}

/** Splits `apiVersion` into group (`''` for the core group) and version; anything but a string gives `''` for both. @internal */
export function splitApiVersion(apiVersion: unknown): { group: string; version: string } {
  const s = typeof apiVersion === 'string' ? apiVersion : '';
  const slash = s.lastIndexOf('/');
  return slash < 0 ? { group: '', version: s } : { group: s.slice(0, slash), version: s.slice(slash + 1) };
}

/**
 * The identity of an object on a cluster as one string, `kind/namespace/name` (namespace empty for cluster-scoped
 * objects or objects that name none). Two objects with the same identity overwrite each other when applied.
 * @internal
 */
export function objectIdentity(kind: string, namespace: string | undefined, name: string | undefined): string {
  return `${kind}/${namespace ?? ''}/${name ?? ''}`;
}

/** {@link objectIdentity} of a plain object. @internal */
export function identityOf(obj: KubeObject): string {
  return objectIdentity(obj.kind, obj.metadata?.namespace, obj.metadata?.name);
}

/**
 * The identity under which the API server keeps an object: API group (not version: `v1beta1` and `v1` of a kind are
 * one object), kind, namespace and name. Two objects with one such identity overwrite each other when applied.
 * @internal
 */
export function storedIdentityOf(obj: KubeObject): string {
  return storedIdentity(splitApiVersion(obj.apiVersion).group, obj.kind, obj.metadata?.namespace, obj.metadata?.name);
}

/** {@link storedIdentityOf} from its parts: `group/kind/namespace/name`. @internal */
export function storedIdentity(group: string, kind: string, namespace: string | undefined, name: string | undefined): string {
  return `${group}/${objectIdentity(kind, namespace, name)}`;
}

/** `Kind namespace/name` (`Kind name` without namespace; `Kind.group` outside the core and apps groups), for messages. @internal */
export function describeObject(obj: KubeObject): string {
  const group = splitApiVersion(obj.apiVersion).group;
  const kind = group === '' || group === 'apps' ? obj.kind : `${obj.kind}.${group}`;
  const namespace = obj.metadata?.namespace;
  return `${kind} ${namespace ? `${namespace}/` : ''}${obj.metadata?.name ?? '(no name)'}`;
}
