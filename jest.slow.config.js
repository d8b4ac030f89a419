/**
 * `npm run test:slow`: the tests too slow for `npm test`'s loop, which CI (.ci/run) runs after it — the files named
 * `*.slow.test.ts` (the packed package in a project of its own, the SIGKILL sweeps of the atomic writer, the check that
 * imports/ are what `npm run import` generates, ...) and the property-based tests with their full number of inputs
 * (`npm test` runs them with few).
 * @type {import('jest').Config}
 */
const fast = require('./jest.config');

/** Files whose property-based tests take their number of inputs from test/fuzz/runs.ts: few in npm test, all here. */
const PROPERTY_TESTS = ['<rootDir>/test/fuzz/**/*.test.ts', '<rootDir>/test/synth/yaml-text.test.ts'];

module.exports = {
  ...fast,
  testMatch: ['**/*.slow.test.ts', ...PROPERTY_TESTS],
  testPathIgnorePatterns: ['/node_modules/'],
  globals: { ...fast.globals, FUZZ_RUNS_DEFAULT: 300 },
};
