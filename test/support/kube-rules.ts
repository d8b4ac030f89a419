/**
 * Test helper: the rules the Kubernetes API server (and Istio's validation) apply to names, labels and the
 * workload fields this library emits, written from the Kubernetes validation code's published rules and
 * independent of the library's own checks. `kubeRuleViolations` returns one message per broken rule.
 */

type Json = Record<string, any>;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN_PART = DNS_LABEL;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export const isLabel = (s: unknown): boolean => typeof s === 'string' && s.length >= 1 && s.length <= 63 && DNS_LABEL.test(s);
export const is1035 = (s: unknown): boolean => typeof s === 'string' && s.length >= 1 && s.length <= 63 && DNS_1035.test(s);
export const isSubdomain = (s: unknown): boolean => typeof s === 'string' && s.length >= 1 && s.length <= 253
  && s.split('.').every((p) => p.length <= 63 && SUBDOMAIN_PART.test(p));
export const isQualified = (s: unknown): boolean => {
  if (typeof s !== 'string') return false;
  const parts = s.split('/');
  if (parts.length > 2) return false;
  const n = parts[parts.length - 1];
  return (parts.length === 1 || isSubdomain(parts[0])) && n.length >= 1 && n.length <= 63 && QUALIFIED_NAME.test(n);
};

/** Kinds whose names must be DNS-1035 labels, DNS-1123 labels; every other kind's name is a DNS-1123 subdomain. */
const NAME_RULE: Record<string, (s: unknown) => boolean> = { Service: is1035, Namespace: isLabel };

function metadataViolations(o: Json, where: string): string[] {
  const out: string[] = [];
  const md: Json = o.metadata ?? {};
  const nameRule = NAME_RULE[o.kind] ?? isSubdomain;
  if (!nameRule(md.name)) out.push(`${where}: name ${JSON.stringify(md.name)} breaks the name rule of ${o.kind}`);
  if (md.namespace !== undefined && !isLabel(md.namespace)) out.push(`${where}: namespace ${JSON.stringify(md.namespace)} is not a DNS label`);
  out.push(...mapViolations(md.labels, `${where} metadata.labels`, true), ...mapViolations(md.annotations, `${where} metadata.annotations`, false));
  return out;
}

function mapViolations(map: Json | undefined, where: string, labels: boolean): string[] {
  if (map === undefined) return [];
  if (typeof map !== 'object' || map === null || Array.isArray(map)) return [`${where} is not a map`];
  return Object.entries(map).flatMap(([k, v]) => [
    ...(isQualified(k) ? [] : [`${where} key ${JSON.stringify(k)} is not a qualified name`]),
    ...(typeof v !== 'string' ? [`${where} value of ${JSON.stringify(k)} is not a string`]
      : labels && !(v.length <= 63 && LABEL_VALUE.test(v)) ? [`${where} value ${JSON.stringify(v)} is not a label value`] : []),
  ]);
}

function podViolations(pod: Json, where: string, templateLabels: Json, selector: Json | undefined): string[] {
  const out: string[] = [];
  if (selector) {
    if (Object.keys(selector).length === 0) out.push(`${where}: empty selector`);
    for (const [k, v] of Object.entries(selector)) if (templateLabels[k] !== v) out.push(`${where}: selector ${k}=${v} does not match the template labels`);
  }
  if (pod.serviceAccountName !== undefined && !isSubdomain(pod.serviceAccountName)) out.push(`${where}: serviceAccountName ${JSON.stringify(pod.serviceAccountName)}`);
  const volumes: Json[] = pod.volumes ?? [];
  const volumeNames = volumes.map((v) => v.name);
  if (new Set(volumeNames).size !== volumeNames.length) out.push(`${where}: duplicate volume names`);
  for (const n of volumeNames) if (!isLabel(n)) out.push(`${where}: volume name ${JSON.stringify(n)}`);
  const containers: Json[] = pod.containers ?? [];
  if (containers.length === 0) out.push(`${where}: no containers`);
  const containerNames = containers.map((c) => c.name);
  if (new Set(containerNames).size !== containerNames.length) out.push(`${where}: duplicate container names`);
  for (const c of containers) {
    if (!isLabel(c.name)) out.push(`${where}: container name ${JSON.stringify(c.name)}`);
    if (typeof c.image !== 'string' || c.image.trim() === '' || /\s/.test(c.image)) out.push(`${where}: image ${JSON.stringify(c.image)}`);
    for (const p of c.ports ?? []) if (!Number.isInteger(p.containerPort) || p.containerPort < 1 || p.containerPort > 65535) out.push(`${where}: containerPort ${p.containerPort}`);
    const envNames = (c.env ?? []).map((e: Json) => e.name);
    for (const n of envNames) if (typeof n !== 'string' || !ENV_NAME.test(n)) out.push(`${where}: env name ${JSON.stringify(n)}`);
    for (const e of c.env ?? []) {
      if (e.valueFrom?.secretKeyRef && !isSubdomain(e.valueFrom.secretKeyRef.name)) out.push(`${where}: secret name ${JSON.stringify(e.valueFrom.secretKeyRef.name)}`);
      if (e.value !== undefined && typeof e.value !== 'string') out.push(`${where}: env value of ${e.name} is not a string`);
    }
    const mounts: Json[] = c.volumeMounts ?? [];
    const paths = mounts.map((m) => String(m.mountPath).replace(/\/+$/, ''));
    if (new Set(paths).size !== paths.length) out.push(`${where}: duplicate mount paths`);
    for (const m of mounts) {
      if (!volumeNames.includes(m.name)) out.push(`${where}: mount of unknown volume ${m.name}`);
      if (typeof m.mountPath !== 'string' || m.mountPath === '' || m.mountPath.split('/').includes('..')) out.push(`${where}: mountPath ${JSON.stringify(m.mountPath)}`);
    }
    for (const a of c.args ?? []) if (typeof a !== 'string') out.push(`${where}: arg ${JSON.stringify(a)} is not a string`);
  }
  return out;
}

function istioViolations(o: Json, where: string): string[] {
  const out: string[] = [];
  if (o.kind === 'DestinationRule') {
    const names = (o.spec?.subsets ?? []).map((s: Json) => s.name);
    for (const n of names) if (!isLabel(n)) out.push(`${where}: subset name ${JSON.stringify(n)} is not a DNS label (Istio refuses it)`);
    if (new Set(names).size !== names.length) out.push(`${where}: duplicate subset names`);
  }
  if (o.kind === 'VirtualService') {
    if (!(o.spec?.hosts ?? []).length) out.push(`${where}: no hosts`);
    for (const http of o.spec?.http ?? []) {
      for (const m of http.match ?? []) {
        if (m.headers !== undefined && Object.keys(m.headers).length === 0) out.push(`${where}: an empty headers match, which matches every request`);
        for (const [h, v] of Object.entries(m.headers ?? {})) {
          if (!/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(h)) out.push(`${where}: header name ${JSON.stringify(h)}`);
          if (Object.keys(v as Json).length !== 1) out.push(`${where}: header ${h} must have one match kind`);
        }
      }
      for (const r of http.route ?? []) if (r.destination?.subset !== undefined && !isLabel(r.destination.subset)) out.push(`${where}: subset ${JSON.stringify(r.destination.subset)}`);
      for (const d of [http.fault?.delay?.fixedDelay].filter((x) => x !== undefined)) {
        if (!/^[0-9]+(ms|s)$/.test(d)) out.push(`${where}: duration ${JSON.stringify(d)}`);
      }
    }
  }
  return out;
}

/** Every broken name, label and workload rule of these objects. */
export function kubeRuleViolations(objects: readonly Json[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const o of objects) {
    const where = `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
    if (seen.has(where)) out.push(`${where}: emitted twice`);
    seen.add(where);
    out.push(...metadataViolations(o, where));
    if (o.kind === 'Service') {
      for (const p of o.spec?.ports ?? []) {
        if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) out.push(`${where}: port ${p.port}`);
        if (p.name !== undefined && !isLabel(p.name)) out.push(`${where}: port name ${JSON.stringify(p.name)}`);
      }
      out.push(...mapViolations(o.spec?.selector, `${where} selector`, true));
    }
    if (o.kind === 'Deployment') {
      // replicas is the HorizontalPodAutoscaler's when one of the set scales the Deployment (left out, else every apply resets it)
      const scaled = objects.some((h) => h.kind === 'HorizontalPodAutoscaler' && h.metadata?.namespace === o.metadata?.namespace
        && h.spec?.scaleTargetRef?.kind === 'Deployment' && h.spec.scaleTargetRef.name === o.metadata?.name);
      if (scaled ? o.spec?.replicas !== undefined : !Number.isInteger(o.spec?.replicas) || o.spec.replicas < 0) out.push(`${where}: replicas ${o.spec?.replicas}`);
      const tpl = o.spec?.template ?? {};
      out.push(...mapViolations(tpl.metadata?.labels, `${where} template labels`, true), ...mapViolations(tpl.metadata?.annotations, `${where} template annotations`, false));
      out.push(...podViolations(tpl.spec ?? {}, where, tpl.metadata?.labels ?? {}, o.spec?.selector?.matchLabels));
    }
    if (o.kind === 'Gateway' && String(o.apiVersion).startsWith('networking.istio.io/')) { // a Gateway API Gateway selects no pods
      out.push(...mapViolations(o.spec?.selector, `${where} selector`, true));
      if (Object.keys(o.spec?.selector ?? {}).length === 0) out.push(`${where}: empty selector`);
    }
    out.push(...istioViolations(o, where));
  }
  return out;
}
