// migrate checks every value it writes into the Istio resource against the OSSM 3.4 Istio CRD's schema first: what
// the 2.6 CRD accepts (any string, any object) but OSSM 3 refuses is reported, not written.
import { formatMigrationReport, KubeObject, MigrationInputError, MigrationStatus, migrateOssm2 } from '../../lib';
import { validateAll } from '../support/crd-schema';

// exported with status.appliedSpec equal to its spec: what ran is exactly the spec (no profile fills anything in)
const smcp = (spec: object): KubeObject => ({ apiVersion: 'maistra.io/v2', kind: 'ServiceMeshControlPlane', metadata: { name: 'basic', namespace: 'istio-system' }, spec, status: { appliedSpec: spec } } as KubeObject);
const roll = (spec: object): KubeObject => ({ apiVersion: 'maistra.io/v1', kind: 'ServiceMeshMemberRoll', metadata: { name: 'default', namespace: 'istio-system' }, spec } as KubeObject);
const written = (result: ReturnType<typeof migrateOssm2>) => result.files.flatMap((f) => f.objects) as KubeObject[];
const istioValues = (result: ReturnType<typeof migrateOssm2>) => (written(result).find((o) => o.kind === 'Istio')!.spec as { values?: Record<string, any> }).values;
const fieldOf = (result: ReturnType<typeof migrateOssm2>, name: string) => result.controlPlanes[0].fields.find((f) => f.field === name);

/** Migrates `spec`, checks that everything written passes the OSSM 3 CRDs, and returns the result. */
function migrate(spec: object, ...others: KubeObject[]) {
  const result = migrateOssm2([smcp(spec), ...others]);
  expect(validateAll(written(result), '3')).toEqual([]);
  return result;
}

describe('migrate writes into the Istio resource only what its CRD accepts', () => {
  test('a TLS mode OSSM 3 has not (proxy.envoyMetricsService.tlsSettings.mode "/"): not migratable, with the field, the value and what is allowed; the rest is written', () => {
    const result = migrate({ proxy: { adminPort: 15000, envoyMetricsService: { address: 'metrics.example.com:9000', tlsSettings: { mode: '/' } } } });
    expect(fieldOf(result, 'proxy.envoyMetricsService.tlsSettings')).toEqual({
      field: 'proxy.envoyMetricsService.tlsSettings', value: { mode: '/' }, status: MigrationStatus.NOT_MIGRATABLE, source: 'spec',
      reason: 'the OSSM 3 Istio resource refuses it: spec.values.meshConfig.defaultConfig.envoyMetricsService.tlsSettings.mode must be one of '
        + '"DISABLE", "SIMPLE", "MUTUAL", "ISTIO_MUTUAL", not "/". Set spec.values.meshConfig.defaultConfig.envoyMetricsService.tlsSettings yourself to a value it allows.',
    });
    expect(istioValues(result)!.meshConfig.defaultConfig).toEqual({ proxyAdminPort: 15000, envoyMetricsService: { address: 'metrics.example.com:9000' } });
    expect(result.complete).toBe(false);
    expect(formatMigrationReport(result)).toMatch(/^ {2}NOT MIGRATABLE {2}proxy\.envoyMetricsService\.tlsSettings \{"mode":"\/"\}: the OSSM 3 Istio resource refuses it: /m);
  });

  test('a value of the wrong type (proxy.concurrency "two", the SMCP CRD says integer but a file may say anything): not migratable', () => {
    const result = migrate({ proxy: { concurrency: 'two' } });
    expect(fieldOf(result, 'proxy.concurrency')).toMatchObject({
      status: MigrationStatus.NOT_MIGRATABLE, reason: expect.stringContaining('spec.values.meshConfig.defaultConfig.concurrency must be integer, not "two"'),
    });
    expect(istioValues(result)?.meshConfig?.defaultConfig).toBeUndefined();
  });

  test('an unknown field in a copied subtree (a toleration with a field Kubernetes has not, a keepalive with one Istio has not): not migratable, the whole subtree left out', () => {
    const result = migrate({
      proxy: { accessLogging: { envoyService: { address: 'als.example.com:9000', tcpKeepalive: { probes: 3, interval: '10s', retries: 2 } } } },
      runtime: { components: { pilot: { pod: { tolerations: [{ key: 'infra', operator: 'Exists', effect: 'NoSchedule' }, { key: 'x', tolerationSeconds: 5, grace: 1 }] } } } },
    });
    expect(fieldOf(result, 'proxy.accessLogging.envoyService.tcpKeepalive')).toMatchObject({
      status: MigrationStatus.NOT_MIGRATABLE, reason: expect.stringContaining('spec.values.meshConfig.defaultConfig.envoyAccessLogService.tcpKeepalive has no field "retries" in OSSM 3'),
    });
    expect(fieldOf(result, 'runtime.components.pilot.pod.tolerations')).toMatchObject({
      status: MigrationStatus.NOT_MIGRATABLE, reason: expect.stringContaining('spec.values.pilot.tolerations[1] has no field "grace" in OSSM 3'),
    });
    expect(istioValues(result)!.pilot).toBeUndefined();
    expect(istioValues(result)!.meshConfig.defaultConfig).toEqual({ envoyAccessLogService: { address: 'als.example.com:9000' } });
  });

  test('values that are fine are mapped and written as they were', () => {
    const tlsSettings = { mode: 'SIMPLE', caCertificates: '/etc/certs/ca.pem', sni: 'metrics.example.com' };
    const tolerations = [{ key: 'infra', operator: 'Exists', effect: 'NoSchedule' }];
    const resources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '1Gi' } };
    const result = migrate({
      proxy: { envoyMetricsService: { address: 'metrics.example.com:9000', tlsSettings }, accessLogging: { file: { name: '/dev/stdout', encoding: 'JSON' } } },
      runtime: { components: { pilot: { pod: { tolerations }, container: { resources } } } },
    });
    expect(result.controlPlanes[0].fields.filter((f) => f.status === MigrationStatus.NOT_MIGRATABLE)).toEqual([]);
    expect(result.complete).toBe(true);
    expect(istioValues(result)).toMatchObject({
      meshConfig: { accessLogFile: '/dev/stdout', accessLogEncoding: 'JSON', defaultConfig: { envoyMetricsService: { address: 'metrics.example.com:9000', tlsSettings } } },
      pilot: { tolerations, resources },
    });
  });

  test('a resource quantity the Istio resource refuses, and two fields of a network that OSSM 3 allows only one of, are not migratable', () => {
    const result = migrate({
      runtime: { components: { pilot: { container: { resources: { requests: { cpu: 'lots' } } } } } },
      cluster: { multiCluster: { meshNetworks: { west: { endpoints: [{ fromCIDR: '10.0.0.0/16', fromRegistry: 'west' }] } } } },
    });
    expect(fieldOf(result, 'runtime.components.pilot.container.resources')).toMatchObject({
      status: MigrationStatus.NOT_MIGRATABLE, reason: expect.stringContaining('spec.values.pilot.resources.requests.cpu must match the pattern'),
    });
    expect(fieldOf(result, 'cluster.multiCluster.meshNetworks')).toMatchObject({
      status: MigrationStatus.NOT_MIGRATABLE, reason: expect.stringContaining('spec.values.global.meshNetworks.west.endpoints[0] may set at most one of the fields fromCidr, fromRegistry'),
    });
  });

  test('a refused value under a key that names a secret is never shown', () => {
    const result = migrate({ proxy: { runtime: { container: { env: { VAULT_TOKEN: { value: 's3cr3t' }, LOG_FORMAT: 'json' } } } } });
    const field = fieldOf(result, 'proxy.runtime.container.env')!;
    expect(field).toMatchObject({ status: MigrationStatus.NOT_MIGRATABLE, reason: expect.stringContaining('proxyMetadata.VAULT_TOKEN must be string, not ***') });
    expect(formatMigrationReport(result)).not.toContain('s3cr3t');
  });

  test('the report shows no value of a field named like a secret, nor of a name/value pair named so', () => {
    const report = formatMigrationReport(migrate({
      general: { adminPassword: 'hunter2' },
      proxy: { runtime: { container: { extraEnv: [{ name: 'API_TOKEN', value: 's3cr3t' }, { name: 'LOG_LEVEL', value: 'debug' }] } } },
    }));
    expect(report).toContain('general.adminPassword ***');
    expect(report).toContain('"LOG_LEVEL","value":"debug"');
    expect(report).not.toMatch(/hunter2|s3cr3t/);
  });

  test('a Kiali name that is no DNS-1123 subdomain is not migratable (the new Kiali gets a name of its own), not an exception', () => {
    const result = migrate({ addons: { kiali: { enabled: true, name: 'My Kiali' } } });
    expect(fieldOf(result, 'addons.kiali.name')).toMatchObject({ status: MigrationStatus.NOT_MIGRATABLE, reason: expect.stringContaining('"kiali"') });
    expect(written(result).filter((o) => o.kind === 'Kiali').map((o) => o.metadata!.name)).toEqual(['kiali-ossm3']);
  });

  test('member selectors the Istio\'s discovery selectors refuse are an input error that names the member roll', () => {
    expect(() => migrateOssm2([smcp({}), roll({ memberSelectors: [{ matchExpressions: [{ key: 'team' }] }] })]))
      .toThrow(new MigrationInputError('ServiceMeshMemberRoll istio-system/default: its memberSelectors are not valid as the Istio\'s discovery selectors: '
        + 'spec.values.meshConfig.discoverySelectors[1].matchExpressions[0] needs the field "operator".'));
  });

  test('a Gateway host that is no DNS-1123 subdomain gets no Route, and a note says why', () => {
    const gateway = {
      apiVersion: 'networking.istio.io/v1beta1', kind: 'Gateway', metadata: { name: 'shop', namespace: 'shop' },
      spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['Shop_Host', 'shop.example.com'] }] },
    } as KubeObject;
    const result = migrate({ version: 'v2.6', gateways: { openshiftRoute: { enabled: true } } }, roll({ members: ['shop'] }), gateway);
    expect(written(result).filter((o) => o.kind === 'Route').map((o) => (o.spec as { host: string }).host)).toEqual(['shop.example.com']);
    expect(result.controlPlanes[0].notes).toContain('Gateway shop/shop: no Route for the host "Shop_Host": a Route\'s host must be a DNS-1123 subdomain (lower case letters, digits, \'-\' and \'.\').');
  });
});
