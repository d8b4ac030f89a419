#!/usr/bin/env node
// The public API under review: runs API Extractor (api-extractor.json) on the compiled package root
// (build/lib/index.d.ts, so build first) and
//   - writes build/cdk8s-ossm.d.ts, the published type declarations: every export of lib/index.ts except those
//     tagged @internal;
//   - compares the API report with the committed api/cdk8s-ossm.api.md.
//
//   node scripts/api-report.mjs                 update api/cdk8s-ossm.api.md (npm run api)
//   node scripts/api-report.mjs --check         exit 1 when the committed report is stale (npm test, prepack); a check
//                                               whose inputs (the compiled declarations, the committed report, the
//                                               configuration and the installed packages) are byte for byte those of
//                                               the last passed check is not run again (build/api/.checked)
//   node scripts/api-report.mjs --declarations  only write build/cdk8s-ossm.d.ts, whatever the report says (for code
//                                               that imports the package by its own name, such as examples/bookinfo)
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import apiExtractor from '@microsoft/api-extractor';

const { Extractor, ExtractorConfig } = apiExtractor;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPORT = 'api/cdk8s-ossm.api.md';
const FRESH_REPORT = 'build/api/cdk8s-ossm.api.md'; // reportTempFolder in api-extractor.json
const args = process.argv.slice(2);
if (args.length > 1 || args.some((a) => a !== '--check' && a !== '--declarations')) {
  console.error(`unknown argument ${args.join(' ')}; usage: node scripts/api-report.mjs [--check | --declarations]`);
  process.exit(2);
}
const check = args.includes('--check');
const declarationsOnly = args.includes('--declarations');

/** A hash of everything API Extractor reads for the check and of the declarations it wrote; undefined without them. */
function checkInputs() {
  const files = ['api-extractor.json', 'tsconfig.json', 'tsdoc.json', 'package.json', 'node_modules/.package-lock.json', REPORT, 'build/cdk8s-ossm.d.ts'];
  const walk = (dir) => readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(`${dir}/${e.name}`)
    : e.name.endsWith('.d.ts') ? [`${dir}/${e.name}`] : []));
  if (!files.every((f) => existsSync(join(root, f))) || !existsSync(join(root, 'build/lib'))) return undefined;
  const hash = createHash('sha256');
  for (const file of [...files, ...walk('build/lib'), ...(existsSync(join(root, 'build/imports')) ? walk('build/imports') : [])].sort()) {
    hash.update(`${relative(root, join(root, file))}\0`).update(readFileSync(join(root, file))).update('\0');
  }
  return hash.digest('hex');
}
const CHECKED = join(root, 'build/api/.checked');
if (check) {
  const inputs = checkInputs();
  if (inputs !== undefined && existsSync(CHECKED) && readFileSync(CHECKED, 'utf8') === inputs) {
    console.error(`${REPORT} is current (nothing it is made from changed since the last check).`);
    process.exit(0);
  }
}

const result = Extractor.invoke(ExtractorConfig.loadFileAndPrepare(join(root, 'api-extractor.json')), {
  localBuild: !check && !declarationsOnly,
  messageCallback: (message) => {
    // Replaced by the messages below, which say what to run.
    if (message.messageId === 'console-api-report-not-copied' || message.messageId === 'console-api-report-copied') message.handled = true;
    // Progress lines ("Using configuration from ...", "Analysis will use ...") are noise in a test run.
    if (message.logLevel === 'info' || message.logLevel === 'verbose') message.handled = true;
  },
});

if (declarationsOnly) {
  if (result.errorCount > 0) {
    console.error(`API Extractor found ${result.errorCount} error(s) in the package's types (see above).`);
    process.exitCode = 1;
  }
} else if (check && result.apiReportChanged) {
  console.error(`The public API (what lib/index.ts exports) no longer matches ${REPORT}.\n`
    + `  See the change:  git diff --no-index ${REPORT} ${FRESH_REPORT}\n`
    + `  If it is intended, run \`npm run api\` and commit ${REPORT} with it, so that reviewers see it.`);
  process.exitCode = 1;
} else if (!result.succeeded) {
  console.error(`API Extractor found ${result.errorCount} error(s) in the package's types (see above).`);
  process.exitCode = 1;
} else if (result.apiReportChanged) {
  console.log(`${REPORT} updated: commit it with the change of the public API.`);
} else {
  console.error(`${REPORT} is current.`); // on stderr: `npm pack --json` runs this as prepack and owns stdout
  if (check) {
    const inputs = checkInputs();
    if (inputs !== undefined) writeFileSync(CHECKED, inputs);
  }
}
