/**
 * How many generated inputs the property-based tests run, and from which seed: FUZZ_RUNS inputs per property (scaled
 * by its weight, at least 20) when set; otherwise the run's default, the jest global FUZZ_RUNS_DEFAULT — few in
 * `npm test` (jest.config.js), 300 in `npm run test:slow` (jest.slow.config.js), which CI runs too. `npm run fuzz`
 * sets FUZZ_RUNS=5000. The seed is fixed (FUZZ_SEED to explore other inputs), so a failure reproduces.
 */
const configured = (globalThis as { FUZZ_RUNS_DEFAULT?: unknown }).FUZZ_RUNS_DEFAULT;

/** Inputs per property of weight 1. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS || (typeof configured === 'number' ? configured : 300));
/** Whether this run has the full number of inputs (300, as test:slow) or more, enough to judge how often each outcome comes up. */
export const FULL_RUNS = FUZZ_RUNS >= 300;
/** The seed of every property. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED || 20260401);

/** Inputs for a property of this weight (share of FUZZ_RUNS): never fewer than 20. */
export function fuzzRuns(weight = 1): number {
  return Math.max(20, Math.round(FUZZ_RUNS * weight));
}
