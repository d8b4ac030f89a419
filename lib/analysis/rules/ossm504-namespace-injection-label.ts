import { Rule } from '../rule';

/**
 * OSSM504 (warning): a Namespace carries `istio-injection: enabled`, as upstream Istio guides (and the Travels
 * demo's README) say. OSSM 2 ignores it (it only honours `disabled`): nothing is injected.
 */
export const namespaceInjectionLabel: Rule = {
  code: 'OSSM504',
  severity: 'warning',
  title: 'Namespace label istio-injection=enabled, which OSSM 2 ignores',
  reference: 'IST0102',
  fix: 'Add the namespace to the ServiceMeshMemberRoll and label each pod template sidecar.istio.io/inject: "true"; drop the namespace label.',
  check(ctx, report) {
    for (const ns of ctx.namespaceObjects) {
      if (ns.labels['istio-injection'] === 'enabled') {
        report(ns, 'label istio-injection=enabled has no effect under OSSM 2, which injects only pods labelled sidecar.istio.io/inject: "true"');
      }
    }
  },
};
