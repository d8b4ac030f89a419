// Twelve ServiceMeshControlPlane shapes written from the maistra 2.6 CRD (../shared/crds/maistra) and Red Hat's 2.x
// and migration docs (test/migrate/fixtures/shapes/): for each, what is written, what is reported, and the exit code.
// Every input is valid OSSM 2.6 and every output valid OSSM 3 (test/support/crd-schema.ts, unknown fields as errors).
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { formatMigrationReport, MigrationInputError, MigrationStatus, migrateOssm2 } from '../../lib';
import { loadManifests } from '../../lib/analysis/load';
import { KubeObject } from '../../lib/analysis/types';
import { runCli } from '../support/cli';
import { validateAll } from '../support/crd-schema';
import { find } from '../support/objects';

const shape = (name: string) => join(__dirname, 'fixtures', 'shapes', `${name}.yaml`);
const objectsOf = (text: string): KubeObject[] => parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);
/** federation.maistra.io has no CRD in ../shared (OSSM 3 has no federation): those objects are checked by the test itself. */
const federation = (o: KubeObject) => o.apiVersion.startsWith('federation.maistra.io/');

/** Migrates a shape in-process and by the CLI: both must agree, the input be valid 2.6 and the output valid OSSM 3. */
function migrate(name: string) {
  const input = loadManifests([shape(name)]);
  expect(validateAll(input.filter((o) => !federation(o)), '2.6')).toEqual([]);
  const result = migrateOssm2(input);
  const objects = result.files.flatMap((f) => f.objects) as KubeObject[];
  expect(validateAll(objects, '3')).toEqual([]);
  const cli = runCli('migrate', shape(name));
  expect(objectsOf(cli.stdout)).toEqual(JSON.parse(JSON.stringify(objects)));
  const field = (source: string, path: string) => result.controlPlanes.find((cp) => cp.source === source)!.fields.find((f) => f.field === path);
  const flagged = (status: MigrationStatus) => result.controlPlanes.flatMap((cp) => cp.fields.filter((f) => f.status === status).map((f) => f.field));
  return { result, objects, cli, report: cli.stderr, field, flagged };
}

describe('migrate: twelve SMCP shapes', () => {
  test('cluster-wide, prepared as Red Hat\'s checklist asks: everything migrates (exit 0); the default profile\'s settings are carried with their source', () => {
    const { result, objects, cli, report, field } = migrate('cluster-wide');
    expect(cli.code).toBe(0);
    expect(result.complete).toBe(true);
    const values = find(objects, 'Istio', 'istio-system').spec.values;
    expect(values.meshConfig.discoverySelectors).toEqual([{ matchLabels: { mesh: 'cluster' } }]);
    // 2.6 injected only pods that asked, and did not sniff protocols: so does OSSM 3
    expect(values.global.proxy.autoInject).toBe('disabled');
    expect(values.pilot.env).toEqual({ PILOT_ENABLE_PROTOCOL_SNIFFING_FOR_INBOUND: 'false', PILOT_ENABLE_PROTOCOL_SNIFFING_FOR_OUTBOUND: 'false' });
    expect(field('istio-system/cluster', 'proxy.injection.autoInject')).toMatchObject({ status: MigrationStatus.MAPPED, source: 'profile base' });
    expect(report).toMatch(/^ {2}mapped {10}proxy\.injection\.autoInject false \[profile base\] → spec\.values\.global\.proxy\.autoInject$/m);
    // the operator's own images are not carried
    expect(values.global.hub).toBeUndefined();
    expect(field('istio-system/cluster', 'runtime.defaults.container.imageRegistry')).toMatchObject({ status: MigrationStatus.NOTHING_TO_DO, source: 'profile default' });
    expect(objects.filter((o) => o.kind === 'Kiali' || o.kind === 'Route')).toEqual([]);
    expect(report).toMatch(/Every field in use was migrated\.\n$/);
  });

  test('multi-tenant: an Istio per tenant, each Kiali (the profile\'s, and a named one) written under a new name; strict mTLS under a name of its own', () => {
    const { objects, cli, field } = migrate('multi-tenant');
    expect(cli.code).toBe(0);
    expect(objects.filter((o) => o.kind === 'Istio').map((o) => [o.metadata!.name, o.spec.namespace, o.spec.values.meshConfig.discoverySelectors])).toEqual([
      ['red-mesh', 'red-mesh', [{ matchLabels: { 'istio-discovery': 'red-mesh' } }]],
      ['blue-mesh', 'blue-mesh', [{ matchLabels: { 'istio-discovery': 'blue-mesh' } }]],
    ]);
    expect(objects.filter((o) => o.kind === 'Kiali').map((o) => [o.metadata!.namespace, o.metadata!.name, o.spec.deployment.instance_name, o.spec.istio_namespace]))
      .toEqual([['red-mesh', 'kiali-ossm3', 'kiali-ossm3', undefined], ['blue-mesh', 'blue-kiali-ossm3', 'blue-kiali-ossm3', undefined]]);
    expect(field('red-mesh/red', 'addons.kiali.enabled')).toMatchObject({ status: MigrationStatus.HANDLED, source: 'profile base' });
    expect(field('blue-mesh/blue', 'addons.kiali.name')).toMatchObject({ status: MigrationStatus.HANDLED, to: expect.stringContaining('the 2.6 Kiali blue-kiali belongs to the SMCP') });
    expect(objects.filter((o) => o.kind === 'PeerAuthentication').map((o) => `${o.metadata!.namespace}/${o.metadata!.name}`)).toEqual(['red-mesh/mesh-mtls-ossm3']);
    expect(find(objects, 'Namespace', 'blue-billing').metadata!.labels).toEqual({ 'istio-discovery': 'blue-mesh', 'istio.io/rev': 'blue-mesh', 'maistra.io/ignore-namespace': 'true' });
  });

  test('profiles only: what the default profile turned on is reported as such (addons, gateways, Jaeger) and exit 1; IOR was off (the webhook), so no Route', () => {
    const { objects, cli, report, flagged, field, result } = migrate('profiles-only');
    expect(cli.code).toBe(1);
    expect(flagged(MigrationStatus.NOT_MIGRATABLE)).toEqual(['gateways.ingress', 'gateways.egress', 'tracing.type', 'addons.prometheus', 'addons.jaeger', 'addons.grafana']);
    expect(field('mesh/basic', 'addons.grafana')).toMatchObject({ source: 'profile base' });
    expect(report).toMatch(/^ {2}NOT MIGRATABLE {2}tracing\.type "Jaeger" \[profile base\]: OSSM 3 installs no Jaeger/m);
    expect(find(objects, 'Kiali', 'kiali-ossm3', 'mesh').spec.deployment.instance_name).toBe('kiali-ossm3');
    expect(field('mesh/basic', 'gateways.openshiftRoute.enabled')).toMatchObject({ value: false, status: MigrationStatus.NOTHING_TO_DO, source: 'the 2.6 operator\'s webhook (on create)' });
    expect(objects.filter((o) => o.kind === 'Route')).toEqual([]);
    expect(result.notes.join('\n')).toContain('Gateway bookinfo/bookinfo-gateway: no Route written');
    expect(field('mesh/basic', 'profiles')).toMatchObject({ status: MigrationStatus.HANDLED, to: 'resolved: the values of profile default, profile small, profile base are reported on their own lines' });
    expect(report).toContain('note: no status.appliedSpec in the input');
  });

  test('exported with status.appliedSpec: what ran is migrated (IOR still on after an upgrade from 2.4, a DNS refresh rate the spec no longer shows), with its source', () => {
    const { objects, cli, field, report } = migrate('applied-spec');
    expect(cli.code).toBe(1);
    const values = find(objects, 'Istio', 'istio-system').spec.values;
    expect(values.meshConfig.dnsRefreshRate).toBe('60s');
    expect(field('istio-system/basic', 'proxy.networking.dns.refreshRate')).toMatchObject({ status: MigrationStatus.MAPPED, source: 'status.appliedSpec' });
    expect(field('istio-system/basic', 'general.logging.componentLevels')).toMatchObject({ source: 'status.appliedSpec (= profile base)' });
    expect(field('istio-system/basic', 'tracing.type')).toMatchObject({ source: 'spec' });
    // appliedSpec holds nothing of profile small: nothing of it is written
    expect(values.pilot.resources).toBeUndefined();
    expect(find(objects, 'Route', 'travel-travel', 'istio-system').spec.host).toBe('travel.apps.example.com');
    expect(field('istio-system/basic', 'gateways.openshiftRoute.enabled')).toMatchObject({ status: MigrationStatus.HANDLED, to: expect.stringMatching(/^1 OpenShift Route for/) });
    expect(find(objects, 'Kiali', 'kiali-ossm3', 'istio-system')).toBeDefined();
    expect(report).toContain('note: migrated from status.appliedSpec');
  });

  test('gateways: no Route for manageRoute "false" nor for a value IOR cannot parse; "TRUE" and "*" get theirs; annotations and labels copied as IOR did', () => {
    const { objects, cli, result, field } = migrate('gateways-routes');
    expect(cli.code).toBe(1); // the SMCP's ingress gateway must be deployed apart
    const routes = objects.filter((o) => o.kind === 'Route');
    expect(routes.map((r) => [r.metadata!.name, r.spec.host])).toEqual([
      ['shop-public', 'shop.apps.example.com'], ['shop-explicit', 'secure.shop.example.com'], ['shop-catch-all', undefined], ['shop-redirect', 'pay.shop.example.com']]);
    // a server with TLS settings that redirects: IOR's passthrough Route with the redirect, one per host
    expect(find(objects, 'Route', 'shop-redirect', 'edge-system').spec).toEqual({
      host: 'pay.shop.example.com', port: { targetPort: 'https' }, tls: { termination: 'passthrough', insecureEdgeTerminationPolicy: 'Redirect' },
      to: { kind: 'Service', name: 'istio-ingressgateway', weight: 100 } });
    expect(find(objects, 'Route', 'shop-public', 'edge-system').metadata).toEqual({
      name: 'shop-public', namespace: 'edge-system', labels: { app: 'shop' },
      annotations: { 'haproxy.router.openshift.io/timeout': '60s', 'argocd.argoproj.io/sync-options': 'Prune=false', 'maistra.io/original-host': 'shop.apps.example.com' },
    });
    expect(find(objects, 'Route', 'shop-explicit', 'edge-system').metadata!.annotations).toEqual({ 'maistra.io/original-host': 'secure.shop.example.com' });
    expect(find(objects, 'Route', 'shop-catch-all', 'edge-system').metadata!.annotations).toEqual({ 'maistra.io/original-host': '*' });
    // never labelled as IOR's own, which IOR would delete
    expect(routes.every((r) => r.metadata!.labels?.['maistra.io/generated-by'] === undefined)).toBe(true);
    const notes = result.controlPlanes[0].notes.join('\n');
    expect(notes).toContain('Gateway shop/internal: maistra.io/manageRoute is "false", so IOR made no Route for it, nor does this command.');
    expect(notes).toContain('Gateway shop/unsure: maistra.io/manageRoute is "maybe", not a boolean');
    expect(notes).toContain('for the host * IOR made a Route without a host');
    expect(notes).toContain('Gateway shop/redirect: no second Route for the host "pay.shop.example.com": IOR kept one Route per host, the first one\'s.');
    expect(field('edge-system/edge', 'gateways.openshiftRoute.enabled')).toMatchObject({ status: MigrationStatus.HANDLED, to: expect.stringMatching(/^4 OpenShift Routes/) });
  });

  test('third-party identity: no alarm (OSSM 3 always uses third-party tokens), the audience carried; exit 0', () => {
    const { objects, cli, field } = migrate('third-party-identity');
    expect(cli.code).toBe(0);
    expect(field('istio-system/tokens', 'security.identity.type')).toMatchObject({ value: 'ThirdParty', status: MigrationStatus.NOTHING_TO_DO });
    expect(find(objects, 'Istio', 'istio-system').spec.values.global.sds).toEqual({ token: { aud: 'istio-ca' } });
  });

  test('cert-manager: the address goes to global.caAddress (istio-csr), TLS minimum and ciphers to meshMTLS, Go curve names to Envoy\'s in tlsDefaults; the CA itself is a step of its own (exit 1)', () => {
    const { objects, cli, flagged, field } = migrate('cert-manager');
    expect(cli.code).toBe(1);
    const values = find(objects, 'Istio', 'istio-system').spec.values;
    expect(values.global.caAddress).toBe('cert-manager-istio-csr.istio-system.svc:443');
    expect(values.meshConfig.ca).toBeUndefined();
    expect(values.meshConfig.meshMTLS).toEqual({ minProtocolVersion: 'TLSV1_2', cipherSuites: ['ECDHE-ECDSA-AES128-GCM-SHA256'] });
    expect(values.meshConfig.tlsDefaults).toEqual({ ecdhCurves: ['P-256', 'X25519'] });
    expect(flagged(MigrationStatus.NOT_MIGRATABLE)).toEqual(['security.certificateAuthority.type']);
    expect(field('istio-system/certs', 'security.certificateAuthority.type')).toMatchObject({ reason: expect.stringContaining('istio-csr') });
  });

  test('federation: ServiceMeshPeer, ExportedServiceSet and ImportedServiceSet are not migratable (OSSM 3 has no federation), exit 1; the control plane is still written', () => {
    const { objects, cli, result, report } = migrate('federation');
    expect(cli.code).toBe(1);
    expect(result.complete).toBe(false);
    expect(result.notMigratable.map((l) => l.split(':')[0])).toEqual(['ServiceMeshPeer "east-mesh"/"west"', 'ExportedServiceSet "east-mesh"/"west"', 'ImportedServiceSet "east-mesh"/"west"']);
    expect(report).toMatch(/^NOT MIGRATABLE {2}ServiceMeshPeer "east-mesh"\/"west": OSSM 3 has no federation/m);
    expect(report).not.toContain('they need no migration');
    expect(find(objects, 'Istio', 'east-mesh').spec.values.meshConfig.trustDomain).toBe('east.local');
  });

  test('multi-cluster: cluster name, network and mesh networks carried, a gateway by Service name as registryServiceName; exit 0', () => {
    const { objects, cli } = migrate('multi-cluster');
    expect(cli.code).toBe(0);
    expect(find(objects, 'Istio', 'istio-system').spec.values.global).toMatchObject({
      multiCluster: { enabled: true, clusterName: 'east' }, network: 'network-east',
      meshNetworks: {
        'network-east': { endpoints: [{ fromRegistry: 'east' }], gateways: [{ registryServiceName: 'istio-eastwestgateway.istio-system.svc.cluster.local', port: 15443 }] },
        'network-west': { endpoints: [{ fromCidr: '10.20.0.0/16' }], gateways: [{ address: '198.51.100.7', port: 15443 }] },
      },
    });
  });

  test('image overrides: never carried (no hub, tag or image in the Istio), each kept for a human with why; exit 1', () => {
    const { objects, cli, flagged, report } = migrate('image-overrides');
    expect(cli.code).toBe(1);
    const values = find(objects, 'Istio', 'istio-system').spec.values;
    expect([values.global.hub, values.global.tag, values.pilot.image, values.pilot.tag]).toEqual([undefined, undefined, undefined, undefined]);
    expect(flagged(MigrationStatus.KEPT_FOR_HUMAN)).toEqual([
      'runtime.defaults.container.imageRegistry', 'runtime.defaults.container.imageTag', 'runtime.components.pilot.container.imageName', 'proxy.runtime.container.imageTag']);
    expect(report).toMatch(/^ {2}KEPT FOR HUMAN {2}runtime\.defaults\.container\.imageTag "2\.6\.7": an image override of 2\.6: OSSM 3's operator pins its own images by digest/m);
    expect(report).toContain('What is marked NOT MIGRATABLE or KEPT FOR HUMAN needs a step of its own');
  });

  test('v2.4: refused with the upgrade path, exit 2, nothing written', () => {
    expect(() => migrateOssm2(loadManifests([shape('v2-4')]))).toThrow(MigrationInputError);
    const cli = runCli('migrate', shape('v2-4'));
    expect(cli.code).toBe(2);
    expect(cli.stdout).toBe('');
    expect(cli.stderr).toContain('ServiceMeshControlPlane istio-system/old has version "v2.4": Red Hat migrates to OSSM 3 only from 2.6. '
      + 'Upgrade it first: set spec.version to v2.5, then v2.6, one minor version at a time');
  });

  test('an SMCP named like its namespace: the Istio (and so the revision) is renamed, never reusing the 2.6 control plane\'s names; exit 0', () => {
    const { objects, cli, result } = migrate('named-like-namespace');
    expect(cli.code).toBe(0);
    expect(objects.filter((o) => o.kind === 'Istio').map((o) => [o.metadata!.name, o.spec.namespace])).toEqual([['istio-system-ossm3', 'istio-system']]);
    expect(result.controlPlanes[0].istio).toBe('istio-system-ossm3');
    expect(find(objects, 'Namespace', 'payments').metadata!.labels).toEqual({ 'istio-discovery': 'istio-system-ossm3', 'istio.io/rev': 'istio-system-ossm3', 'maistra.io/ignore-namespace': 'true' });
    expect(result.controlPlanes[0].notes[0]).toMatch(/^the Istio is named istio-system-ossm3, not istio-system: the SMCP has its namespace's name/);
    // nothing written has a name of the 2.6 control plane's objects (the IstioCNI "default" is cluster-scoped, the only one)
    expect(objects.filter((o) => ['kiali', 'default', 'istio-system'].includes(o.metadata!.name!) && o.kind !== 'Namespace').map((o) => o.kind)).toEqual(['IstioCNI']);
  });
});

test('the report names files only when they were written, and the first-hop recommendation when the Istio is far ahead of 2.6\'s', () => {
  const result = migrateOssm2(loadManifests([shape('cluster-wide')]));
  expect(formatMigrationReport(result)).not.toContain('Files');
  expect(formatMigrationReport(result, { out: 'ossm3' })).toContain('Files written to ossm3, in apply order:\n  01-control-plane.yaml (2 objects)');
  expect(result.notes.join('\n')).toContain('Red Hat recommends a first hop: migrate with the OSSM 3.2 operator to Istio 1.24');
  expect(migrateOssm2(loadManifests([shape('cluster-wide')]), { istioVersion: 'v1.30-latest' }).files[0].objects[0].spec).toEqual({ namespace: 'istio-cni', version: 'v1.30-latest' });
});
