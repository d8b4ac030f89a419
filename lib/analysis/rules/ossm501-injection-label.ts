import { ISTIO_INJECTION_LABEL as INJECTION_LABEL, ISTIO_REVISION_LABEL as REVISION_LABEL, SIDECAR_INJECT_LABEL } from '../../core/mesh-conventions';
import { DATAPLANE_MODE_LABEL } from '../../core/data-plane';
import { Rule } from '../rule';

/** The sidecar's container name, which the injector fills in (a pod with it was injected). */
const PROXY_CONTAINER = 'istio-proxy';
/** The image Istio's gateway injection template replaces (`image: auto`). */
const AUTO_IMAGE = 'auto';

/**
 * OSSM501 (warning): a long-running workload in a mesh namespace would run without a sidecar.
 *
 * OSSM 2 injects only pods that opt in with the pod-template label (or annotation) `sidecar.istio.io/inject` (the
 * namespace label `istio-injection` is not used), so a pod template without it runs without a sidecar.
 *
 * OSSM 3 injects as upstream Istio does: the namespace label `istio-injection: enabled` or `istio.io/rev: <revision>`,
 * or the pod-template label `sidecar.istio.io/inject: "true"` or `istio.io/rev`. A pod template without any of them in a
 * namespace without them (its Namespace object in the set) runs without a sidecar; when the Namespace object is not in
 * the set, its labels are unknown and nothing is reported — unless the pod's `istio-proxy` container has `image: auto`
 * (gateway injection), which fails to start without injection (Istio's IST0146/IST0147). A bare Pod that its namespace
 * or its own labels ask to inject but that has no `istio-proxy` container was created without the sidecar (Istio's
 * IST0103).
 *
 * A namespace (or pod template) labelled `istio.io/dataplane-mode` is in ambient mode (or, with `none`, deliberately
 * out of it): it needs no sidecar and is not reported.
 *
 * An explicit `"false"` (or `istio-injection: disabled`) is a deliberate opt-out and is not reported. Namespaces count
 * as "in the mesh" when the member roll lists them or discovery selectors select them, or when the set holds neither;
 * control-plane namespaces are skipped.
 */
export const injectionLabelMissing: Rule = {
  code: 'OSSM501',
  severity: 'warning',
  title: 'Workload that no injection label gives a sidecar (OSSM 2: the sidecar.istio.io/inject: "true" pod-template label)',
  reference: 'IST0103, IST0146, IST0147',
  fix: 'Add the label sidecar.istio.io/inject: "true" to spec.template.metadata.labels.',
  check(ctx, report) {
    for (const t of ctx.podTemplates) {
      if (!t.longRunning || !ctx.inMesh(t.namespace)) continue;
      const podChoice = t.labels[SIDECAR_INJECT_LABEL] ?? t.annotations[SIDECAR_INJECT_LABEL];
      if (ctx.platformOf(t.namespace) === 'ossm2') {
        if (podChoice !== undefined) continue;
        report(t.owner, `the pod template has no ${SIDECAR_INJECT_LABEL} label, so OSSM 2 injects no sidecar`);
        continue;
      }
      const ns = ctx.namespaceObject(t.namespace);
      const podAsks = (podChoice !== undefined && podChoice !== 'false') || t.labels[REVISION_LABEL] !== undefined;
      const namespaceAsks = ns !== undefined && ((ns.labels[INJECTION_LABEL] !== undefined && ns.labels[INJECTION_LABEL] !== 'disabled') || ns.labels[REVISION_LABEL] !== undefined);
      const proxy = t.containers.find((c) => c.name === PROXY_CONTAINER);
      if (t.owner.kind === 'Pod' && t.owner.group === '' && podChoice !== 'false' && (podAsks || namespaceAsks) && !proxy) {
        // a Pod read from a cluster (it has a uid, a creation time or a status) is as it runs; a manifest's Pod gets its
        // sidecar when it is admitted, so for it the finding is conditional
        const meta = (t.owner.obj.metadata ?? {}) as Record<string, unknown>;
        const fromCluster = meta.uid !== undefined || meta.creationTimestamp !== undefined || t.owner.obj.status !== undefined;
        report(t.owner, `the ${podAsks ? 'pod' : `namespace ${t.namespace}`} asks for a sidecar but this Pod has no ${PROXY_CONTAINER} container: `
          + (fromCluster ? 'it was created before injection was enabled (or the injector did not run), so it runs without a sidecar'
            : 'if it already runs (as read from a cluster), it was created before injection was enabled (or the injector did not run) and runs without a '
              + 'sidecar; applied from this manifest it gets one at admission'),
        'Delete the Pod (or restart its workload) so that it is created again with the sidecar.');
        continue;
      }
      if (podChoice !== undefined || t.labels[REVISION_LABEL] !== undefined || t.labels[DATAPLANE_MODE_LABEL] !== undefined) continue;
      if (proxy?.image === AUTO_IMAGE && !namespaceAsks && ns?.labels[INJECTION_LABEL] !== 'disabled') {
        report(t.owner, `container ${PROXY_CONTAINER} has image "${AUTO_IMAGE}", which only the injector replaces, but neither the pod template nor `
          + `${ns ? `namespace ${t.namespace}` : `namespace ${t.namespace} (its Namespace object is not in the set)`} asks for injection: the pods cannot start`,
        `Label the namespace ${INJECTION_LABEL}=enabled or ${REVISION_LABEL}=<revision>, or the pod template ${SIDECAR_INJECT_LABEL}: "true".`);
        continue;
      }
      if (!ns || [INJECTION_LABEL, REVISION_LABEL, DATAPLANE_MODE_LABEL].some((l) => ns.labels[l] !== undefined)) continue;
      report(t.owner, `neither namespace ${t.namespace} (${INJECTION_LABEL}, ${REVISION_LABEL}) nor the pod template (${SIDECAR_INJECT_LABEL}, ${REVISION_LABEL}) `
        + 'asks for a sidecar, so OSSM 3 injects none',
      `Label the namespace ${INJECTION_LABEL}=enabled (for the Istio named default) or ${REVISION_LABEL}=<revision>, or the pod template ${SIDECAR_INJECT_LABEL}: "true".`);
    }
  },
};
