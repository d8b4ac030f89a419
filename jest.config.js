/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Type checking is done once by `tsc` (npm test builds first); ts-jest only transpiles each file on its own.
  transform: {
    '^.+\\.ts$': ['ts-jest', {
      diagnostics: false,
      tsconfig: { isolatedModules: true, target: 'ES2022', module: 'commonjs', esModuleInterop: true, strict: true },
    }],
  },
  testTimeout: 120000,
};
