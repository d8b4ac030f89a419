import { spawnSync } from 'node:child_process';
import { ApplyAction, ApplyPlan } from './apply-plan';

/** Options of {@link runApplyPlan}. @internal */
export interface RunApplyPlanOptions {
  /** The `oc` (or `kubectl`) program. */
  readonly oc: string;
  /** Seconds between two polls of a value that is not there yet. */
  readonly intervalSeconds: number;
  /** The environment of `oc` (its KUBECONFIG, …). */
  readonly env: NodeJS.ProcessEnv;
  /** Writes progress (`oc`'s own output and what is being waited for). */
  readonly log: (text: string) => void;
}

/** A step of the plan failed or timed out: the message names what it waited for. @internal */
export class ApplyFailedError extends Error {}

/** Sleeps without giving up the thread: the command line is synchronous. */
function sleepSeconds(seconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000);
}

/**
 * Runs an apply plan with `oc`: each command in order, each wait with its timeout, each captured value polled
 * until it appears. Stops at the first failure with {@link ApplyFailedError}, naming what it waited for and what
 * `oc` said. @internal
 */
export function runApplyPlan(plan: ApplyPlan, options: RunApplyPlanOptions): void {
  const values = new Map<string, string>();
  const substitute = (args: readonly string[], item?: string) => args.map((a) => a.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g,
    (_, name: string) => (name === 'item' && item !== undefined ? item : values.get(name) ?? '')));
  const oc = (args: readonly string[]) => {
    const r = spawnSync(options.oc, args, { encoding: 'utf8', env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    if (r.error) throw new ApplyFailedError(`cannot run ${options.oc}: ${r.error.message}. Install the OpenShift CLI (oc), log in to the cluster, or set OC to its path.`);
    return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
  };
  const must = (args: readonly string[], what: string) => {
    const r = oc(args);
    options.log(r.stdout);
    if (r.code !== 0) throw new ApplyFailedError(`${what}: "${options.oc} ${args.join(' ')}" failed (exit ${r.code})${r.stderr.trim() ? `: ${r.stderr.trim()}` : ''}`);
  };
  const run = (action: ApplyAction) => {
    switch (action.type) {
      case 'run':
        return must(substitute(action.args), `cannot ${action.why}`);
      case 'wait':
        options.log(`waiting for ${action.waitsFor} (at most ${plan.timeoutSeconds}s)\n`);
        return must(substitute(action.args), `timed out or failed waiting for ${action.waitsFor}`);
      case 'each':
        for (const item of (values.get(action.variable) ?? '').split(/\s+/).filter(Boolean)) {
          options.log(`waiting for ${action.waitsFor}: ${item}\n`);
          must(substitute(action.args, item), `timed out or failed waiting for ${action.waitsFor}: ${item}`);
        }
        return;
      case 'capture': {
        options.log(`waiting for ${action.waitsFor} (at most ${plan.timeoutSeconds}s)\n`);
        const deadline = Date.now() + plan.timeoutSeconds * 1000;
        for (;;) {
          const r = oc(substitute(action.args));
          const value = r.code === 0 ? r.stdout.trim() : '';
          if (value) {
            values.set(action.variable, value);
            return;
          }
          if (Date.now() >= deadline) {
            throw new ApplyFailedError(`timed out after ${plan.timeoutSeconds}s waiting for ${action.waitsFor}${r.stderr.trim() ? ` (${options.oc} said: ${r.stderr.trim()})` : ''}`);
          }
          sleepSeconds(options.intervalSeconds);
        }
      }
    }
  };
  for (const stage of plan.stages) {
    for (const action of stage.actions) run(action);
  }
}
