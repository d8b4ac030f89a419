// Rules on workloads, Services, Namespaces and their annotations: OSSM303 (gateway port), OSSM502 (deprecated
// annotations), OSSM503 (port protocols), OSSM504 (namespace labels), OSSM505 (Istio annotations).
import { KubeObject } from '../../lib/analysis';
import { deployment, findings, gateway, NET, service } from './fixtures';

const messages = (objects: KubeObject[], code: string): string[] => findings(objects, code).map((f) => `${f.kind}/${f.name}: ${f.message}`);

describe('OSSM303 Gateway server ports', () => {
  const gatewayPods = deployment('ingress', 'gw', { istio: 'private' }, { inject: false });
  const gwService = service('ingress', 'gw', { istio: 'private' }, [{ name: 'http2', port: 80, targetPort: 8080 }, { name: 'udp', port: 53, protocol: 'UDP' }]);
  const onPort = (port: number): KubeObject => {
    const gw = gateway('apps', 'web', ['*'], { istio: 'private' }) as any;
    gw.spec.servers[0].port.number = port;
    return gw;
  };
  test('a server port is fine when the gateway Service exposes it as port or targetPort', () => {
    expect(findings([gatewayPods, gwService, onPort(80)], 'OSSM303')).toEqual([]);
    expect(findings([gatewayPods, gwService, onPort(8080)], 'OSSM303')).toEqual([]);
  });
  test('fires for a port the Service does not expose over TCP', () => {
    expect(messages([gatewayPods, gwService, onPort(8443)], 'OSSM303'))
      .toEqual(['Gateway/web: servers[0] listens on port 8443, which Service ingress/gw of its gateway pods does not expose (ports and target ports: 80, 8080)']);
    expect(findings([gatewayPods, gwService, onPort(53)], 'OSSM303')).toHaveLength(1);
  });
  test('says nothing without the gateway pods\' Service in the set', () => {
    expect(findings([gatewayPods, onPort(8443)], 'OSSM303')).toEqual([]);
  });
});

describe('OSSM502 and OSSM505 Istio annotations', () => {
  const annotated = (kind: string, annotations: Record<string, string>, template?: Record<string, string>): KubeObject => {
    const d = deployment('apps', 'web', { app: 'web' }, template ? { annotations: template } : {}) as any;
    return kind === 'Deployment' ? { ...d, metadata: { ...d.metadata, annotations } }
      : { apiVersion: 'v1', kind, metadata: { name: 'web', ...(kind === 'Namespace' ? {} : { namespace: 'apps' }), annotations }, ...(kind === 'Service' ? { spec: { ports: [{ name: 'http', port: 80 }] } } : {}) };
  };

  test('a pod annotation on a Deployment\'s own metadata is misplaced, and a deprecated one says what replaces it', () => {
    const d = annotated('Deployment', { 'sidecar.istio.io/statsInclusionPrefixes': 'cluster.outbound' });
    expect(messages([d], 'OSSM505')).toEqual(['Deployment/web: metadata annotation sidecar.istio.io/statsInclusionPrefixes applies to a Pod, not to a Deployment, '
      + 'so Istio ignores it here (it belongs in spec.template.metadata.annotations)']);
    expect(findings([d], 'OSSM502').map((f) => f.fix)).toEqual(['Use proxy.istio.io/config proxyStatsMatcher.inclusionPrefixes instead of sidecar.istio.io/statsInclusionPrefixes.']);
  });

  test('unknown keys under istio.io domains, values Istio rejects, and kinds that do not read an annotation', () => {
    expect(messages([annotated('Service', { 'networking.istio.io/exportThree': 'x', 'networking.istio.io/exportTo': '.' })], 'OSSM505'))
      .toEqual(['Service/web: metadata annotation networking.istio.io/exportThree is not an Istio annotation, so Istio ignores it']);
    expect(messages([annotated('Deployment', {}, { 'readiness.status.sidecar.istio.io/periodSeconds': 'ten', 'sidecar.istio.io/interceptionMode': 'TPROXY' })], 'OSSM505'))
      .toEqual(['Deployment/web: pod template annotation readiness.status.sidecar.istio.io/periodSeconds: "ten" is not a non-negative integer']);
    expect(findings([annotated('Namespace', { 'kubernetes.io/ingress.class': 'istio' })], 'OSSM505')).toHaveLength(1);
  });

  test('leaves alone valid annotations, what Istio writes itself, and other domains', () => {
    const fine = annotated('Deployment', { 'helm.sh/hook': 'x', 'istio.io/rev': 'basic', 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
      { 'proxy.istio.io/config': '{}', 'traffic.sidecar.istio.io/excludeOutboundPorts': '3306,5432', 'traffic.sidecar.istio.io/includeOutboundIPRanges': '10.0.0.0/8,*' });
    expect(findings([fine], 'OSSM505')).toEqual([]);
    expect(findings([fine], 'OSSM502')).toEqual([]);
  });
});

describe('OSSM503 port protocols', () => {
  const svc = (ports: object[], type?: string): KubeObject => {
    const s = service('apps', 'web', type ? undefined : { app: 'web' }, ports) as any;
    return type ? { ...s, spec: { ...s.spec, type, externalName: 'web.example.com' } } : s;
  };
  test('an appProtocol Istio does not know', () => {
    expect(messages([svc([{ name: 'database', port: 3306, appProtocol: 'mysql-wrong' }])], 'OSSM503'))
      .toEqual(['Service/web: port 3306 sets appProtocol "mysql-wrong", which Istio does not know, so no protocol is selected']);
    expect(findings([svc([{ name: 'db', port: 3306, appProtocol: 'mysql' }, { name: 'h2c', port: 80, appProtocol: 'kubernetes.io/h2c' }])], 'OSSM503')).toEqual([]);
  });
  test('ExternalName Services need a protocol other than tcp', () => {
    expect(findings([svc([{ name: 'tcp', port: 443 }], 'ExternalName')], 'OSSM503')).toHaveLength(1);
    expect(findings([svc([{ port: 443 }], 'ExternalName')], 'OSSM503')).toHaveLength(1);
    expect(findings([svc([{ name: 'https', port: 443 }], 'ExternalName')], 'OSSM503')).toEqual([]);
  });
  test('Gateway server and ServiceEntry ports named for their declared protocol', () => {
    const gw = gateway('apps', 'gw', ['*']) as any;
    gw.spec.servers[0].port = { number: 80, name: 'http', protocol: 'HTTP2' };
    const se = { apiVersion: NET, kind: 'ServiceEntry', metadata: { name: 'ext', namespace: 'apps' },
      spec: { hosts: ['ext.example.com'], ports: [{ number: 80, name: 'example-http', protocol: 'HTTP' }, { number: 443, name: 'tls-0', protocol: 'TLS' }] } };
    expect(messages([gw, se], 'OSSM503')).toEqual([
      'Gateway/gw: servers[0].port is named "http" but declares protocol HTTP2; Istio uses the protocol, so one of the two is likely wrong',
      'ServiceEntry/ext: ports[0] is named "example-http" but declares protocol HTTP; Istio uses the protocol, so one of the two is likely wrong',
    ]);
  });
});

describe('OSSM504 namespace data-plane labels', () => {
  const ns = (labels: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps', labels } });
  test('several data-plane labels conflict; disabled injection is no data plane', () => {
    expect(messages([ns({ 'istio-injection': 'enabled', 'istio.io/rev': 'canary' })], 'OSSM504'))
      .toEqual(['Namespace/apps: labels istio-injection=enabled, istio.io/rev=canary ask for different data planes; Istio honours only one of them']);
    expect(findings([ns({ 'istio.io/rev': 'canary', 'istio.io/dataplane-mode': 'ambient' })], 'OSSM504')).toHaveLength(1);
    expect(findings([ns({ 'istio-injection': 'disabled', 'istio.io/rev': 'canary' })], 'OSSM504')).toEqual([]);
  });
});
