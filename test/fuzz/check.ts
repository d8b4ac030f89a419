/**
 * The one checker of the property-based tests. A generated input must either be refused with the library's
 * validation error — naming a construct path of the app (or the API entry point), the value and what is
 * allowed — or synthesize objects that pass the CRD schemas, the Kubernetes name and workload rules, Pod
 * Security "restricted" and the target's own invariants. Anything else (a TypeError from inside, an error
 * without a path, silently invalid output) fails the property.
 */
import fc from 'fast-check';
import { App } from 'cdk8s';
import { IConstruct } from 'constructs';
import { SynthError, ValidationError } from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { synthesizeApp } from '../../lib/synth/synthesize';
import { CrdSet, validateAll } from '../support/crd-schema';
import { kubeRuleViolations } from '../support/kube-rules';
import { podSpecOf, restrictedViolations } from '../support/pod-security';

/** A chart or construct under test: how to generate its input and how to build it into an app. */
export interface FuzzTarget<P> {
  /** The exported name under test, e.g. `HeaderRoutingChart`. */
  readonly name: string;
  /** Generator of inputs. */
  readonly props: fc.Arbitrary<P>;
  /** Builds the construct(s) from `props` into `app`; may return more apps whose objects count too (e.g. workshop steps). */
  build(app: App, props: P): void | App[];
  /** Facts of the output that follow from the input (e.g. every header rule has its header); one message per broken fact. */
  invariants?(props: P, objects: KubeObject[]): string[];
  /** Share of the default number of runs (heavier targets run fewer). @default 1 */
  readonly weight?: number;
  /** The CRD set the output is validated against: OSSM 2.6's or OSSM 3's. @default '2.6' */
  readonly crdSet?: CrdSet;
  /**
   * Ids of the charts a target creates in apps of its own, which an error thrown while building cannot hand
   * back: a refusal may name a path under one of them.
   * @default - none
   */
  readonly ownCharts?: readonly string[];
}

/** API entry points that validate without a construct and name themselves as the path. */
export const ENTRY_POINTS: ReadonlySet<string> = new Set(['MeshService.fromServiceName', 'buildTravelsWorkshop', 'clusters.yaml']);

/** How one generated input ended. */
export type Outcome = 'accepted' | 'refused';

/** Builds and synthesizes; returns how it ended, or throws an Error that says why the outcome is not allowed. */
export function checkOutcome<P>(target: FuzzTarget<P>, props: P): Outcome {
  const app = new App();
  const apps: App[] = [app];
  let byApp: KubeObject[][];
  try {
    const more = target.build(app, props);
    if (more) apps.push(...more);
    byApp = apps.map((a) => synthesizeApp(a).flatMap((c) => c.objects));
  } catch (error) {
    checkRefusal(error, apps, target.ownCharts ?? []);
    return 'refused';
  }
  const objects = byApp.flat();
  const problems = [
    ...validateAll(objects, target.crdSet),
    ...byApp.flatMap((own) => kubeRuleViolations(own)), // apps are alternatives (workshop steps): names repeat across them
    ...objects.filter((o) => !allowedUnrestricted(o)).flatMap((o) => {
      const pod = podSpecOf(o);
      return pod ? restrictedViolations(pod).map((v) => `${o.kind}/${o.metadata?.name}: ${v}`) : [];
    }),
    ...(target.invariants?.(props, objects) ?? []),
  ];
  if (problems.length > 0) throw new Error(`${target.name} emitted invalid output, with no error:\n  ${problems.join('\n  ')}`);
  return 'accepted';
}

/** A workload whose unrestricted settings were allowed with a reason (`unrestrictedReason`), which it carries as OSSM506's suppression. */
function allowedUnrestricted(o: KubeObject): boolean {
  const reason = o.metadata?.annotations?.['suppress.analysis.cdk8s-ossm.io/OSSM506'];
  return typeof reason === 'string' && reason.trim().length > 0;
}

function constructPaths(apps: App[]): Set<string> {
  return new Set(apps.flatMap((a) => a.node.findAll().map((c: IConstruct) => c.node.path)));
}

function checkRefusal(error: unknown, apps: App[], ownCharts: readonly string[]): void {
  const paths = constructPaths(apps);
  const known = (path: string) => paths.has(path) || ENTRY_POINTS.has(path) || ownCharts.includes(path.split('/')[0]);
  if (error instanceof ValidationError) {
    const problems = [
      ...(known(error.path) ? [] : [`path "${error.path}" is no construct of the app`]),
      ...(error.what.length > 0 ? [] : ['no "what"']),
      ...(error.value.length > 0 && error.message.includes(` ${error.value} is not valid.`) ? [] : [`the value ${error.value} is not in the message`]),
      ...(/^Allowed[: ]/.test(error.allowed) && error.allowed.length > 10 ? [] : [`"allowed" says nothing: ${error.allowed}`]),
    ];
    if (problems.length > 0) throw new Error(`a ValidationError that does not say enough (${problems.join('; ')}): ${error.message}`);
    return;
  }
  if (error instanceof SynthError) {
    // validation at synth: one line per construct, each naming its path and what is allowed
    const lines = error.message.split('\n').slice(1);
    for (const line of lines) {
      const m = /^ {2}- ([^:]+): .* Allowed: .+/.exec(line);
      if (!m || !known(m[1])) throw new Error(`a synth validation message without a construct path or what is allowed: ${line}`);
    }
    if (lines.length === 0) throw new Error(`a SynthError without messages: ${error.message}`);
    return;
  }
  throw new Error(`not the library's validation error: ${(error as Error)?.stack ?? String(error)}`);
}

/** Runs the property for a target; returns how many inputs were accepted and refused. */
export function fuzz<P>(target: FuzzTarget<P>, options: { numRuns: number; seed: number }): Record<Outcome, number> {
  const counts: Record<Outcome, number> = { accepted: 0, refused: 0 };
  fc.assert(fc.property(target.props, (props) => { counts[checkOutcome(target, props)]++; }), options);
  return counts;
}
