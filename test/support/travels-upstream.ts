/**
 * Test helper: the upstream Travels manifests of kiali/demos (../shared/reference/kiali-demos) and each object as the
 * apps chart means to emit it, for the tests that compare the chart with upstream field by field.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { SIDECAR_INJECT_LABEL } from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { sharedPath } from './shared';

export const UPSTREAM = sharedPath('reference', 'kiali-demos');

/** The upstream files and the namespace the workshop applies each to with `-n`. */
const UPSTREAM_FILES: Array<[string, string]> = [
  ['travel_agency.yaml', 'travel-agency'],
  ['travels-v2.yaml', 'travel-agency'],
  ['travels-v3.yaml', 'travel-agency'],
  ['travel_portal.yaml', 'travel-portal'],
  ['travel_control.yaml', 'travel-control'],
  ['travel_loadtester.yaml', 'travel-portal'],
];

/** The pod security context every workload gets on top of upstream's (Pod Security "restricted"). */
export const POD_SECURITY = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };

/** Every object of the upstream files, with the file and the namespace it is applied to. */
export function upstreamObjects(): Array<{ file: string; namespace: string; object: any }> {
  return UPSTREAM_FILES.flatMap(([file, namespace]) => parseAllDocuments(readFileSync(join(UPSTREAM, file), 'utf8'))
    .map((d) => d.toJS()).filter((o) => o && o.kind).map((object) => ({ file, namespace, object })));
}

/**
 * An upstream object as this library means to emit it: with its namespace (upstream relies on `-n`), the
 * sidecar injection label of workshop 2-5 on the pod template, `emptyDir: {}` for upstream's `emptyDir:`
 * null (the API server defaults a source-less volume to emptyDir; a schema check of the null would fail), and
 * the settings that make every pod pass Pod Security "restricted" and OpenShift restricted-v2: the pod-level
 * `runAsNonRoot`/`seccompProfile`, and for mysqldb-v1 (upstream gives it no security context at all) the
 * container minimum plus an emptyDir for MySQL's socket folder. Without `zipkinProxyConfig` (a control plane with no
 * zipkin collector, as OSSM 3), the pods have no `proxy.istio.io/config` annotation.
 */
export function expectedFromUpstream(o: any, namespace: string, options: { zipkinProxyConfig?: boolean } = {}): KubeObject {
  const expected = JSON.parse(JSON.stringify(o));
  expected.metadata.namespace = namespace;
  if (expected.kind === 'Deployment') {
    expected.spec.template.metadata.labels[SIDECAR_INJECT_LABEL] = 'true';
    if (options.zipkinProxyConfig === false && expected.spec.template.metadata.annotations) delete expected.spec.template.metadata.annotations['proxy.istio.io/config'];
    const pod = expected.spec.template.spec;
    for (const v of pod.volumes ?? []) if (v.emptyDir === null) v.emptyDir = {};
    pod.securityContext = POD_SECURITY;
    if (expected.metadata.name === 'mysqldb-v1') {
      pod.containers[0].securityContext = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
      pod.containers[0].volumeMounts.push({ name: 'var-run-mysqld', mountPath: '/var/run/mysqld' });
      pod.volumes.push({ name: 'var-run-mysqld', emptyDir: {} });
    }
  }
  return expected;
}
