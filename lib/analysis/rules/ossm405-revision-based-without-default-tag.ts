import { ISTIO_INJECTION_LABEL } from '../../core/mesh-conventions';
import { rec, str } from '../kube';
import { Rule } from '../rule';

/**
 * OSSM405 (warning, OSSM 3 only): an `Istio` of the set updates `RevisionBased`, so its revisions are named
 * `<name>-<version>` and none is `default`, while namespaces it governs carry `istio-injection: enabled` — which asks
 * for the revision `default` — and the set has no `IstioRevisionTag` named `default` (nor an `InPlace` `Istio` named
 * `default`). Nothing is injected there: a switch from InPlace to RevisionBased without the tag silently stops
 * injection in every such namespace. Source: sail-operator docs, "Update Strategy" (RevisionBased) and
 * "IstioRevisionTag".
 */
export const revisionBasedWithoutDefaultTag: Rule = {
  code: 'OSSM405',
  severity: 'warning',
  title: 'RevisionBased Istio without an IstioRevisionTag named default while namespaces use istio-injection=enabled',
  reference: '— (sail operator)',
  fix: 'Add an IstioRevisionTag named default whose targetRef is the Istio (MESH_UPDATE_STRATEGY=RevisionBased writes one), or label the namespaces istio.io/rev=<revision>.',
  check(ctx, report) {
    const revisionBased = ctx.sailControlPlanes.filter((istio) => str(rec(istio.spec.updateStrategy)?.type) === 'RevisionBased');
    if (revisionBased.length === 0 || ctx.revisionTags.has('default')) return;
    // an InPlace Istio named default still serves istio-injection=enabled
    if (ctx.sailControlPlanes.some((istio) => istio.name === 'default' && (str(rec(istio.spec.updateStrategy)?.type) ?? 'InPlace') === 'InPlace')) return;
    for (const ns of ctx.namespaceObjects) {
      if (ns.labels[ISTIO_INJECTION_LABEL] !== 'enabled' || ctx.platformOf(ns.name) !== 'ossm3') continue;
      report(ns, `label istio-injection=enabled asks for the revision "default", but Istio ${revisionBased.map((i) => i.name).join(', ')} updates RevisionBased `
        + '(revisions <name>-<version>) and no IstioRevisionTag named default points to it, so nothing is injected');
    }
  },
};
