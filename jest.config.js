/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // A temporary folder per run, removed at the end: nothing is left in the system's temporary folder.
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  // Type checking is done once by `tsc` (npm test builds first); ts-jest only transpiles each file on its own.
  transform: {
    '^.+\\.ts$': ['ts-jest', {
      diagnostics: false,
      tsconfig: { isolatedModules: true, target: 'ES2022', module: 'commonjs', esModuleInterop: true, strict: true },
    }],
  },
  testTimeout: 120000,
  // examples/ import the package by its own name, as a user's code does; in the tests that name is the library's source
  // (tsc type-checks the examples against the published declarations: npm test runs `tsc -p examples/bookinfo`)
  moduleNameMapper: { '^cdk8s-ossm$': '<rootDir>/lib/index.ts' },
  // Secret values never reach a snapshot file
  snapshotSerializers: ['<rootDir>/test/support/redact-secrets.ts'],
};
