#!/usr/bin/env node
'use strict';
// Thin shim: the CLI is compiled from lib/cli/cdk8s-ossm.ts (run `npm run build` first).
const { main } = require('../build/lib/cli/cdk8s-ossm.js');
process.exitCode = main(process.argv.slice(2));
