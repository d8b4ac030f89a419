/**
 * Test helper: the checks of the Pod Security Standard "restricted" (Kubernetes 1.28, baseline included) and of
 * OpenShift's `restricted-v2` SCC that a pod spec can fail on its own, written from their published rules
 * (kubernetes.io/docs/concepts/security/pod-security-standards, the restricted-v2 SCC), independent of the library.
 */

type Json = Record<string, any>;

const RESTRICTED_VOLUME_TYPES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);
const SAFE_SYSCTLS = new Set(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']);

/** Why a pod spec fails Pod Security "restricted" or OpenShift restricted-v2; empty when it passes. */
export function restrictedViolations(pod: Json): string[] {
  const out: string[] = [];
  const podContext: Json = pod.securityContext ?? {};
  const containers: Json[] = [...(pod.initContainers ?? []), ...(pod.containers ?? []), ...(pod.ephemeralContainers ?? [])];
  for (const f of ['hostNetwork', 'hostPID', 'hostIPC']) if (pod[f] === true) out.push(`${f} is true`);
  for (const v of pod.volumes ?? []) {
    const type = Object.keys(v).find((k) => k !== 'name');
    if (!type || !RESTRICTED_VOLUME_TYPES.has(type)) out.push(`volume ${v.name} has type ${type}`);
  }
  for (const s of podContext.sysctls ?? []) if (!SAFE_SYSCTLS.has(s.name)) out.push(`unsafe sysctl ${s.name}`);
  if (podContext.runAsUser === 0) out.push('pod runAsUser is 0');
  if (podContext.seccompProfile?.type === 'Unconfined') out.push('pod seccomp profile Unconfined');
  for (const c of containers) {
    const sc: Json = c.securityContext ?? {};
    const name = `container ${c.name}`;
    if (sc.privileged === true) out.push(`${name} is privileged`);
    if (sc.allowPrivilegeEscalation !== false) out.push(`${name} does not set allowPrivilegeEscalation: false`);
    if (sc.procMount !== undefined && sc.procMount !== 'Default') out.push(`${name} procMount ${sc.procMount}`);
    if (sc.runAsUser === 0) out.push(`${name} runAsUser is 0`);
    const runAsNonRoot = sc.runAsNonRoot ?? podContext.runAsNonRoot;
    if (runAsNonRoot !== true) out.push(`${name} is not runAsNonRoot (neither the pod nor the container sets it true)`);
    const seccomp = sc.seccompProfile?.type ?? podContext.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') out.push(`${name} has no RuntimeDefault/Localhost seccomp profile`);
    const caps: Json = sc.capabilities ?? {};
    if (!(caps.drop ?? []).includes('ALL')) out.push(`${name} does not drop ALL capabilities`);
    for (const cap of caps.add ?? []) if (cap !== 'NET_BIND_SERVICE') out.push(`${name} adds capability ${cap}`);
    for (const p of c.ports ?? []) if (p.hostPort !== undefined && p.hostPort !== 0) out.push(`${name} uses hostPort ${p.hostPort}`);
  }
  return out;
}

/** The pod spec of a workload object (Deployment-like, CronJob or Pod); undefined for other kinds. */
export function podSpecOf(o: Json): Json | undefined {
  if (o.kind === 'Pod') return o.spec;
  if (o.kind === 'CronJob') return o.spec?.jobTemplate?.spec?.template?.spec;
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'ReplicationController'].includes(o.kind)) return o.spec?.template?.spec;
  return undefined;
}
