// Jest global setup: every test worker gets its own temporary folder as TMPDIR (the workers inherit the environment),
// so that what tests leave in os.tmpdir() — cdk8s `Testing.app()` makes a `cdk8s.outdir.*` folder for every app,
// whether it synthesizes or not — is removed as a whole by global-teardown.js.
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-jest-'));
  globalThis.cdk8sOssmTestTmpdir = { dir, previous: process.env.TMPDIR };
  process.env.TMPDIR = dir;
};
