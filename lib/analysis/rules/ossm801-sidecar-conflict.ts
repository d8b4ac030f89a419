import { API_GROUP } from '../../core/api-groups';
import { ObjectRef } from '../context';
import { rec, stringMap } from '../kube';
import { formatLabels, formatOthers, objectKey } from '../messages';
import { Rule } from '../rule';

/**
 * OSSM801 (error): Sidecar resources that compete for the same workloads, which Istio then configures from one of
 * them, unpredictably: two Sidecars without `workloadSelector` in one namespace, or two whose selectors select the
 * same pod template.
 */
export const sidecarConflict: Rule = {
  code: 'OSSM801',
  severity: 'error',
  title: 'Two Sidecars without workloadSelector in one namespace, or two selecting the same workload',
  reference: 'IST0110, IST0111, KIA0002, KIA0003',
  fix: 'Keep one Sidecar per namespace without workloadSelector and one per workload, merging their egress and ingress settings.',
  check(ctx, report) {
    const byNamespace = new Map<string, ObjectRef[]>();
    const selectorOf = (s: ObjectRef) => stringMap(rec(s.spec.workloadSelector)?.labels);
    for (const s of ctx.ofKind(API_GROUP.ISTIO_NETWORKING, 'Sidecar')) {
      const list = byNamespace.get(s.namespace) ?? [];
      list.push(s);
      byNamespace.set(s.namespace, list);
    }
    for (const [namespace, sidecars] of byNamespace) {
      const plain = sidecars.filter((s) => Object.keys(selectorOf(s)).length === 0);
      if (plain.length > 1) {
        for (const s of plain) report(s, `namespace ${namespace} has other Sidecars without workloadSelector (${formatOthers(plain, s, objectKey)}): Istio applies one of them, unpredictably`);
      }
      const selecting = sidecars.filter((s) => Object.keys(selectorOf(s)).length > 0);
      const byTemplate = new Map<string, ObjectRef[]>();
      for (const s of selecting) {
        for (const t of ctx.templatesMatching(namespace, selectorOf(s))) {
          const key = `${t.owner.kind}/${t.owner.name}`;
          const list = byTemplate.get(key) ?? [];
          if (!list.includes(s)) list.push(s);
          byTemplate.set(key, list);
        }
      }
      const said = new Set<string>();
      for (const [workload, list] of byTemplate) {
        if (list.length < 2) continue;
        for (const s of list) {
          if (said.has(s.name)) continue;
          said.add(s.name);
          report(s, `workloadSelector ${formatLabels(selectorOf(s))} selects ${workload}, as ${formatOthers(list, s, objectKey)} ${list.length === 2 ? 'does' : 'do'}: Istio applies one of them, unpredictably`);
        }
      }
    }
  },
};
