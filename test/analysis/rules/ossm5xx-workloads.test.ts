// OSSM501–OSSM506: workloads, sidecar injection, Service ports, namespace labels, annotations and pod security.
import { analyze, KubeObject } from '../../../lib/analysis';
import { NET, AGENCY, CP, deployment, service, gateway, cleanMesh, withEdit, findings, codes } from '../fixtures';

const messages = (objects: KubeObject[], code: string): string[] => findings(objects, code).map((f) => `${f.kind}/${f.name}: ${f.message}`);
const podEdit = (edit: (pod: any) => void): KubeObject[] => withEdit(cleanMesh(), 'Deployment', 'travels-v1', (o) => edit(o.spec.template.spec));
const unrestrictedMessages = (objects: KubeObject[]) => findings(objects, 'OSSM506').map((f) => `${f.kind}/${f.name}: ${f.message}`);

describe('OSSM501/OSSM502 sidecar injection', () => {
  const replaceV1 = (o: KubeObject): KubeObject[] => cleanMesh().map((x) => (x.metadata?.name === 'travels-v1' ? o : x));
  test('OSSM501 fires for a pod template without label or annotation, also without a member roll', () => {
    const objects = replaceV1(deployment(AGENCY, 'travels-v1', { app: 'travels', version: 'v1' }, { inject: false }));
    expect(findings(objects, 'OSSM501')).toEqual([expect.objectContaining({ severity: 'warning', kind: 'Deployment', name: 'travels-v1' })]);
    expect(findings(objects.filter((o) => o.kind !== 'ServiceMeshMemberRoll'), 'OSSM501')).toHaveLength(1);
  });
  test('OSSM501 does not fire for "false" (opt-out), Jobs, control-plane or non-member namespaces', () => {
    expect(findings(replaceV1(deployment(AGENCY, 'travels-v1', { app: 'travels', version: 'v1', 'sidecar.istio.io/inject': 'false' }, { inject: false })), 'OSSM501')).toEqual([]);
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: AGENCY }, spec: { template: { metadata: { labels: { app: 'm' } } } } };
    expect(findings([...cleanMesh(), job], 'OSSM501')).toEqual([]);
    expect(findings([...cleanMesh(), deployment(CP, 'x', { app: 'x' }, { inject: false }), deployment('elsewhere', 'y', { app: 'y' }, { inject: false })], 'OSSM501')).toEqual([]);
  });
  test('OSSM502 fires for the annotation form, and OSSM501 then does not', () => {
    const objects = replaceV1(deployment(AGENCY, 'travels-v1', { app: 'travels', version: 'v1' }, { inject: false, annotations: { 'sidecar.istio.io/inject': 'true' } }));
    expect(codes(objects)).toEqual(['OSSM502']);
    expect(findings(objects, 'OSSM502')[0].message).toContain('as an annotation');
  });
  test('OSSM502 does not fire when the label is there too', () => {
    const objects = replaceV1(deployment(AGENCY, 'travels-v1', { app: 'travels', version: 'v1' }, { annotations: { 'sidecar.istio.io/inject': 'true' } }));
    expect(codes(objects)).toEqual([]);
  });
});

describe('OSSM501 on OSSM 3 (a set without control plane is judged as OSSM 3, the default platform)', () => {
  const ns = (name: string, labels: Record<string, string> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
  const pod = (namespace: string, name: string, containers: object[], labels: Record<string, string> = {}): KubeObject =>
    ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels }, spec: { containers } });
  const gatewayDeployment = (namespace: string): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'gw', namespace },
    spec: { selector: { matchLabels: { istio: 'gw' } }, template: { metadata: { labels: { istio: 'gw' }, annotations: { 'inject.istio.io/templates': 'gateway' } },
      spec: { containers: [{ name: 'istio-proxy', image: 'auto' }] } } } });
  const messagesOf = (objects: KubeObject[]) => findings(objects, 'OSSM501').map((f) => `${f.kind}/${f.name}: ${f.message}`);

  test('the OSSM 2 pod-label fact is not raised: a pod template without label in a namespace whose labels are unknown', () => {
    expect(findings([deployment('apps', 'web', { app: 'web' }, { inject: false })], 'OSSM501')).toEqual([]);
    // the same set as OSSM 2.6, as the caller says, gets it
    expect(findings([deployment('apps', 'web', { app: 'web' }, { inject: false })], 'OSSM501', { assumeIstio: '1.20' })).toHaveLength(1);
  });
  test('image: auto that nothing injects cannot start (Istio IST0146/IST0147), even when the Namespace object is not in the set', () => {
    expect(messagesOf([gatewayDeployment('edge')])).toEqual([
      'Deployment/gw: container istio-proxy has image "auto", which only the injector replaces, but neither the pod template nor namespace edge '
        + '(its Namespace object is not in the set) asks for injection: the pods cannot start',
    ]);
    expect(messagesOf([ns('edge'), gatewayDeployment('edge')])[0]).toContain('nor namespace edge asks for injection');
    expect(messagesOf([ns('edge', { 'istio-injection': 'enabled' }), gatewayDeployment('edge')])).toEqual([]);
    expect(messagesOf([ns('edge', { 'istio.io/rev': 'canary' }), gatewayDeployment('edge')])).toEqual([]);
    const labelled = gatewayDeployment('edge') as any;
    labelled.spec.template.metadata.labels['sidecar.istio.io/inject'] = 'true';
    expect(messagesOf([labelled])).toEqual([]);
  });
  test('a Pod its namespace asks to inject but without istio-proxy was created before injection (Istio IST0103)', () => {
    const running = (o: KubeObject): KubeObject => ({ ...o, status: { phase: 'Running' } }); // as read from a cluster
    const objects = [ns('apps', { 'istio-injection': 'enabled' }), running(pod('apps', 'old', [{ name: 'app', image: 'web' }])),
      pod('apps', 'new', [{ name: 'app', image: 'web' }, { name: 'istio-proxy', image: 'proxyv2' }]),
      pod('apps', 'optout', [{ name: 'app', image: 'web' }], { 'sidecar.istio.io/inject': 'false' })];
    expect(messagesOf(objects)).toEqual([
      'Pod/old: the namespace apps asks for a sidecar but this Pod has no istio-proxy container: it was created before injection was enabled '
        + '(or the injector did not run), so it runs without a sidecar',
    ]);
    // a manifest's Pod (no status, uid or creation time) is injected when it is admitted: said conditionally
    expect(messagesOf([ns('apps', { 'istio-injection': 'enabled' }), pod('apps', 'sleep', [{ name: 'app', image: 'curl' }])])).toEqual([
      'Pod/sleep: the namespace apps asks for a sidecar but this Pod has no istio-proxy container: if it already runs (as read from a cluster), it was '
        + 'created before injection was enabled (or the injector did not run) and runs without a sidecar; applied from this manifest it gets one at admission',
    ]);
    // a pod template of a workload is injected when its pods are created: not reported
    expect(messagesOf([ns('apps', { 'istio-injection': 'enabled' }), deployment('apps', 'web', { app: 'web' }, { inject: false })])).toEqual([]);
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

describe('OSSM503 Service port names', () => {
  const ports = (p: object[]): KubeObject[] => withEdit(cleanMesh(), 'Service', 'travels', (o) => { o.spec.ports = p; });
  test('fires for names that select no protocol and for unnamed ports', () => {
    const f = findings(ports([{ name: 'web', port: 8000 }, { port: 9000 }, { name: 'httpx', port: 9001 }]), 'OSSM503');
    expect(f.map((x) => x.message)).toEqual([
      'port 8000 is named "web", which selects no protocol',
      'port 9000 has no name and no appProtocol',
      'port 9001 is named "httpx", which selects no protocol',
    ]);
  });
  test('does not fire for <protocol>[-suffix] names (any case) or appProtocol', () => {
    expect(findings(ports([{ name: 'http-web', port: 1 }, { name: 'grpc-web', port: 2 }, { name: 'TCP', port: 3 }, { name: 'mysql', port: 4 },
      { name: 'web', appProtocol: 'http', port: 5 }, { name: 'tls-db', port: 6 }]), 'OSSM503')).toEqual([]);
  });
  test('does not fire for Services outside the mesh', () => {
    expect(findings([...cleanMesh(), service('elsewhere', 'web', { app: 'web' }, [{ name: 'web', port: 80 }])], 'OSSM503')).toEqual([]);
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
  test('TCP and UDP ports may have any name (Kiali\'s KIA0601 leaves them free); http2 for HTTP is not HTTP\'s name', () => {
    const se = { apiVersion: NET, kind: 'ServiceEntry', metadata: { name: 'db', namespace: 'apps' },
      spec: { hosts: ['db.example.com'], addresses: ['10.0.0.1'], ports: [{ number: 3306, name: 'mysql', protocol: 'TCP' }, { number: 53, name: 'dns', protocol: 'UDP' }] } };
    expect(findings([se], 'OSSM503')).toEqual([]);
    const gw = gateway('apps', 'gw', ['*']) as any;
    gw.spec.servers[0].port = { number: 80, name: 'http2', protocol: 'HTTP' };
    expect(messages([gw], 'OSSM503')).toEqual(['Gateway/gw: servers[0].port is named "http2" but declares protocol HTTP; Istio uses the protocol, so one of the two is likely wrong']);
  });
});

describe('OSSM504 namespace label istio-injection', () => {
  const ns = (labels: object): KubeObject[] => withEdit(cleanMesh(), 'Namespace', AGENCY, (o) => { o.metadata.labels = labels; });
  test('fires for istio-injection=enabled', () => {
    expect(findings(ns({ 'istio-injection': 'enabled' }), 'OSSM504')).toEqual([expect.objectContaining({ kind: 'Namespace', name: AGENCY, namespace: undefined })]);
  });
  test('does not fire for disabled', () => {
    expect(findings(ns({ 'istio-injection': 'disabled' }), 'OSSM504')).toEqual([]);
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

describe('OSSM506 privileged, root, added capabilities, host paths', () => {
  test('does not fire for the clean mesh, nor for a container that only drops capabilities or adds NET_BIND_SERVICE', () => {
    expect(findings(cleanMesh(), 'OSSM506')).toEqual([]);
    expect(unrestrictedMessages(podEdit((pod) => {
      pod.containers[0].securityContext = { runAsUser: 1000, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } };
    }))).toEqual([]);
  });

  test.each<[string, (pod: any) => void, string]>([
    ['a privileged container', (pod) => { pod.containers[0].securityContext = { privileged: true }; }, 'container "travels-v1" is privileged'],
    ['privilege escalation', (pod) => { pod.containers[0].securityContext = { allowPrivilegeEscalation: true }; }, 'container "travels-v1" allows privilege escalation'],
    ['a container as root', (pod) => { pod.containers[0].securityContext = { runAsUser: 0 }; }, 'container "travels-v1" runs as root (runAsUser: 0)'],
    ['a pod as root', (pod) => { pod.securityContext = { runAsUser: 0 }; }, 'the pod runs as root (runAsUser: 0)'],
    ['runAsNonRoot false', (pod) => { pod.securityContext = { runAsNonRoot: false }; }, 'the pod allows root (runAsNonRoot: false)'],
    ['added capabilities', (pod) => { pod.containers[0].securityContext = { capabilities: { add: ['NET_ADMIN', 'NET_BIND_SERVICE', 'SYS_ADMIN'] } }; },
      'container "travels-v1" adds capabilities NET_ADMIN, SYS_ADMIN'],
    ['a hostPath volume', (pod) => { pod.volumes = [{ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }]; },
      'volume "docker" mounts a host path ("/var/run/docker.sock")'],
    ['host networking', (pod) => { pod.hostNetwork = true; }, 'the pod shares the node\'s namespaces (hostNetwork: true)'],
    ['a host port', (pod) => { pod.containers[0].ports = [{ containerPort: 80, hostPort: 80 }]; }, 'container "travels-v1" binds host ports 80'],
    ['no seccomp', (pod) => { pod.securityContext = { seccompProfile: { type: 'Unconfined' } }; }, 'the pod runs without seccomp (seccompProfile: Unconfined)'],
    ['an init container', (pod) => { pod.initContainers = [{ name: 'init', image: 'x', securityContext: { privileged: true } }]; }, 'container "init" is privileged'],
  ])('fires for %s', (_, edit, phrase) => {
    const found = findings(podEdit(edit), 'OSSM506');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'warning', kind: 'Deployment', namespace: AGENCY, name: 'travels-v1' });
    expect(found[0].message).toBe(`${phrase}, which Pod Security "restricted" refuses`);
  });

  test('looks at every workload kind in any namespace, a bare Pod and a CronJob included', () => {
    const privileged = { containers: [{ name: 'c', image: 'x', securityContext: { privileged: true } }] };
    const objects: KubeObject[] = [
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug', namespace: 'tools' }, spec: privileged },
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'backup', namespace: 'ops' }, spec: { jobTemplate: { spec: { template: { spec: privileged } } } } },
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'kube-system' }, spec: { template: { spec: { ...privileged, hostPID: true } } } },
    ];
    expect(analyze(objects).findings.filter((f) => f.code === 'OSSM506').map((f) => `${f.kind}/${f.namespace}/${f.name}: ${f.message}`)).toEqual([
      'CronJob/ops/backup: container "c" is privileged, which Pod Security "restricted" refuses',
      'DaemonSet/kube-system/agent: the pod shares the node\'s namespaces (hostPID: true); container "c" is privileged, which Pod Security "restricted" refuses',
      'Pod/tools/debug: container "c" is privileged, which Pod Security "restricted" refuses',
    ]);
  });

  test('a suppression with a reason silences it', () => {
    const objects = withEdit(podEdit((pod) => { pod.containers[0].securityContext = { privileged: true }; }), 'Deployment', 'travels-v1', (o) => {
      o.metadata.annotations = { 'suppress.analysis.cdk8s-ossm.io/OSSM506': 'node agent, reviewed' };
    });
    expect(findings(objects, 'OSSM506')).toEqual([]);
    expect(analyze(objects).findings.find((f) => f.code === 'OSSM506')?.suppressedBecause).toBe('node agent, reviewed');
  });
});
