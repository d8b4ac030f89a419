/**
 * Pod Security, written once for the workload constructs and the analyzer: what every pod this library emits
 * carries so that it passes the Pod Security Standard "restricted" and OpenShift's `restricted-v2` SCC, and how
 * to tell a pod spec that asks for more than that.
 */

/** The pod-level security context of every workload: no root, the container runtime's default seccomp profile. */
export const RESTRICTED_POD_SECURITY: { readonly runAsNonRoot: true; readonly seccompProfile: { readonly type: 'RuntimeDefault' } } = {
  runAsNonRoot: true,
  seccompProfile: { type: 'RuntimeDefault' },
};

/** What every container gets at least: no privilege escalation, every capability dropped. */
export const RESTRICTED_CONTAINER_MINIMUM: { readonly allowPrivilegeEscalation: false; readonly capabilities: { readonly drop: readonly ['ALL'] } } = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
};

/** The one capability Pod Security "restricted" lets a container add. */
const ALLOWED_ADDED_CAPABILITY = 'NET_BIND_SERVICE';

type Json = { readonly [key: string]: unknown };
const rec = (v: unknown): Json | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Json : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * The settings of a pod spec (JSON field names: `securityContext`, `containers`, `initContainers`, `volumes`,
 * `hostNetwork`, …) that Pod Security "restricted" refuses because they give the pod power over its node or run
 * it as root: privileged containers, privilege escalation, `runAsUser: 0`, `runAsNonRoot: false`, added
 * capabilities (other than NET_BIND_SERVICE), hostPath volumes, host namespaces and host ports, and the
 * `Unconfined` seccomp profile. Each as a short phrase; empty when there is none.
 * @internal
 */
export function unrestrictedSettings(podSpec: unknown): string[] {
  const pod = rec(podSpec) ?? {};
  const found: string[] = [];
  const podContext = rec(pod.securityContext) ?? {};
  if (podContext.runAsUser === 0) found.push('the pod runs as root (runAsUser: 0)');
  if (podContext.runAsNonRoot === false) found.push('the pod allows root (runAsNonRoot: false)');
  if (rec(podContext.seccompProfile)?.type === 'Unconfined') found.push('the pod runs without seccomp (seccompProfile: Unconfined)');
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (pod[field] === true) found.push(`the pod shares the node's namespaces (${field}: true)`);
  }
  for (const volume of list(pod.volumes).map(rec)) {
    if (volume?.hostPath !== undefined) found.push(`volume ${JSON.stringify(volume.name)} mounts a host path (${JSON.stringify(rec(volume.hostPath)?.path)})`);
  }
  for (const container of [...list(pod.initContainers), ...list(pod.containers), ...list(pod.ephemeralContainers)].map(rec)) {
    const name = JSON.stringify(container?.name);
    const context = rec(container?.securityContext) ?? {};
    if (context.privileged === true) found.push(`container ${name} is privileged`);
    if (context.allowPrivilegeEscalation === true) found.push(`container ${name} allows privilege escalation`);
    if (context.runAsUser === 0) found.push(`container ${name} runs as root (runAsUser: 0)`);
    if (context.runAsNonRoot === false) found.push(`container ${name} allows root (runAsNonRoot: false)`);
    const added = list(rec(context.capabilities)?.add).filter((c) => c !== ALLOWED_ADDED_CAPABILITY);
    if (added.length > 0) found.push(`container ${name} adds capabilities ${added.map(String).join(', ')}`);
    if (rec(context.seccompProfile)?.type === 'Unconfined') found.push(`container ${name} runs without seccomp (seccompProfile: Unconfined)`);
    const hostPorts = list(container?.ports).map((p) => rec(p)?.hostPort).filter((p) => p !== undefined && p !== 0);
    if (hostPorts.length > 0) found.push(`container ${name} binds host ports ${hostPorts.map(String).join(', ')}`);
  }
  return found;
}

/**
 * A namespace's range of user IDs on OpenShift: what its `openshift.io/sa.scc.uid-range` annotation says, e.g.
 * `1000680000/10000` is `{ start: 1000680000, size: 10000 }`. OpenShift's `restricted-v2` SCC admits a pod only with
 * a `runAsUser` in this range (`MustRunAsRange`) and an `fsGroup` in the namespace's supplemental groups, which
 * OpenShift gives the same range unless told otherwise.
 */
export interface UidRange {
  /** The first UID of the range. */
  readonly start: number;
  /** How many UIDs it holds. */
  readonly size: number;
}

/**
 * The fixed `runAsUser` and `fsGroup` values of a pod spec (pod and containers) that OpenShift's `restricted-v2`
 * SCC would refuse: with the namespace's `range`, those outside it; without one (it is unknown at synth time — the
 * namespace gets it when it is created), every fixed value, since restricted-v2 only admits the namespace's own
 * range and a fixed value such as 1000 is outside any range OpenShift assigns. Each as a short phrase.
 * @internal
 */
export function sccRangeProblems(podSpec: unknown, range?: UidRange): string[] {
  const pod = rec(podSpec) ?? {};
  const inRange = (id: number) => range !== undefined && id >= range.start && id < range.start + range.size;
  const where = range === undefined ? 'the namespace\'s range (unknown here)' : `the namespace's range ${range.start}/${range.size}`;
  const problems: string[] = [];
  const check = (owner: string, field: 'runAsUser' | 'fsGroup', value: unknown) => {
    if (typeof value === 'number' && value !== 0 && !inRange(value)) problems.push(`${owner} sets ${field}: ${value}, outside ${where}`);
  };
  const podContext = rec(pod.securityContext) ?? {};
  check('the pod', 'runAsUser', podContext.runAsUser);
  check('the pod', 'fsGroup', podContext.fsGroup);
  for (const container of [...list(pod.initContainers), ...list(pod.containers)].map(rec)) {
    check(`container ${JSON.stringify(container?.name)}`, 'runAsUser', rec(container?.securityContext)?.runAsUser);
  }
  return problems;
}
