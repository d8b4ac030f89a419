import { AnalysisContext, PodTemplate } from '../context';
import { arr, rec, str, stringMap } from '../kube';
import { formatLabels } from '../messages';
import { Rule } from '../rule';

/**
 * Labels Istio adds to every endpoint from its pod's Node (`AugmentLabels`): a subset may select on them although
 * no pod template carries them.
 */
const NODE_TOPOLOGY_LABELS = new Set([
  'topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone', 'kubernetes.io/hostname',
]);

/**
 * Whether pod template `t` can carry label `k` = `v`: its own label, or a node topology label — taken from its
 * Node when the pod names one in the set, else assumed possible (the scheduler decides) unless the value is empty.
 */
function carries(ctx: AnalysisContext, t: PodTemplate, k: string, v: string): boolean {
  if (t.labels[k] === v) return true;
  if (!NODE_TOPOLOGY_LABELS.has(k)) return false;
  if (v === '') return false;
  const node = t.nodeName === undefined ? undefined : ctx.nodeLabels.get(t.nodeName);
  if (node === undefined) return true;
  return (k === 'kubernetes.io/hostname' ? node[k] ?? t.nodeName : node[k]) === v;
}

/**
 * OSSM202 (error): a DestinationRule subset selects no endpoint of its host. For a Service of the set (with a
 * selector): the subset's labels, together with the Service's selector, select no pod template in the Service's
 * namespace (node topology labels such as `topology.kubernetes.io/zone` count as the pod's Node gives them). For a
 * ServiceEntry host: no `endpoints[]` entry carries the subset's labels. Requests routed to the subset fail with 503
 * UH (no healthy upstream).
 */
export const subsetSelectsNoPods: Rule = {
  code: 'OSSM202',
  severity: 'error',
  title: 'DestinationRule subset selects no pod (or ServiceEntry endpoint) of the host',
  reference: 'IST0173, KIA0203',
  fix: 'Change the subset labels to those of the workload\'s pod template (typically version: vN), or deploy that workload.',
  check(ctx, report) {
    for (const dr of ctx.destinationRuleInfos) {
      if (dr.host.wildcard) continue;
      const target = ctx.targetOf(dr.host);
      const svc = target.service;
      const selector = svc?.selector ?? {};
      const entries = svc ? [] : target.serviceEntries.filter((e) => !e.workloadSelector && e.endpointLabels.length > 0);
      if (svc && Object.keys(selector).length === 0) continue; // endpoints are managed by hand
      if (!svc && entries.length === 0) continue;
      const servicePods = svc ? ctx.templatesMatching(svc.ref.namespace, selector) : [];
      const owner = svc ? `Service ${svc.ref.namespace}/${svc.ref.name}` : `ServiceEntry ${entries[0].ref.namespace}/${entries[0].ref.name}`;
      for (const s of arr(dr.ref.spec.subsets)) {
        const subset = rec(s);
        const labels = stringMap(subset?.labels);
        if (Object.keys(labels).length === 0) continue; // OSSM204
        const name = str(subset?.name) ?? '(unnamed)';
        if (!svc) {
          if (entries.some((e) => e.endpointLabels.some((l) => Object.entries(labels).every(([k, v]) => l[k] === v)))) continue;
          report(dr.ref, `subset "${name}" (${formatLabels(labels)}) selects no endpoint of ${owner} (endpoint labels: ${entries.flatMap((e) => e.endpointLabels.map(formatLabels)).join('; ') || 'none'})`);
          continue;
        }
        const conflict = Object.keys(labels).find((k) => k in selector && selector[k] !== labels[k]);
        if (conflict !== undefined) {
          report(dr.ref, `subset "${name}" requires ${conflict}=${labels[conflict]}, but ${owner} selects ${conflict}=${selector[conflict]}`);
          continue;
        }
        if (servicePods.some((t) => Object.entries(labels).every(([k, v]) => carries(ctx, t, k, v)))) continue;
        const present = Object.keys(labels).map((k) => {
          const values = [...new Set(servicePods.flatMap((t) => (k in t.labels ? [t.labels[k]] : [])))].sort();
          return `${k}: ${values.length ? values.join(', ') : 'none'}`;
        });
        report(dr.ref, `subset "${name}" (${formatLabels(labels)}) selects no pod template of ${owner}`
          + ` (selector ${formatLabels(selector)}; ${servicePods.length} matching pod template(s) carry ${present.join('; ')})`);
      }
    }
  },
};
