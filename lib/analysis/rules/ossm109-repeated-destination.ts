import { arr, rec, scalarText, str } from '../kube';
import { ROUTE_SECTIONS } from '../matches';
import { Rule } from '../rule';

/**
 * OSSM109 (warning): one route lists the same destination (host, subset and port) twice. The weights of the copies
 * add up, which is rarely what the author meant (typically a copy-pasted subset name).
 */
export const repeatedDestination: Rule = {
  code: 'OSSM109',
  severity: 'warning',
  title: 'Same host and subset twice in one route',
  reference: 'KIA1105',
  fix: 'Give each destination of the route a different subset (or merge the duplicates into one with the summed weight).',
  check(ctx, report) {
    for (const vs of ctx.virtualServices) {
      for (const section of ROUTE_SECTIONS) {
        arr(vs.spec[section]).forEach((r, i) => {
          const seen = new Map<string, number>();
          arr(rec(r)?.route).forEach((d, j) => {
            const dest = rec(rec(d)?.destination);
            const host = str(dest?.host);
            if (!host) return;
            const subset = str(dest?.subset);
            const port = rec(dest?.port)?.number;
            // a port that is no number (which Istio refuses) repeats nothing
            const portKey = port === undefined || port === null ? '' : scalarText(port) ?? `invalid ${j}`;
            const key = `${ctx.parseHost(host, vs.namespace).fqdn}\n${subset ?? ''}\n${portKey}`;
            const earlier = seen.get(key);
            if (earlier === undefined) {
              seen.set(key, j);
            } else {
              report(vs, `${section}[${i}].route[${j}] repeats route[${earlier}]: ${host}${subset ? ` subset ${subset}` : ''}`);
            }
          });
        });
      }
    }
  },
};
