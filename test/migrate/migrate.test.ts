import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { buildTravelsWorkshop, migrateOssm2, MigrationStatus, OssmVersion, renderDist } from '../../lib';
import { analyze } from '../../lib/analysis/analyze';
import { loadManifests } from '../../lib/analysis/load';
import { KubeObject } from '../../lib/analysis/types';
import { validateAll } from '../support/crd-schema';
import { find } from '../support/objects';

const FIXTURES = join(__dirname, 'fixtures');
const fixture = (name: string) => join(FIXTURES, `${name}.yaml`);
const objectsOf = (text: string): KubeObject[] => parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);

/** The workshop's OSSM 2.6 control plane, member roll and apps, as npm run synth writes them (no steps). */
function workshop26(): KubeObject[] {
  const { files } = renderDist(buildTravelsWorkshop({ clusterBaseDomain: 'apps.example.com', ossmVersion: OssmVersion.V2_6 }), { analyze: false });
  return [...files].filter(([f]) => f.startsWith('01-') || f.startsWith('02-')).flatMap(([, text]) => objectsOf(text));
}

const INPUTS: Record<string, () => KubeObject[]> = {
  workshop: workshop26,
  'cluster-wide': () => loadManifests([fixture('cluster-wide')]),
  'multi-tenant': () => loadManifests([fixture('multi-tenant')]),
  gateways: () => loadManifests([fixture('gateways')]),
  security: () => loadManifests([fixture('security')]),
};

const statusOf = (result: ReturnType<typeof migrateOssm2>, source: string, field: string) =>
  result.controlPlanes.find((cp) => cp.source === source)!.fields.find((f) => f.field === field);
const output = (result: ReturnType<typeof migrateOssm2>) => result.files.flatMap((f) => f.objects) as KubeObject[];

describe('migrate: OSSM 2.6 control planes to OSSM 3', () => {
  test.each(Object.keys(INPUTS))('%s: the input is valid OSSM 2.6, the output valid OSSM 3 (unknown fields as errors), and the analyzer finds no error in it', (name) => {
    const input = INPUTS[name]();
    expect(validateAll(input, '2.6')).toEqual([]);
    const result = migrateOssm2(input);
    expect(validateAll(output(result), '3')).toEqual([]);
    expect(analyze(output(result)).findings.filter((f) => f.severity === 'error')).toEqual([]);
    // every field of every input SMCP is reported, once
    for (const smcp of input.filter((o) => o.kind === 'ServiceMeshControlPlane')) {
      const cp = result.controlPlanes.find((c) => c.source === `${smcp.metadata!.namespace}/${smcp.metadata!.name}`)!;
      expect(new Set(cp.fields.map((f) => f.field.split('.')[0]))).toEqual(new Set(Object.keys(smcp.spec)));
    }
  });

  test('the workshop: Istio in istio-system with the access log, Kiali, the members handed over, the control host\'s Route; Grafana, Jaeger and Prometheus not migratable', () => {
    const result = migrateOssm2(workshop26());
    const objects = output(result);
    const istio = find(objects, 'Istio', 'istio-system');
    expect(istio.spec).toEqual({
      namespace: 'istio-system', version: 'v1.30-latest', updateStrategy: { type: 'InPlace' },
      values: { meshConfig: { accessLogFile: '/dev/stdout', discoverySelectors: [{ matchLabels: { 'istio-discovery': 'istio-system' } }] }, pilot: { traceSampling: 100 } },
    });
    expect(find(objects, 'IstioCNI', 'default').spec).toEqual({ namespace: 'istio-cni', version: 'v1.30-latest' });
    expect(find(objects, 'Kiali', 'kiali', 'istio-system').spec.istio_namespace).toBe('istio-system');
    for (const ns of ['travel-agency', 'travel-portal', 'travel-control']) {
      expect(find(result.files[1].objects as KubeObject[], 'Namespace', ns).metadata!.labels)
        .toEqual({ 'istio-discovery': 'istio-system', 'istio.io/rev': 'istio-system', 'maistra.io/ignore-namespace': 'true' });
    }
    expect(find(objects, 'Namespace', 'istio-system').metadata!.labels).toEqual({ 'istio-discovery': 'istio-system' });
    expect(find(objects, 'Route', 'travel-control-control-gateway', 'istio-system').spec)
      .toEqual({ host: 'control.travel-control.apps.apps.example.com', port: { targetPort: 'http2' }, to: { kind: 'Service', name: 'istio-ingressgateway', weight: 100 } });
    expect(result.complete).toBe(false);
    const lost = result.controlPlanes[0].fields.filter((f) => f.status === MigrationStatus.NOT_MIGRATABLE).map((f) => f.field);
    expect(lost).toEqual(['addons.grafana', 'addons.jaeger', 'addons.prometheus', 'tracing.type']);
    expect(statusOf(result, 'istio-system/basic', 'gateways.openshiftRoute.enabled')).toMatchObject({ status: MigrationStatus.HANDLED });
    expect(statusOf(result, 'istio-system/basic', 'proxy.accessLogging.file.name')).toMatchObject({ status: MigrationStatus.MAPPED, to: 'spec.values.meshConfig.accessLogFile' });
    expect(result.files.map((f) => f.name)).toEqual(['01-control-plane.yaml', '02-member-namespaces.yaml', '03-routes.yaml']);
  });

  test('cluster-wide: prepared as Red Hat\'s checklist asks, everything migrates; its own discovery selectors carry over, members get the revision', () => {
    const result = migrateOssm2(INPUTS['cluster-wide']());
    expect(result.complete).toBe(true);
    const objects = output(result);
    expect(find(objects, 'Istio', 'istio-system').spec.values.meshConfig).toEqual({
      accessLogFile: '/dev/stdout', accessLogEncoding: 'JSON', discoverySelectors: [{ matchLabels: { mesh: 'prod' } }],
    });
    expect(objects.filter((o) => o.kind === 'Namespace').map((n) => [n.metadata!.name, n.metadata!.labels])).toEqual([
      ['payments', { 'istio.io/rev': 'istio-system', 'maistra.io/ignore-namespace': 'true' }],
      ['orders', { 'istio.io/rev': 'istio-system', 'maistra.io/ignore-namespace': 'true' }],
    ]);
    // istio-injection on a namespace takes precedence over istio.io/rev: the report says to remove it
    expect(result.controlPlanes[0].notes).toEqual(expect.arrayContaining([expect.stringContaining('oc label namespace payments istio-injection-')]));
    expect(statusOf(result, 'istio-system/prod', 'mode')).toMatchObject({ status: MigrationStatus.HANDLED });
  });

  test('multi-tenant: one Istio per tenant, selecting its own members (listed, ServiceMember, memberSelectors); settings converted to the Istio\'s forms', () => {
    const result = migrateOssm2(INPUTS['multi-tenant']());
    const objects = output(result);
    expect(objects.filter((o) => o.kind === 'Istio').map((o) => o.metadata!.name)).toEqual(['tenant-a-system', 'tenant-b-system']);
    expect(objects.filter((o) => o.kind === 'IstioCNI')).toHaveLength(1);
    const a = find(objects, 'Istio', 'tenant-a-system').spec.values;
    expect(a.meshConfig.discoverySelectors).toEqual([{ matchLabels: { 'istio-discovery': 'tenant-a-system' } }, { matchLabels: { tenant: 'a' } }]);
    expect(a.global).toEqual({
      logging: { level: 'default:info,ads:debug' }, logAsJson: true,
      proxy: { logLevel: 'warning', excludeInboundPorts: '15020,9090', excludeIPRanges: '10.0.0.0/8', resources: { requests: { cpu: '50m', memory: '64Mi' } } },
    });
    expect(a.pilot).toEqual({ replicaCount: 2, resources: { requests: { cpu: '200m', memory: '512Mi' } } });
    expect(result.controlPlanes.map((cp) => [cp.source, cp.members])).toEqual([
      ['tenant-a-system/basic', ['shop', 'billing', 'reports']], ['tenant-b-system/basic', ['crm']]]);
    // the tenant's Kiali sees what its Istio discovers, as the 2.6 Kiali saw only the members
    expect(find(objects, 'Kiali', 'kiali-tenant-a', 'tenant-a-system').spec.deployment).toEqual({
      cluster_wide_access: false, discovery_selectors: { default: a.meshConfig.discoverySelectors } });
    expect(objects.filter((o) => o.kind === 'Kiali')).toHaveLength(1);
    expect(result.controlPlanes[0].fields.filter((f) => f.status === MigrationStatus.NOT_MIGRATABLE).map((f) => f.field)).toEqual(['addons.prometheus']);
    expect(result.controlPlanes[1].fields.every((f) => f.status !== MigrationStatus.NOT_MIGRATABLE)).toBe(true);
  });

  test('gateways: the Routes IOR made (on by default before 2.5), per host, to the gateway the selector picks; SMCP gateways not migratable', () => {
    const result = migrateOssm2(INPUTS.gateways());
    const routes = result.files.find((f) => f.name === '03-routes.yaml')!.objects as KubeObject[];
    expect(routes.map((r) => [r.metadata!.namespace, r.metadata!.name, r.spec.host, r.spec.port.targetPort, r.spec.tls?.termination, r.spec.to.name])).toEqual([
      ['mesh-system', 'storefront-shop', 'shop.apps.example.com', 'http2', undefined, 'istio-ingressgateway'],
      ['mesh-system', 'storefront-shop-1', 'www.shop.example.com', 'http2', undefined, 'istio-ingressgateway'],
      ['mesh-system', 'storefront-shop-2', 'secure.shop.example.com', 'https', 'passthrough', 'istio-ingressgateway'],
      ['private-gateways', 'private-gateways-private', 'internal.example.com', 'http-private', undefined, 'private-ingress'],
    ]);
    const notes = [...result.controlPlanes[0].notes, ...result.notes].join('\n');
    expect(notes).toContain('gateways.openshiftRoute.enabled is unset, so v2.4 runs IOR');
    expect(notes).toContain('IOR makes no Route for the host *');
    expect(notes).toContain('no Route for the wildcard host *.promo.example.com');
    expect(notes).toContain('Gateway outside/elsewhere: no Route written');
    expect(result.controlPlanes[0].fields.filter((f) => f.status === MigrationStatus.NOT_MIGRATABLE).map((f) => f.field))
      .toEqual(['gateways.ingress', 'gateways.additionalIngress']);
    expect(statusOf(result, 'mesh-system/edge', 'tracing.sampling')).toMatchObject({ status: MigrationStatus.MAPPED, to: 'spec.values.pilot.traceSampling' });
    expect(find(output(result), 'Istio', 'mesh-system').spec.values.pilot.traceSampling).toBe(5);
  });

  test('security: strict mTLS as a PeerAuthentication, TLS defaults, trust domain and aliases, token audience, multi-cluster networks; what OSSM 3 cannot set is named', () => {
    const result = migrateOssm2(INPUTS.security());
    const objects = output(result);
    expect(find(objects, 'PeerAuthentication', 'default', 'istio-system')).toMatchObject({ apiVersion: 'security.istio.io/v1', spec: { mtls: { mode: 'STRICT' } } });
    const values = find(objects, 'Istio', 'istio-system').spec.values;
    expect(values.meshConfig).toMatchObject({
      enableAutoMtls: true, trustDomain: 'secure.example.com', trustDomainAliases: ['old.example.com'],
      tlsDefaults: { minProtocolVersion: 'TLSV1_2', cipherSuites: ['ECDHE-ECDSA-AES256-GCM-SHA384'], ecdhCurves: ['P-256'] },
    });
    expect(values.global).toMatchObject({
      pilotCertProvider: 'istiod', sds: { token: { aud: 'istio-ca' } }, multiCluster: { enabled: true, clusterName: 'east' }, network: 'net-east',
      meshNetworks: { 'net-east': { endpoints: [{ fromRegistry: 'east' }] }, 'net-west': { endpoints: [{ fromCidr: '192.168.0.0/16' }], gateways: [{ address: '203.0.113.10', port: 15443 }] } },
    });
    expect(values.pilot.jwksResolverExtraRootCA).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(result.controlPlanes[0].fields.filter((f) => f.status === MigrationStatus.NOT_MIGRATABLE).map((f) => [f.field, f.reason])).toEqual([
      ['security.controlPlane.tls.maxProtocolVersion', 'OSSM 3 sets no maximum TLS version.'],
      ['security.certificateAuthority.istiod.workloadCertTTLDefault', expect.stringContaining('DEFAULT_WORKLOAD_CERT_TTL')],
      ['security.identity.type', expect.stringContaining('Not configurable in OSSM 3')],
    ]);
  });

  test('two runs give the same output, and fields the rules do not know are reported as not migratable', () => {
    expect(migrateOssm2(INPUTS.security())).toEqual(migrateOssm2(INPUTS.security()));
    const odd: KubeObject = { apiVersion: 'maistra.io/v2', kind: 'ServiceMeshControlPlane', metadata: { name: 'x', namespace: 'cp' }, spec: { version: 'v2.6', futureSetting: { on: true } } };
    const result = migrateOssm2([odd]);
    expect(statusOf(result, 'cp/x', 'futureSetting')).toMatchObject({ status: MigrationStatus.NOT_MIGRATABLE, reason: expect.stringMatching(/^no known mapping/) });
    const v1 = migrateOssm2([{ ...odd, apiVersion: 'maistra.io/v1' }]);
    expect(v1.controlPlanes[0].fields).toEqual([expect.objectContaining({ field: 'apiVersion', status: MigrationStatus.NOT_MIGRATABLE })]);
    expect(v1.files.flatMap((f) => f.objects).map((o) => o.kind)).toEqual(['IstioCNI']);
  });

  test('two fields for one Istio field with different values: the second is not migratable, the first kept', () => {
    const smcp: KubeObject = {
      apiVersion: 'maistra.io/v2', kind: 'ServiceMeshControlPlane', metadata: { name: 'x', namespace: 'cp' },
      spec: { runtime: { defaults: { container: { imageRegistry: 'registry.a' } } }, proxy: { runtime: { container: { imageRegistry: 'registry.b' } } } },
    };
    const result = migrateOssm2([smcp]);
    expect(find(output(result), 'Istio', 'cp').spec.values.global.hub).toBe('registry.a');
    expect(statusOf(result, 'cp/x', 'proxy.runtime.container.imageRegistry')).toMatchObject({
      status: MigrationStatus.NOT_MIGRATABLE, reason: 'spec.values.global.hub is already set by runtime.defaults.container.imageRegistry to "registry.a"; the Istio resource has one field for both.' });
  });
});
