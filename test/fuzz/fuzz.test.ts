/**
 * Property-based tests over every exported chart and construct (targets.ts): each generated input is either
 * refused with a ValidationError that names the construct path, the value and what is allowed, or synthesizes
 * objects that pass the CRD schemas, the Kubernetes rules and Pod Security "restricted" (check.ts).
 *
 * FUZZ_RUNS inputs per target with a fixed seed, so a failure reproduces (test/fuzz/runs.ts: few in `npm test`, 300 in
 * `npm run test:slow`, 5,000 in `npm run fuzz`). Set FUZZ_SEED to explore other inputs.
 */
import { fuzz } from './check';
import { FULL_RUNS, FUZZ_RUNS as RUNS, FUZZ_SEED as SEED, fuzzRuns } from './runs';
import { TARGETS } from './targets';

describe(`property-based: ${RUNS} inputs per target, seed ${SEED}`, () => {
  test.each(TARGETS.map((t) => [t.name, t] as const))('%s', (_, target) => {
    const numRuns = fuzzRuns(target.weight);
    const counts = fuzz(target, { numRuns, seed: SEED });
    // Both outcomes must be common, or the generators test only one side: a share that is judged on the full number of
    // inputs (npm run test:slow, npm run fuzz); npm test's few are too few to tell a rare outcome from bad luck.
    if (FULL_RUNS) expect({ target: target.name, acceptedEnough: counts.accepted >= numRuns * 0.05, refusedEnough: counts.refused >= numRuns * 0.05 })
      .toEqual({ target: target.name, acceptedEnough: true, refusedEnough: true });
  });
});
