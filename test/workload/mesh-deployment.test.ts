// MeshDeployment: one version of an app as a Deployment that asks for the sidecar and passes Pod Security "restricted".
import { Chart, Testing } from 'cdk8s';
import { ImagePullPolicy, MeshDeployment, MeshDeploymentProps, SailControlPlane, WorkloadVersionOptions } from '../../lib';
import { formatValue } from '../../lib/core/validation';
import { errorOf } from '../support/errors';
import { meshApp, meshChart } from '../support/control-planes';

const synth = (props: Partial<MeshDeploymentProps> = {}) => {
  const chart = new Chart(meshApp(), 'c');
  const construct = new MeshDeployment(chart, 'd', { namespace: 'travel-agency', app: 'travels', version: 'v1', image: 'quay.io/kiali/demo_travels_travels:v1', ...props });
  return { construct, object: Testing.synth(chart)[0] };
};

describe('MeshDeployment', () => {
  test('defaults: <app>-<version>, one replica, selected by app and version, the sidecar label, a restricted pod with a read-only root, nothing cdk8s-plus would add', () => {
    const { construct, object } = synth();
    expect(object).toEqual({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'travels-v1', namespace: 'travel-agency' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'travels', version: 'v1' } },
        template: {
          metadata: { labels: { 'app': 'travels', 'version': 'v1', 'sidecar.istio.io/inject': 'true' } },
          spec: {
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: 'travels', image: 'quay.io/kiali/demo_travels_travels:v1', imagePullPolicy: 'IfNotPresent',
              securityContext: { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            }],
          },
        },
      },
    });
    expect([construct.name, construct.namespace, construct.app, construct.version]).toEqual(['travels-v1', 'travel-agency', 'travels', 'v1']);
    expect(construct.podLabels).toEqual({ 'app': 'travels', 'version': 'v1', 'sidecar.istio.io/inject': 'true' });
  });

  test('every option reaches the pod: port, env from values and Secrets, args, annotations, labels, emptyDirs, service account', () => {
    const { object } = synth({
      name: 'travels', containerName: 'server', containerPort: 8000, replicas: 3, imagePullPolicy: ImagePullPolicy.ALWAYS, args: ['--port', '8000'],
      env: { CURRENT_SERVICE: 'travels', MYSQL_PASSWORD: { secretName: 'mysql', key: 'rootpasswd' } },
      podAnnotations: { 'readiness.status.sidecar.istio.io/applicationPorts': '' }, deploymentLabels: { tier: 'backend' },
      emptyDirs: [{ name: 'tmp', mountPath: '/tmp' }], serviceAccountName: 'travels',
    });
    expect(object.metadata).toEqual({ name: 'travels', namespace: 'travel-agency', labels: { tier: 'backend' } });
    expect(object.spec.replicas).toBe(3);
    const pod = object.spec.template;
    expect(pod.metadata.annotations).toEqual({ 'readiness.status.sidecar.istio.io/applicationPorts': '' });
    expect(pod.spec.serviceAccountName).toBe('travels');
    expect(pod.spec.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    expect(pod.spec.containers[0]).toMatchObject({
      name: 'server', imagePullPolicy: 'Always', ports: [{ containerPort: 8000 }], args: ['--port', '8000'], volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
      env: [{ name: 'CURRENT_SERVICE', value: 'travels' }, { name: 'MYSQL_PASSWORD', valueFrom: { secretKeyRef: { name: 'mysql', key: 'rootpasswd' } } }],
    });
  });

  test('the control plane decides the injection labels; without a sidecar on OSSM 3 the pod opts out', () => {
    const sail = new SailControlPlane(meshChart(), 'cp');
    expect(synth({ controlPlane: sail }).construct.podLabels).toEqual({ 'app': 'travels', 'version': 'v1', 'sidecar.istio.io/inject': 'true' });
    expect(synth({ controlPlane: sail, sidecarInjection: false }).construct.podLabels).toEqual({ 'app': 'travels', 'version': 'v1', 'sidecar.istio.io/inject': 'false' });
    expect(synth({ sidecarInjection: false }).construct.podLabels).toEqual({ app: 'travels', version: 'v1' });
  });

  test.each<[Partial<MeshDeploymentProps>, RegExp]>([
    [{ version: 'V1' }, /c\/d: version "V1" is not valid/],
    [{ namespace: 'Travel' }, /c\/d: namespace "Travel" is not valid/],
    [{ replicas: 1.5 }, /c\/d: replicas 1\.5 is not valid/],
    [{ containerPort: 70000 }, /c\/d: containerPort 70000 is not valid/],
    [{ args: [1 as never] }, /c\/d: args\[0\] 1 is not valid\. Allowed: a string\./],
    [{ imagePullPolicy: 'Sometimes' as ImagePullPolicy }, /c\/d: imagePullPolicy "Sometimes" is not valid/],
  ])('refuses %j, naming the construct path and the value', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});

describe('workloads pass Pod Security "restricted"; anything more needs a reason', () => {
  const deployment = (options: Partial<WorkloadVersionOptions>) => {
    const chart = new Chart(meshApp(), 'c');
    new MeshDeployment(chart, 'd', { namespace: 'ns', app: 'app', version: 'v1', image: 'img', ...options });
    return Testing.synth(chart)[0];
  };

  test('by default: non-root with the RuntimeDefault seccomp profile, no escalation, ALL dropped', () => {
    const pod = deployment({}).spec.template.spec;
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true,
    });
    // settings of your own keep the minimum, also when they name its fields as undefined
    expect(deployment({ containerSecurityContext: { readOnlyRootFilesystem: false, allowPrivilegeEscalation: undefined } }).spec.template.spec.containers[0].securityContext)
      .toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: false });
    expect(deployment({ podSecurityContext: { runAsNonRoot: undefined, runAsUser: 1000 } }).spec.template.spec.securityContext)
      .toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, runAsUser: 1000 });
  });

  test.each<[string, Partial<WorkloadVersionOptions>, string]>([
    ['privileged', { containerSecurityContext: { privileged: true } }, 'container "app" is privileged'],
    ['root', { containerSecurityContext: { runAsUser: 0 } }, 'container "app" runs as root (runAsUser: 0)'],
    ['privileged and root, as the issue found accepted', { containerSecurityContext: { privileged: true, runAsUser: 0 } }, 'container "app" is privileged; container "app" runs as root (runAsUser: 0)'],
    ['added capabilities', { containerSecurityContext: { capabilities: { add: ['NET_ADMIN'] } } }, 'container "app" adds capabilities NET_ADMIN'],
    ['not dropping ALL', { containerSecurityContext: { capabilities: { drop: ['NET_RAW'] } } }, 'container "app" does not drop ALL capabilities'],
    ['escalation', { containerSecurityContext: { allowPrivilegeEscalation: true } }, 'container "app" allows privilege escalation'],
    ['a root pod', { podSecurityContext: { runAsUser: 0 } }, 'the pod runs as root (runAsUser: 0)'],
    ['runAsNonRoot false', { podSecurityContext: { runAsNonRoot: false } }, 'the pod allows root (runAsNonRoot: false)'],
    ['no seccomp', { podSecurityContext: { seccompProfile: { type: 'Unconfined' } } }, 'the pod runs without seccomp (seccompProfile: Unconfined)'],
  ])('%s is refused without unrestrictedReason', (_, options, found) => {
    expect(() => deployment(options)).toThrow(`c/d: security context ${formatValue(options)} is not valid. Allowed: settings that pass Pod Security "restricted" `
      + `(not privileged, no privilege escalation, not root, no added capabilities, capabilities.drop [ALL]); here ${found}. Set unrestrictedReason to say why this workload needs more.`);
  });

  test('security contexts are plain data with whole-number ids', () => {
    expect(() => deployment({ podSecurityContext: { runAsUser: -1 } })).toThrow(/c\/d: podSecurityContext\.runAsUser -1 is not valid\. Allowed: a whole number from 0 to 2147483647\./);
    expect(() => deployment({ containerSecurityContext: { runAsGroup: 1.5 } })).toThrow(/containerSecurityContext\.runAsGroup 1\.5 is not valid/);
    expect(() => deployment({ podSecurityContext: { seLinuxOptions: { level: (() => 's0') as any } } }))
      .toThrow(/c\/d: podSecurityContext\.seLinuxOptions\.level \[function level\] is not valid\. Allowed: plain data/);
    expect(() => deployment({ containerSecurityContext: JSON.parse('{"__proto__": {"privileged": true}}') }))
      .toThrow(/containerSecurityContext key "__proto__" is not valid/);
  });

  test('with a reason it is emitted as given, and the analyzer\'s OSSM506 is suppressed with that reason', () => {
    const d = deployment({ containerSecurityContext: { privileged: true }, unrestrictedReason: 'node agent, reviewed by security' });
    expect(d.spec.template.spec.containers[0].securityContext).toMatchObject({ privileged: true });
    expect(d.metadata.annotations).toEqual({ 'suppress.analysis.cdk8s-ossm.io/OSSM506': 'node agent, reviewed by security' });
    expect(() => deployment({ containerSecurityContext: { privileged: true }, unrestrictedReason: ' ' })).toThrow(/unrestrictedReason " " is not valid/);
    // a reason without anything unrestricted adds nothing
    expect(deployment({ unrestrictedReason: 'just in case' }).metadata.annotations).toBeUndefined();
  });
});
