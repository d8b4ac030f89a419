import { unrestrictedSettings } from '../../core/pod-security';
import { rec } from '../kube';
import { Rule } from '../rule';

/** The code of {@link unrestrictedPod}; the workload constructs suppress it with the reason they were given. */
export const UNRESTRICTED_POD_CODE = 'OSSM506';

/** The pod spec of a pod template's owner: a Pod's own spec, a CronJob's job template, every other workload's template. */
function podSpecOf(owner: { readonly kind: string; readonly obj: unknown }): unknown {
  const obj = rec(owner.obj);
  if (owner.kind === 'Pod') return obj?.spec;
  const spec = rec(obj?.spec);
  const template = owner.kind === 'CronJob' ? rec(rec(rec(spec?.jobTemplate)?.spec)?.template) : rec(spec?.template);
  return template?.spec;
}

/**
 * OSSM506 (warning): a pod template asks for power over its node or runs as root — a privileged container,
 * privilege escalation, `runAsUser: 0` or `runAsNonRoot: false`, added capabilities (other than
 * NET_BIND_SERVICE), a hostPath volume, host namespaces or host ports, or no seccomp (`Unconfined`). Pod Security "restricted" and OpenShift's
 * `restricted-v2` SCC refuse such pods; where they are admitted (a privileged namespace or SCC), a compromised
 * container can take over the node, and with it every sidecar's certificates. Any workload kind, in any namespace.
 */
export const unrestrictedPod: Rule = {
  code: UNRESTRICTED_POD_CODE,
  severity: 'warning',
  title: 'Pod template is privileged, runs as root, adds capabilities or mounts host paths',
  reference: '— (Pod Security restricted; kube-linter privileged-container, run-as-non-root, host-mounts)',
  fix: 'Drop the setting: run as a non-root user, drop ALL capabilities, no privilege escalation, no hostPath or host namespaces; suppress with the reason if the workload really needs it.',
  check(ctx, report) {
    for (const template of ctx.podTemplates) {
      const found = unrestrictedSettings(podSpecOf(template.owner));
      if (found.length > 0) report(template.owner, `${found.join('; ')}, which Pod Security "restricted" refuses`);
    }
  },
};
