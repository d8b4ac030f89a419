import { flattenJson } from './json';
import { ExplainedDestination, ExplainedTrafficPolicy, ExplainedWorkloadAuthorization, Explanation, JsonValue, RuleVerdict } from './types';

const INDENT = '  ';

function verdictLines(verdicts: readonly RuleVerdict[], section: string, depth: number): string[] {
  const lines: string[] = [];
  for (const v of verdicts) {
    const label = `${section}[${v.index}]${v.name ? ` "${v.name}"` : ''}`;
    lines.push(`${INDENT.repeat(depth)}${label} ${v.matched ? 'matched' : `not matched: ${v.reason}`}`);
    if (v.delegateRules) lines.push(...verdictLines(v.delegateRules, 'delegate http', depth + 1));
  }
  return lines;
}

function labelsText(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ');
}

function part(name: string, value: JsonValue, unset: string): string {
  return `${name}: ${value === null ? unset : flattenJson(value)}`;
}

function policyLines(policy: ExplainedTrafficPolicy): string[] {
  return [
    part('connection pool', policy.connectionPool, 'not set (no limits)'),
    part('outlier detection', policy.outlierDetection, 'not set (no ejection)'),
    part('load balancer', policy.loadBalancer, 'not set (LEAST_REQUEST)'),
    part('TLS', policy.tls, 'not set'),
    `from: ${policy.sources.join(', then ')}`,
  ];
}

/** `authorization at ns/name: ALLOW (policy ns/p, rules[0]): why`. */
function authorizationLines(list: readonly ExplainedWorkloadAuthorization[], pad: string): string[] {
  return list.map((a) => {
    const { decision, policy, rule } = a.authorization;
    const by = policy === null ? '' : ` (AuthorizationPolicy ${policy}${rule === null ? '' : `, rules[${rule}]`})`;
    return `${pad}authorization at ${a.workload}: ${decision}${by}: ${a.reason}`;
  });
}

function destinationLines(d: ExplainedDestination, depth: number): string[] {
  const pad = INDENT.repeat(depth);
  const more = INDENT.repeat(depth + 2);
  const subset = d.subset === null ? '' : ` subset ${d.subset}${d.subsetLabels ? ` (${labelsText(d.subsetLabels) || 'no labels: every pod'})` : ''}`;
  const lines = [`${pad}${Math.round(d.weight * 100) / 100}% ${d.host}${subset}${d.port === null ? '' : ` port ${d.port}`}${d.weight === 0 ? ' (gets no traffic)' : ''}`];
  if (d.target) lines.push(`${more}${d.target}, workloads: ${d.workloads.join(', ') || 'none'}`);
  lines.push(...authorizationLines(d.authorizations, more));
  if (d.destinationRule) {
    const merged = d.mergedDestinationRules.length ? ` merged with ${d.mergedDestinationRules.join(', ')}` : '';
    lines.push(`${more}DestinationRule ${d.destinationRule}${merged} (found in the ${d.destinationRuleFoundIn})`);
    if (d.trafficPolicy) lines.push(...policyLines(d.trafficPolicy).map((l) => `${more}${INDENT}${l}`));
    else lines.push(`${more}${INDENT}no traffic policy`);
  } else {
    lines.push(`${more}no DestinationRule: Istio's defaults (LEAST_REQUEST, no limits, no outlier detection)`);
  }
  if (d.headers !== null) lines.push(`${more}headers: ${flattenJson(d.headers)}`);
  for (const p of d.problems) lines.push(`${more}PROBLEM: ${p}`);
  return lines;
}

function headline(e: Explanation): string {
  switch (e.outcome) {
    case 'route':
    case 'redirect':
    case 'direct-response': {
      const what = e.outcome === 'route' ? 'ROUTE' : e.outcome === 'redirect' ? 'REDIRECT' : 'DIRECT RESPONSE';
      const delegate = e.delegate ? `, delegated to http[${e.delegate.matchedRule}] of VirtualService ${e.delegate.virtualService}` : '';
      return `${what}: ${e.routeType}[${e.matchedRule}] of VirtualService ${e.virtualService}${delegate}`;
    }
    case 'default-route':
      return `DEFAULT ROUTE: ${e.reason}`;
    case 'no-route':
      return `NO ROUTE: ${e.reason}`;
  }
}

/**
 * The explanation as text for a terminal: the verdict first (ROUTE, REDIRECT, DIRECT RESPONSE, DEFAULT ROUTE or
 * NO ROUTE), the request, then every rule tried, each destination with its workloads and traffic policy, faults,
 * timeout, retries, mirrors and notes. Ends with a newline.
 */
export function formatExplanation(e: Explanation): string {
  const r = e.request;
  const lines = [headline(e)];
  const headers = Object.keys(r.headers).length ? `, headers ${labelsText(r.headers)}` : '';
  const labels = Object.keys(r.sourceLabels).length && r.gateway === null ? `, client labels ${labelsText(r.sourceLabels)}` : '';
  const from = r.gateway === null ? `from namespace ${r.fromNamespace}` : `from outside through Gateway ${r.gateway}`;
  lines.push(`request: ${r.method} ${r.scheme}://${r.authority}${r.path} to ${r.fqdn}${r.port === null ? '' : ` port ${r.port}`} (${r.protocol}) ${from}${headers}${labels}`);
  const g = e.gateway;
  if (g) {
    lines.push(g.server === null ? `gateway: Gateway ${g.gateway}, no server takes the request`
      : `gateway: Gateway ${g.gateway} ${g.listener === null ? `servers[${g.server}]` : `listener ${g.listener}`}, port ${g.port} ${g.protocol}${g.tlsMode ? ` (TLS ${g.tlsMode})` : ''}, hosts ${g.hosts.join(', ')}`);
    lines.push(`${INDENT}gateway pods: ${g.workloads.join(', ') || 'none'}; the mesh hop leaves from namespace ${r.fromNamespace} as ServiceAccount ${r.fromServiceAccount}`);
    lines.push(...authorizationLines(g.authorizations, INDENT));
  }
  if (e.target) lines.push(`host: ${e.target.kind} ${e.target.namespace}/${e.target.name}, port ${e.target.port ?? 'unknown'}${e.target.portName ? ` "${e.target.portName}"` : ''}, protocol ${e.target.protocol}`);
  if (e.virtualService) lines.push(`VirtualService ${e.virtualService}, ${e.routeType} rules:`);
  lines.push(...verdictLines(e.rules, e.routeType ?? 'http', 1));
  if (e.destinations.length) {
    lines.push('destinations:');
    for (const d of e.destinations) lines.push(...destinationLines(d, 1));
  }
  for (const m of e.mirrors) {
    lines.push(`mirror: ${m.percentage}% to ${m.host}${m.subset ? ` subset ${m.subset}` : ''}${m.port === null ? '' : ` port ${m.port}`}, workloads: ${m.workloads.join(', ') || 'none'}`);
    for (const p of m.problems) lines.push(`${INDENT}PROBLEM: ${p}`);
  }
  if (e.fault?.abort) {
    const a = e.fault.abort;
    lines.push(`fault: abort ${a.percentage}% of the requests with ${a.httpStatus !== null ? `HTTP ${a.httpStatus}` : `gRPC ${a.grpcStatus}`}`);
  }
  if (e.fault?.delay) lines.push(`fault: delay ${e.fault.delay.percentage}% of the requests by ${e.fault.delay.fixedDelay ?? 'nothing'}`);
  if (e.redirect !== null) lines.push(`redirect: ${flattenJson(e.redirect)}`);
  if (e.directResponse !== null) lines.push(`direct response: ${flattenJson(e.directResponse)}`);
  if (e.rewrite !== null) lines.push(`rewrite: ${flattenJson(e.rewrite)}`);
  if (e.headers !== null) lines.push(`headers: ${flattenJson(e.headers)}`);
  if (e.corsPolicy !== null) lines.push(`CORS policy: ${flattenJson(e.corsPolicy)}`);
  if (e.outcome === 'route' || e.outcome === 'default-route') {
    if (e.routeType !== 'tcp' && e.routeType !== 'tls' && e.request.protocol === 'http') lines.push(`timeout: ${e.timeout ?? 'none (Istio sets no route timeout by default)'}`);
  }
  if (e.retries) {
    const rt = e.retries;
    lines.push(rt.istioDefault
      ? `retries: Istio's default, ${rt.attempts} retries on ${rt.retryOn}`
      : rt.attempts === 0 ? 'retries: none' : `retries: ${rt.attempts} retries on ${rt.retryOn}${rt.perTryTimeout ? `, ${rt.perTryTimeout} per try` : ''}`);
  }
  if (e.notes.length) {
    lines.push('notes:');
    for (const n of e.notes) lines.push(`${INDENT}- ${n}`);
  }
  return `${lines.join('\n')}\n`;
}
