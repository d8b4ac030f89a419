// Jest global setup, once per run before any test file:
// - the tests run the compiled library (build/lib, see jest.config.js): it is compiled first when a source changed
//   since the last compile (scripts/run-built.cjs's check; `npm test` has just run `tsc -b`), so that a test never
//   runs stale JavaScript and a compile error stops the run as it stops `npm test`;
// - every test worker gets its own temporary folder as TMPDIR (the workers inherit the environment), so that what
//   tests leave in os.tmpdir() — cdk8s `Testing.app()` makes a `cdk8s.outdir.*` folder for every app, whether it
//   synthesizes or not — is removed as a whole by global-teardown.js.
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { buildIfChanged } = require('../../scripts/run-built.cjs');

module.exports = async () => {
  const status = buildIfChanged(resolve(__dirname, '..', '..', 'build', 'lib', 'index.js'));
  if (status !== 0) throw new Error(`tsc -b failed (exit status ${status}): the tests run the compiled library, see the errors above`);
  const dir = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-jest-'));
  globalThis.cdk8sOssmTestTmpdir = { dir, previous: process.env.TMPDIR };
  process.env.TMPDIR = dir;
};
