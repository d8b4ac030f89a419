import { annotatedMetadata, ISTIO_ANNOTATIONS } from '../annotations';
import { SIDECAR_INJECT_LABEL } from '../../core/mesh-conventions';
import { Rule } from '../rule';

/**
 * OSSM502 (warning): a deprecated Istio annotation. Chiefly a workload that opts into (or out of) injection with the
 * pod-template annotation `sidecar.istio.io/inject` instead of the label — Red Hat documents the annotation as
 * deprecated, and Kiali's "Enable Auto Injection" writes the label and removes the annotation — and the annotations
 * Istio 1.20 deprecates (`sidecar.istio.io/statsInclusionPrefixes`, ...), wherever they are.
 */
export const deprecatedAnnotation: Rule = {
  code: 'OSSM502',
  severity: 'warning',
  title: 'Deprecated Istio annotation (sidecar.istio.io/inject as an annotation, statsInclusion*, ...)',
  reference: 'IST0135',
  fix: 'Move sidecar.istio.io/inject from spec.template.metadata.annotations to spec.template.metadata.labels; replace other deprecated annotations as the message says.',
  check(ctx, report) {
    for (const t of ctx.podTemplates) {
      if (!t.longRunning || !ctx.inMesh(t.namespace)) continue;
      if (SIDECAR_INJECT_LABEL in t.annotations && !(SIDECAR_INJECT_LABEL in t.labels)) {
        report(t.owner, `the pod template sets ${SIDECAR_INJECT_LABEL}: "${t.annotations[SIDECAR_INJECT_LABEL]}" as an annotation, the deprecated form of the label`);
      }
    }
    for (const m of annotatedMetadata(ctx)) {
      for (const key of Object.keys(m.annotations)) {
        const replacement = ISTIO_ANNOTATIONS.get(key)?.deprecated;
        if (replacement) {
          report(m.ref, `${m.path} annotation ${key} is deprecated in Istio 1.20`, `Use ${replacement} instead of ${key}.`);
        }
      }
    }
  },
};
