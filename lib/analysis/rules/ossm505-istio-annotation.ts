import { annotatedMetadata, ISTIO_ANNOTATIONS, isIstioAnnotationKey } from '../annotations';
import { Rule } from '../rule';

/**
 * OSSM505 (warning): an Istio annotation that does nothing where it is: a key under an `istio.io` domain that Istio
 * 1.20 does not define (a typo such as `networking.istio.io/exportThree`), an annotation on a kind Istio does not
 * read it from (a pod annotation on a Deployment's own metadata instead of its pod template, `kubernetes.io/ingress.class`
 * on a Pod), or a value Istio rejects (`readiness.status.sidecar.istio.io/periodSeconds: ten`).
 */
export const istioAnnotation: Rule = {
  code: 'OSSM505',
  severity: 'warning',
  title: 'Unknown, misplaced or invalid Istio annotation',
  reference: 'IST0107, IST0108, IST0125',
  fix: 'Fix the annotation\'s name or value, or move it where Istio reads it (pod annotations go in spec.template.metadata.annotations).',
  check(ctx, report) {
    for (const m of annotatedMetadata(ctx)) {
      for (const [key, value] of Object.entries(m.annotations)) {
        if (!isIstioAnnotationKey(key)) continue;
        const def = ISTIO_ANNOTATIONS.get(key);
        if (!def) {
          report(m.ref, `${m.path} annotation ${key} is not an Istio annotation, so Istio ignores it`);
        } else if (def.target !== 'Any' && def.target !== m.kind) {
          const where = def.target === 'Pod' && m.path === 'metadata' && m.kind !== 'Namespace' && m.kind !== 'Service'
            ? ' (it belongs in spec.template.metadata.annotations)' : '';
          report(m.ref, `${m.path} annotation ${key} applies to a ${def.target}, not to a ${m.kind}, so Istio ignores it here${where}`);
        } else {
          const invalid = def.check?.(value);
          if (invalid) report(m.ref, `${m.path} annotation ${key}: ${invalid}`);
        }
      }
    }
  },
};
