/**
 * `npm test`'s tests: everything but the slow ones. Slow test files are named `*.slow.test.ts` and run with
 * jest.slow.config.js (`npm run test:slow`), which CI runs after `npm test`; the property-based tests (test/fuzz and
 * yaml-text's) run in both, with few inputs here and their full number there.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.slow\\.test\\.ts$'],
  // Generated inputs per property of test/fuzz (test/fuzz/runs.ts) when FUZZ_RUNS is not set.
  globals: { FUZZ_RUNS_DEFAULT: 30 },
  // Both cores: jest's default on a 2-core machine is one worker, which runs every file in one process.
  maxWorkers: '100%',
  // A temporary folder per run, removed at the end: nothing is left in the system's temporary folder. The setup also
  // compiles the library when a source changed (the tests run build/lib, below).
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  // The tests import the library as compiled by `tsc -b` (build/lib, which npm test builds first and the global setup
  // keeps current), not its sources: one compile of lib/ and the generated imports/ (several MB), where ts-jest would
  // transpile them again in every worker. ts-jest only transpiles the test files and examples, each on its own; type
  // checking is tsc's.
  // examples/ import the package by its own name, as a user's code does (tsc type-checks the examples against the
  // published declarations: npm test runs `tsc -p examples/bookinfo`).
  moduleNameMapper: {
    '^cdk8s-ossm$': '<rootDir>/build/lib/index.js',
    '^(?:\\.\\./)+lib(/.*)?$': '<rootDir>/build/lib$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', {
      diagnostics: false,
      tsconfig: { isolatedModules: true, target: 'ES2022', module: 'commonjs', esModuleInterop: true, strict: true },
    }],
  },
  testTimeout: 120000,
  // Secret values never reach a snapshot file
  snapshotSerializers: ['<rootDir>/test/support/redact-secrets.ts'],
};
