import { analyze, KubeObject } from '../../lib/analysis';
import { AGENCY, cleanMesh, findings, withEdit } from './fixtures';

const podEdit = (edit: (pod: any) => void): KubeObject[] => withEdit(cleanMesh(), 'Deployment', 'travels-v1', (o) => edit(o.spec.template.spec));
const messages = (objects: KubeObject[]) => findings(objects, 'OSSM506').map((f) => `${f.kind}/${f.name}: ${f.message}`);

describe('OSSM506 privileged, root, added capabilities, host paths', () => {
  test('does not fire for the clean mesh, nor for a container that only drops capabilities or adds NET_BIND_SERVICE', () => {
    expect(findings(cleanMesh(), 'OSSM506')).toEqual([]);
    expect(messages(podEdit((pod) => {
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
