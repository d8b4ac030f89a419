/**
 * PeerAuthentication as Istio 1.20 applies it to a workload: the oldest workload policy of its namespace whose
 * selector its pod labels carry (port-level mode first), else the namespace policy, else the mesh policy (the root
 * namespace's policy without selector), else PERMISSIVE. A mode of UNSET inherits from the next level. A
 * ServiceMeshControlPlane with `spec.security.dataPlane.mtls: true` makes the mesh STRICT when no mesh policy is in
 * the set (the operator creates that policy).
 */
import { API_GROUP } from '../core/api-groups';
import type { AnalysisContext, ObjectRef, PodTemplate } from './context';
import { addToList, compareConfigAge, labelsMatch, rec, str, stringMap } from './kube';
import { objectKey } from './messages';

/** The mode a workload's sidecar enforces on one port, and the object that decides it. */
export interface EffectiveMtls {
  readonly mode: 'STRICT' | 'PERMISSIVE' | 'DISABLE';
  /** `PeerAuthentication <ns>/<name>` (with the port for a port-level mode), the control plane, or `Istio's default`. */
  readonly source: string;
}

type Mode = EffectiveMtls['mode'] | 'UNSET';

function modeOf(x: unknown): Mode {
  const mode = str(rec(x)?.mode)?.toUpperCase();
  return mode === 'STRICT' || mode === 'PERMISSIVE' || mode === 'DISABLE' ? mode : 'UNSET';
}

/** PeerAuthentications of a set, indexed by namespace. */
export class PeerAuthenticationIndex {
  private readonly namespaceWide = new Map<string, ObjectRef>();
  private readonly workloadPolicies = new Map<string, ObjectRef[]>();
  private readonly controlPlaneStrict?: string;

  public constructor(private readonly ctx: AnalysisContext) {
    const policies = [...ctx.ofKind(API_GROUP.ISTIO_SECURITY, 'PeerAuthentication')].sort(compareConfigAge);
    for (const pa of policies) {
      const selector = this.selectorOf(pa);
      if (selector === undefined) {
        if (!this.namespaceWide.has(pa.namespace)) this.namespaceWide.set(pa.namespace, pa); // the oldest wins
      } else {
        addToList(this.workloadPolicies, pa.namespace, pa);
      }
    }
    const strictPlane = ctx.controlPlanes.find((cp) => rec(rec(cp.spec.security)?.dataPlane)?.mtls === true);
    if (strictPlane) this.controlPlaneStrict = `ServiceMeshControlPlane ${objectKey(strictPlane)} (spec.security.dataPlane.mtls: true)`;
  }

  /** `spec.selector.matchLabels` of a PeerAuthentication, or `undefined` for a namespace- or mesh-wide one. */
  public selectorOf(pa: ObjectRef): Readonly<Record<string, string>> | undefined {
    const labels = stringMap(rec(pa.spec.selector)?.matchLabels);
    return Object.keys(labels).length > 0 ? labels : undefined;
  }

  /** The mode the sidecar of `template`'s pods enforces on `port` (a container port), or on every port without it. */
  public modeFor(template: PodTemplate, port?: number): EffectiveMtls {
    const describe = (pa: ObjectRef, extra = '') => `PeerAuthentication ${objectKey(pa)}${extra}`;
    const workload = (this.workloadPolicies.get(template.namespace) ?? []).find((pa) => labelsMatch(this.selectorOf(pa)!, template.labels));
    if (workload) {
      const portMode = port === undefined ? 'UNSET' : modeOf(rec(rec(workload.spec.portLevelMtls)?.[String(port)]));
      if (portMode !== 'UNSET') return { mode: portMode, source: describe(workload, ` (port ${port})`) };
      const mode = modeOf(workload.spec.mtls);
      if (mode !== 'UNSET') return { mode, source: describe(workload) };
    }
    for (const namespace of [template.namespace, this.ctx.rootNamespace]) {
      const pa = this.namespaceWide.get(namespace);
      const mode = pa ? modeOf(pa.spec.mtls) : 'UNSET';
      if (pa && mode !== 'UNSET') return { mode, source: describe(pa) };
    }
    if (this.controlPlaneStrict) return { mode: 'STRICT', source: this.controlPlaneStrict };
    return { mode: 'PERMISSIVE', source: 'Istio\'s default' };
  }
}
