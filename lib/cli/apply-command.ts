import { applyScript } from '../apply/apply-script';
import { ApplyPlanError, planApply } from '../apply/apply-plan';
import { ApplyFailedError, runApplyPlan } from '../apply/run-apply-plan';
import { CliCommand, defineCommand, EXIT_FINDINGS, EXIT_OK, InputError, UsageError } from './command';

/** `15m`, `900s`, `1h`: oc's durations, in whole seconds, minutes or hours. */
const DURATION = /^([1-9]\d{0,5})(s|m|h)$/;

/** Seconds of an `oc`-style duration; a UsageError naming the option otherwise. */
function durationSeconds(option: string, value: string): number {
  const m = DURATION.exec(value);
  if (!m) throw new UsageError(`${option} ${JSON.stringify(value)} is not allowed; allowed: a whole number of seconds, minutes or hours, e.g. 900s, 15m, 1h`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as 's' | 'm' | 'h'];
}

/** `cdk8s-ossm apply`: a synthesized output folder onto a cluster, stage by stage, waiting in between. */
export const APPLY_COMMAND: CliCommand = defineCommand({
  name: 'apply',
  synopsis: '<dist> [--step STEP] [--dry-run] [--timeout DURATION] [--interval SECONDS]',
  summary: 'Applies a synthesized output folder with oc, stage by stage, waiting after each for what the next one needs.',
  help: `Applies each stage folder of <dist> (00-operators, 01-control-plane, 02-apps, ...) with "oc apply -f", and
after each waits for what its objects need before the next one, derived from the objects themselves (so it applies
any app synthesized by this library, not only the workshop):
  Subscription            its InstallPlan (name read from status.installPlanRef), approved when the Subscription
                          is Manual; its installed ClusterServiceVersion Succeeded; the CRDs that CSV owns
                          Established
  Namespace               Active
  ServiceMeshControlPlane, Istio, IstioCNI, ZTunnel (ambient mode), then ServiceMeshMemberRoll and ServiceMeshMember: Ready
  Deployment              Available
The program is $OC, or oc. A dist written with GITOPS_REPO_URL still applies this way (argocd/ is not applied);
for a fleet, give one cluster's tree, dist/clusters/<name>.

Options:
  -s, --step STEP        after the stages, apply steps/STEP/ (a workshop traffic step) the same way
      --dry-run          apply nothing: print the plan as a POSIX shell script (set -eu, OC=\${OC:-oc}), the exact
                         oc commands this command runs
  -t, --timeout DURATION the longest each wait may take, e.g. 900s, 15m, 1h; default 15m
      --interval SECONDS how often to ask again for a value that is not there yet; default 5
  -h, --help             show this help

Exit status: 0 applied and everything waited for is there, 1 an oc command failed or a wait timed out (the message
names what it waited for), 2 usage or input error (not an output folder of cdk8s-ossm, unknown step).`,
  options: {
    'step': { type: 'string', short: 's' },
    'dry-run': { type: 'boolean', default: false },
    'timeout': { type: 'string', short: 't', default: '15m' },
    'interval': { type: 'string', default: '5' },
  },
  run({ values, positionals }, context) {
    if (positionals.length !== 1) throw new UsageError(`give one output folder, e.g. "cdk8s-ossm apply dist"; got ${positionals.length}`);
    const timeoutSeconds = durationSeconds('--timeout', values.timeout as string);
    const interval = values.interval as string;
    if (!/^[1-9]\d{0,3}$/.test(interval)) throw new UsageError(`--interval ${JSON.stringify(interval)} is not allowed; allowed: whole seconds from 1 to 9999`);
    let plan;
    try {
      plan = planApply(positionals[0], { step: values.step as string | undefined, timeoutSeconds });
    } catch (e) {
      if (e instanceof ApplyPlanError) throw new InputError(e.message);
      throw e;
    }
    if (values['dry-run']) {
      context.out(applyScript(plan, Number(interval)));
      return EXIT_OK;
    }
    try {
      runApplyPlan(plan, { oc: process.env.OC || 'oc', intervalSeconds: Number(interval), env: process.env, log: context.out });
    } catch (e) {
      if (!(e instanceof ApplyFailedError)) throw e;
      context.err(`cdk8s-ossm apply: ${e.message}\n`);
      return EXIT_FINDINGS;
    }
    context.out(`Applied ${plan.stages.map((s) => `${s.folder}/`).join(', ')}.\n`);
    return EXIT_OK;
  },
});
