import { API_GROUP } from '../../core/api-groups';
import { rec, stringMap } from '../kube';
import { formatLabels } from '../messages';
import { Rule } from '../rule';

/**
 * OSSM803 (warning): a Sidecar in the root namespace (the control plane's) with a `workloadSelector`. Only a root
 * Sidecar without selector is the mesh-wide default; with one, it applies to matching pods of the root namespace
 * alone, which is rarely what a Sidecar written there means.
 */
export const rootSidecarSelector: Rule = {
  code: 'OSSM803',
  severity: 'warning',
  title: 'Sidecar in the root namespace with a workloadSelector: it is not the mesh-wide default',
  reference: 'KIA1006',
  fix: 'Drop the workloadSelector to make it the mesh-wide default, or move it to the namespace of the workloads it is for.',
  check(ctx, report) {
    for (const s of ctx.ofKind(API_GROUP.ISTIO_NETWORKING, 'Sidecar')) {
      if (s.namespace !== ctx.rootNamespace) continue;
      const labels = stringMap(rec(s.spec.workloadSelector)?.labels);
      if (Object.keys(labels).length === 0) continue;
      report(s, `a Sidecar of the root namespace ${s.namespace} with workloadSelector ${formatLabels(labels)} is no mesh-wide default: it applies only to matching pods of ${s.namespace}`);
    }
  },
};
