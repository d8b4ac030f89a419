import { SIDECAR_INJECT_LABEL } from '../../core/mesh-conventions';
import { AnalysisContext } from '../context';
import { Rule } from '../rule';

/** The pod-template label (and deprecated annotation) that opts a pod into sidecar injection under OSSM 2. */
export const INJECT_KEY = SIDECAR_INJECT_LABEL;

/** Whether workloads and Services in `namespace` are meant to be in the mesh (member, or assumed when no roll is in the set). */
export function inMesh(ctx: AnalysisContext, namespace: string): boolean {
  const m = ctx.membership(namespace);
  return m === 'member' || m === 'assumed-member';
}

/**
 * OSSM501 (warning): a long-running workload in a mesh namespace has neither the pod-template label nor the
 * annotation `sidecar.istio.io/inject`. OSSM 2 injects only pods that opt in this way (the namespace label
 * `istio-injection` is not used), so the pod runs without a sidecar. An explicit `"false"` label is a deliberate
 * opt-out and is not reported. Namespaces count as "in the mesh" when the member roll lists them, or when the set
 * holds no member roll; control-plane namespaces are skipped.
 */
export const injectionLabelMissing: Rule = {
  code: 'OSSM501',
  severity: 'warning',
  title: 'Workload without the sidecar.istio.io/inject: "true" pod-template label',
  reference: 'IST0103, IST0102',
  fix: 'Add the label sidecar.istio.io/inject: "true" to spec.template.metadata.labels.',
  check(ctx, report) {
    for (const t of ctx.podTemplates) {
      if (!t.longRunning || !inMesh(ctx, t.namespace)) continue;
      if (INJECT_KEY in t.labels || INJECT_KEY in t.annotations) continue;
      report(t.owner, `the pod template has no ${INJECT_KEY} label, so OSSM 2 injects no sidecar`);
    }
  },
};

/**
 * OSSM502 (warning): a workload opts into (or out of) injection with the deprecated pod-template annotation
 * `sidecar.istio.io/inject` instead of the label. Red Hat documents the annotation as deprecated; Kiali's
 * "Enable Auto Injection" writes the label and removes the annotation.
 */
export const injectionAnnotation: Rule = {
  code: 'OSSM502',
  severity: 'warning',
  title: 'Injection set with the deprecated sidecar.istio.io/inject annotation instead of the label',
  reference: 'IST0135',
  fix: 'Move sidecar.istio.io/inject from spec.template.metadata.annotations to spec.template.metadata.labels.',
  check(ctx, report) {
    for (const t of ctx.podTemplates) {
      if (!t.longRunning || !inMesh(ctx, t.namespace)) continue;
      if (INJECT_KEY in t.annotations && !(INJECT_KEY in t.labels)) {
        report(t.owner, `the pod template sets ${INJECT_KEY}: "${t.annotations[INJECT_KEY]}" as an annotation, the deprecated form of the label`);
      }
    }
  },
};
