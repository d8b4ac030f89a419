import { identityOf, KubeObject } from '../../lib/core/kube-object';

/** `Kind/namespace/name` of an object (the library's object identity). */
export const keyOf = (o: KubeObject): string => identityOf(o);

/** The one object of a kind and name (and namespace, when given); fails the test when there is not exactly one. */
export function find(objects: readonly KubeObject[], kind: string, name: string, namespace?: string): KubeObject {
  const hits = objects.filter((o) => o.kind === kind && o.metadata?.name === name
    && (namespace === undefined || o.metadata?.namespace === namespace));
  if (hits.length !== 1) throw new Error(`expected one ${kind} ${namespace ?? '*'}/${name}, found ${hits.length}`);
  return hits[0];
}

/** Kinds that have no namespace. */
export const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition']);

/** The pod templates of every workload among the objects. */
export function podTemplates(objects: readonly KubeObject[]): Array<{ owner: string; labels: Record<string, string> }> {
  return objects
    .filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(o.kind))
    .map((o) => ({ owner: keyOf(o), labels: o.spec?.template?.metadata?.labels ?? {} }));
}
