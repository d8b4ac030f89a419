/**
 * Property-based tests over every exported chart and construct (targets.ts): each generated input is either
 * refused with a ValidationError that names the construct path, the value and what is allowed, or synthesizes
 * objects that pass the CRD schemas, the Kubernetes rules and Pod Security "restricted" (check.ts).
 *
 * `npm test` runs FUZZ_RUNS (default 300) inputs per target with a fixed seed, so a failure reproduces;
 * `npm run fuzz` runs 5,000 per target. Set FUZZ_SEED to explore other inputs.
 */
import { fuzz } from './check';
import { TARGETS } from './targets';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20260401);

describe(`property-based: ${RUNS} inputs per target, seed ${SEED}`, () => {
  test.each(TARGETS.map((t) => [t.name, t] as const))('%s', (_, target) => {
    const numRuns = Math.max(20, Math.round(RUNS * (target.weight ?? 1)));
    const counts = fuzz(target, { numRuns, seed: SEED });
    // both outcomes must be common, or the generators test only one side
    expect({ target: target.name, acceptedEnough: counts.accepted >= numRuns * 0.05, refusedEnough: counts.refused >= numRuns * 0.05 })
      .toEqual({ target: target.name, acceptedEnough: true, refusedEnough: true });
  });
});
