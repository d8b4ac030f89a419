// Jest global teardown: removes the temporary folder global-setup.js made for the run and restores TMPDIR.
const { rmSync } = require('node:fs');

module.exports = async () => {
  const { dir, previous } = globalThis.cdk8sOssmTestTmpdir;
  rmSync(dir, { recursive: true, force: true });
  if (previous === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previous;
};
