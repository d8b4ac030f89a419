import { Rule } from '../rule';

/** The namespace labels by which upstream Istio picks a data plane: sidecar injection, a revision, ambient. */
function dataPlaneLabels(labels: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  if (labels['istio-injection'] !== undefined && labels['istio-injection'] !== 'disabled') out.push(`istio-injection=${labels['istio-injection']}`);
  if (labels['istio.io/rev'] !== undefined) out.push(`istio.io/rev=${labels['istio.io/rev']}`);
  if (labels['istio.io/dataplane-mode'] === 'ambient') out.push('istio.io/dataplane-mode=ambient');
  return out;
}

/**
 * OSSM504 (warning): a Namespace carries `istio-injection: enabled`, as upstream Istio guides (and the Travels
 * demo's README) say. OSSM 2 ignores it (it only honours `disabled`): nothing is injected. Also when a Namespace
 * carries more than one of `istio-injection`, `istio.io/rev` and `istio.io/dataplane-mode: ambient`: they ask for
 * different data planes, and Istio picks one by precedence.
 */
export const namespaceInjectionLabel: Rule = {
  code: 'OSSM504',
  severity: 'warning',
  title: 'Namespace label istio-injection=enabled, which OSSM 2 ignores, or conflicting data-plane labels',
  reference: 'IST0102, IST0123',
  fix: 'Add the namespace to the ServiceMeshMemberRoll and label each pod template sidecar.istio.io/inject: "true"; drop the namespace label.',
  check(ctx, report) {
    for (const ns of ctx.namespaceObjects) {
      const planes = dataPlaneLabels(ns.labels);
      if (planes.length > 1) {
        report(ns, `labels ${planes.join(', ')} ask for different data planes; Istio honours only one of them`,
          'Keep one of istio-injection, istio.io/rev and istio.io/dataplane-mode (under OSSM 2, none: injection is per pod).');
      } else if (ns.labels['istio-injection'] === 'enabled') {
        report(ns, 'label istio-injection=enabled has no effect under OSSM 2, which injects only pods labelled sidecar.istio.io/inject: "true"');
      }
    }
  },
};
