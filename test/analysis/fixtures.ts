// Small plain-object fixtures for the analyzer tests: a clean mesh that produces no finding, and builders.
import { analyze, AnalyzeOptions, Finding, KubeObject } from '../../lib/analysis';

export const NET = 'networking.istio.io/v1beta1';
export const AGENCY = 'travel-agency';
export const CP = 'istio-system';

type Labels = Record<string, string>;

export function deployment(ns: string, name: string, labels: Labels, opts: { inject?: boolean; annotations?: Labels; kind?: string } = {}): KubeObject {
  const podLabels = opts.inject === false ? labels : { ...labels, 'sidecar.istio.io/inject': 'true' };
  return {
    apiVersion: 'apps/v1',
    kind: opts.kind ?? 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels: podLabels, ...(opts.annotations ? { annotations: opts.annotations } : {}) }, spec: { containers: [{ name, image: 'x' }] } },
    },
  };
}

export function service(ns: string, name: string, selector: Labels | undefined, ports: object[] = [{ name: 'http', port: 8000 }]): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns, labels: { app: name } }, spec: { ports, ...(selector ? { selector } : {}) } };
}

export function virtualService(ns: string, name: string, spec: object, apiVersion = NET): KubeObject {
  return { apiVersion, kind: 'VirtualService', metadata: { name, namespace: ns }, spec };
}

export function destinationRule(ns: string, name: string, spec: object, apiVersion = NET): KubeObject {
  return { apiVersion, kind: 'DestinationRule', metadata: { name, namespace: ns }, spec };
}

export function gateway(ns: string, name: string, hosts: string[], selector: Labels = { istio: 'ingressgateway' }): KubeObject {
  return {
    apiVersion: NET,
    kind: 'Gateway',
    metadata: { name, namespace: ns },
    spec: { selector, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts }] },
  };
}

export function controlPlane(spec: object = { version: 'v2.6', tracing: { type: 'None' } }, ns = CP, name = 'basic'): KubeObject {
  return { apiVersion: 'maistra.io/v2', kind: 'ServiceMeshControlPlane', metadata: { name, namespace: ns }, spec };
}

export function memberRoll(members: string[], opts: { name?: string; ns?: string; memberSelectors?: object[] } = {}): KubeObject {
  return {
    apiVersion: 'maistra.io/v1',
    kind: 'ServiceMeshMemberRoll',
    metadata: { name: opts.name ?? 'default', namespace: opts.ns ?? CP },
    spec: { members, ...(opts.memberSelectors ? { memberSelectors: opts.memberSelectors } : {}) },
  };
}

export const TRAVELS_FQDN = `travels.${AGENCY}.svc.cluster.local`;

/** travels v1..v3 in travel-agency, routed 50/30/20 through subsets, exposed by an ingress Gateway; no finding. */
export function cleanMesh(): KubeObject[] {
  return [
    controlPlane(),
    memberRoll([AGENCY]),
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: AGENCY } },
    service(AGENCY, 'travels', { app: 'travels' }),
    deployment(AGENCY, 'travels-v1', { app: 'travels', version: 'v1' }),
    deployment(AGENCY, 'travels-v2', { app: 'travels', version: 'v2' }),
    deployment(AGENCY, 'travels-v3', { app: 'travels', version: 'v3' }),
    destinationRule(AGENCY, 'travels', {
      host: TRAVELS_FQDN,
      trafficPolicy: { outlierDetection: { consecutive5xxErrors: 1, interval: '1s' } },
      subsets: ['v1', 'v2', 'v3'].map((v) => ({ name: v, labels: { version: v } })),
    }),
    virtualService(AGENCY, 'travels', {
      hosts: [TRAVELS_FQDN],
      http: [
        { match: [{ headers: { portal: { exact: 'travels.uk' } } }], route: [{ destination: { host: TRAVELS_FQDN, subset: 'v2' } }] },
        {
          route: [
            { destination: { host: TRAVELS_FQDN, subset: 'v1' }, weight: 50 },
            { destination: { host: TRAVELS_FQDN, subset: 'v2' }, weight: 30 },
            { destination: { host: TRAVELS_FQDN, subset: 'v3' }, weight: 20 },
          ],
        },
      ],
    }),
    gateway(AGENCY, 'travels-gateway', ['travels.apps.example.com']),
    virtualService(AGENCY, 'travels-ingress', {
      hosts: ['travels.apps.example.com'],
      gateways: ['travels-gateway'],
      http: [{ route: [{ destination: { host: 'travels', port: { number: 8000 } } }] }],
    }),
  ];
}

/** A deep copy of `objects` with the object of `kind`/`name` changed by `edit`. */
export function withEdit(objects: KubeObject[], kind: string, name: string, edit: (o: any) => void): KubeObject[] {
  const copy = structuredClone(objects);
  const target = copy.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!target) throw new Error(`fixture has no ${kind} ${name}`);
  edit(target);
  return copy;
}

/** Unsuppressed findings of `code`. */
export function findings(objects: readonly KubeObject[], code: string, options?: AnalyzeOptions): Finding[] {
  return analyze(objects, options).findings.filter((f) => f.code === code && f.suppressedBecause === undefined);
}

/** Sorted distinct codes of all unsuppressed findings. */
export function codes(objects: readonly KubeObject[], options?: AnalyzeOptions): string[] {
  return [...new Set(analyze(objects, options).findings.filter((f) => f.suppressedBecause === undefined).map((f) => f.code))].sort();
}
