import { ISTIO_INJECTION_LABEL, ISTIO_REVISION_LABEL, SIDECAR_INJECT_LABEL } from '../../core/mesh-conventions';
import { Rule } from '../rule';

/**
 * OSSM507 (warning): under OSSM 3, a Namespace of the mesh (its discovery selectors select it; not the control plane)
 * carries no injection label (`istio-injection`, `istio.io/rev`) and no ambient label, while the set holds
 * long-running workloads there that do not opt in per pod: they run without sidecar. OSSM 2 injects per pod, so
 * nothing is reported there (OSSM501 covers it).
 */
export const namespaceNotInjected: Rule = {
  code: 'OSSM507',
  severity: 'warning',
  title: 'OSSM 3 mesh namespace with no injection label (istio-injection, istio.io/rev) while workloads there do not opt in per pod',
  reference: 'IST0102',
  fix: 'Label the namespace istio.io/rev=<revision> (or istio-injection=enabled for the revision default); istio-injection=disabled to keep it out on purpose.',
  check(ctx, report) {
    for (const ns of ctx.namespaceObjects) {
      if (ctx.platformOf(ns.name) !== 'ossm3' || ctx.membership(ns.name) !== 'member') continue;
      const l = ns.labels;
      if (l[ISTIO_INJECTION_LABEL] !== undefined || l[ISTIO_REVISION_LABEL] !== undefined || l['istio.io/dataplane-mode'] !== undefined) continue;
      const bare = ctx.podTemplates.filter((t) => t.namespace === ns.name && t.longRunning
        && t.labels[SIDECAR_INJECT_LABEL] === undefined && t.annotations[SIDECAR_INJECT_LABEL] === undefined && t.labels[ISTIO_REVISION_LABEL] === undefined);
      if (bare.length === 0) continue;
      report(ns, `namespace ${ns.name} is in the OSSM 3 mesh but has no ${ISTIO_INJECTION_LABEL} or ${ISTIO_REVISION_LABEL} label, so ${bare.length === 1 ? 'its workload' : `its ${bare.length} workloads`} `
        + `(${bare.slice(0, 3).map((t) => t.owner.name).join(', ')}${bare.length > 3 ? ', …' : ''}) get no sidecar`);
    }
  },
};
