import { SIDECAR_INJECT_LABEL } from '../../core/mesh-conventions';
import { Rule } from '../rule';

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
  reference: 'IST0103, IST0146, IST0147',
  fix: 'Add the label sidecar.istio.io/inject: "true" to spec.template.metadata.labels.',
  check(ctx, report) {
    for (const t of ctx.podTemplates) {
      if (!t.longRunning || !ctx.inMesh(t.namespace)) continue;
      if (SIDECAR_INJECT_LABEL in t.labels || SIDECAR_INJECT_LABEL in t.annotations) continue;
      report(t.owner, `the pod template has no ${SIDECAR_INJECT_LABEL} label, so OSSM 2 injects no sidecar`);
    }
  },
};
