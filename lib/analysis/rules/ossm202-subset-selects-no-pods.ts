import { arr, rec, resolveHost, serviceOfHost, str, stringMap } from '../kube';
import { Rule } from '../rule';
import { formatLabels } from './util';

/**
 * OSSM202 (error): a DestinationRule subset's labels, together with the selector of the host's Service, select no
 * pod template in the Service's namespace. Requests routed to the subset fail with 503 UH (no healthy upstream).
 * Checked only when the host's Service (with a selector) is in the set.
 */
export const subsetSelectsNoPods: Rule = {
  code: 'OSSM202',
  severity: 'error',
  title: 'DestinationRule subset selects no pod of the host',
  reference: 'IST0173, KIA0203',
  fix: 'Change the subset labels to those of the workload\'s pod template (typically version: vN), or deploy that workload.',
  check(ctx, report) {
    for (const dr of ctx.destinationRules) {
      const host = str(dr.spec.host);
      const svcName = host ? serviceOfHost(resolveHost(host, dr.namespace)) : undefined;
      const svc = svcName && ctx.services.get(`${svcName.namespace}/${svcName.name}`);
      if (!svcName || !svc) continue;
      const selector = stringMap(svc.spec.selector);
      if (Object.keys(selector).length === 0) continue; // endpoints are managed by hand
      const servicePods = ctx.templatesMatching(svcName.namespace, selector);
      for (const s of arr(dr.spec.subsets)) {
        const subset = rec(s);
        const labels = stringMap(subset?.labels);
        if (Object.keys(labels).length === 0) continue; // OSSM204
        const name = str(subset?.name) ?? '(unnamed)';
        const conflict = Object.keys(labels).find((k) => k in selector && selector[k] !== labels[k]);
        if (conflict !== undefined) {
          report(dr, `subset "${name}" requires ${conflict}=${labels[conflict]}, but Service ${svcName.namespace}/${svcName.name} selects ${conflict}=${selector[conflict]}`);
          continue;
        }
        if (servicePods.some((t) => Object.entries(labels).every(([k, v]) => t.labels[k] === v))) continue;
        const present = Object.keys(labels).map((k) => {
          const values = [...new Set(servicePods.flatMap((t) => (k in t.labels ? [t.labels[k]] : [])))].sort();
          return `${k}: ${values.length ? values.join(', ') : 'none'}`;
        });
        report(dr, `subset "${name}" (${formatLabels(labels)}) selects no pod template of Service ${svcName.namespace}/${svcName.name}`
          + ` (selector ${formatLabels(selector)}; ${servicePods.length} matching pod template(s) carry ${present.join('; ')})`);
      }
    }
  },
};
