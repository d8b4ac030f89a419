import { ISTIO_INJECTION_LABEL, ISTIO_REVISION_LABEL } from '../../core/mesh-conventions';
import { AnalysisContext, DEFAULT_SAIL_ISTIO_VERSION } from '../context';
import { rec, str } from '../kube';
import { Rule } from '../rule';

/** The namespace labels by which upstream Istio picks a data plane: sidecar injection, a revision, ambient. */
function dataPlaneLabels(labels: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  const injection = labels[ISTIO_INJECTION_LABEL];
  if (injection !== undefined && injection !== 'disabled') out.push(`${ISTIO_INJECTION_LABEL}=${injection}`);
  if (labels[ISTIO_REVISION_LABEL] !== undefined) out.push(`${ISTIO_REVISION_LABEL}=${labels[ISTIO_REVISION_LABEL]}`);
  if (labels['istio.io/dataplane-mode'] === 'ambient') out.push('istio.io/dataplane-mode=ambient');
  return out;
}

/** The revisions the `Istio` resources of the set run: exact names, and name prefixes where the version is an alias. */
interface Revisions {
  readonly names: Set<string>;
  /** `<name>-v1-30-` for a RevisionBased `Istio` on a version alias (`v1.30-latest`): the operator picks the patch. */
  readonly prefixes: string[];
}

/**
 * The revisions the `Istio` resources of the set run, as far as the set tells: an `Istio` with `InPlace` updates
 * (the default) runs the revision of its own name; one with `RevisionBased` updates runs `<name>-<version>` with the
 * dots of the version as dashes (`default-v1-30-3`; unset version: the OSSM 3.4 default), or, for a version alias
 * such as `v1.30-latest`, a revision starting `<name>-v1-30-`. IstioRevisionTags count as revisions too.
 */
function knownRevisions(ctx: AnalysisContext): Revisions {
  const names = new Set(ctx.revisionTags);
  const prefixes: string[] = [];
  for (const istio of ctx.sailControlPlanes) {
    if ((str(rec(istio.spec.updateStrategy)?.type) ?? 'InPlace') === 'InPlace') {
      names.add(istio.name);
      continue;
    }
    const version = str(istio.spec.version) ?? DEFAULT_SAIL_ISTIO_VERSION;
    const exact = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(version);
    const alias = /^v?(\d+)\.(\d+)/.exec(version);
    if (exact) names.add(`${istio.name}-v${exact[1]}-${exact[2]}-${exact[3]}`);
    else if (alias) prefixes.push(`${istio.name}-v${alias[1]}-${alias[2]}-`);
    else prefixes.push(`${istio.name}-`);
  }
  return { names, prefixes };
}

function provides(revisions: Revisions, wanted: string): boolean {
  return revisions.names.has(wanted) || revisions.prefixes.some((p) => wanted.startsWith(p));
}

/**
 * OSSM504 (warning): a Namespace's injection label does not do what it says.
 * - OSSM 2: `istio-injection: enabled`, as upstream Istio guides (and the Travels demo's README) say, has no effect
 *   (OSSM 2 only honours `disabled`): nothing is injected.
 * - OSSM 3 (an `Istio` of the set governs the namespace): `istio-injection: enabled` needs the revision `default`, and
 *   `istio.io/rev` a revision that exists; a label naming none of the revisions the `Istio`s of the set run (InPlace:
 *   their names; RevisionBased: `<name>-<version>`) nor an IstioRevisionTag injects nothing.
 * - Both: more than one of `istio-injection`, `istio.io/rev` and `istio.io/dataplane-mode: ambient` ask for
 *   different data planes, and Istio picks one by precedence.
 */
export const namespaceInjectionLabel: Rule = {
  code: 'OSSM504',
  severity: 'warning',
  title: 'Namespace injection label that injects nothing (OSSM 2: istio-injection=enabled; OSSM 3: a revision no Istio runs) or conflicting data-plane labels',
  reference: 'IST0102, IST0123',
  fix: 'Add the namespace to the ServiceMeshMemberRoll and label each pod template sidecar.istio.io/inject: "true"; drop the namespace label.',
  check(ctx, report) {
    const revisions = ctx.sailControlPlanes.length > 0 ? knownRevisions(ctx) : undefined;
    for (const ns of ctx.namespaceObjects) {
      const planes = dataPlaneLabels(ns.labels);
      const ossm3 = ctx.platformOf(ns.name) === 'ossm3';
      if (planes.length > 1) {
        report(ns, `labels ${planes.join(', ')} ask for different data planes; Istio honours only one of them`,
          `Keep one of istio-injection, istio.io/rev and istio.io/dataplane-mode (${ossm3 ? 'under OSSM 3, istio-injection for the default revision' : 'under OSSM 2, none: injection is per pod'}).`);
      } else if (!ossm3 && ns.labels[ISTIO_INJECTION_LABEL] === 'enabled') {
        report(ns, 'label istio-injection=enabled has no effect under OSSM 2, which injects only pods labelled sidecar.istio.io/inject: "true"');
      } else if (ossm3 && revisions !== undefined) {
        const wanted = ns.labels[ISTIO_INJECTION_LABEL] === 'enabled' ? 'default' : ns.labels[ISTIO_REVISION_LABEL];
        if (wanted !== undefined && !provides(revisions, wanted)) {
          const listed = [...[...revisions.names].sort(), ...revisions.prefixes.map((p) => `${p}…`)].join(', ') || 'none';
          report(ns, `label ${planes[0]} asks for the revision "${wanted}", which no Istio or IstioRevisionTag of the set provides (revisions: ${listed}), so nothing is injected`,
            wanted === 'default' ? 'Name the Istio "default" (InPlace updates), add an IstioRevisionTag named default, or label the namespace istio.io/rev=<revision>.'
              : 'Label the namespace with the revision of an Istio of the set (with InPlace updates, its name).');
        }
      }
    }
  },
};
