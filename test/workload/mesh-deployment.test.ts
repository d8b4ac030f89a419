import { Chart, Testing } from 'cdk8s';
import { MeshDeployment, WorkloadVersionOptions } from '../../lib';
import { formatValue } from '../../lib/core/validation';

/** The error `fn` throws; fails the test when it throws none. */
function errorOf(fn: () => unknown): any {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('workloads pass Pod Security "restricted"; anything more needs a reason', () => {
  const deployment = (options: Partial<WorkloadVersionOptions>) => {
    const chart = new Chart(Testing.app(), 'c');
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
