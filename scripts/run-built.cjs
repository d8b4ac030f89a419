#!/usr/bin/env node
// Runs a compiled program of this project, compiling first when a source changed: what `tsc -b && node <program>`
// does, without starting the TypeScript compiler when nothing changed (its own up-to-date check alone costs more
// than the workshop's synth).
//
//   node scripts/run-built.cjs build/main.js [args...]      (npm run synth)
//
// Required as a module it runs nothing and exports `buildIfChanged` (the tests' global setup uses it, so that jest,
// which runs the compiled build/lib, never tests stale JavaScript).
//
// Whether to compile is decided by a fingerprint of every input of the build: the path, size and modification time
// of each file under the folders that tsconfig.json's "include" names (any file, not only .ts), of tsconfig.json,
// package.json and the installed packages' lock (node_modules/.package-lock.json). The fingerprint of the last
// successful `tsc -b` is kept in build/.inputs-fingerprint; when the current one differs, or the program or the
// fingerprint is missing, `tsc -b` runs (and decides itself what to recompile). A failed compile stops here with its
// exit status, as `tsc -b && ...` would. The program then runs in this process.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const BUILD = path.join(ROOT, 'build');
const FINGERPRINT_FILE = path.join(BUILD, '.inputs-fingerprint');
/** Files outside the "include" folders that change what `tsc -b` produces. */
const CONFIG_FILES = ['tsconfig.json', 'package.json', 'node_modules/.package-lock.json'];

/** Folders that are never inputs of the build, wherever a pattern starts. */
const NOT_INPUTS = new Set(['node_modules', 'build', 'dist', '.git']);

/** The folders and files tsconfig.json's "include" starts from: each pattern up to its first wildcard. */
function includeRoots() {
  const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'));
  if (!Array.isArray(tsconfig.include)) throw new Error('tsconfig.json has no "include" list');
  return tsconfig.include.map((pattern) => {
    const parts = String(pattern).split('/');
    const wildcard = parts.findIndex((part) => /[*?[{]/.test(part));
    return (wildcard < 0 ? parts : parts.slice(0, wildcard)).join('/') || '.';
  });
}

/** `path size mtime` of every file under each root (and of the root itself when it is a file), sorted. */
function fingerprint() {
  const lines = [];
  const add = (relative) => {
    let stat;
    try {
      stat = fs.statSync(path.join(ROOT, relative));
    } catch {
      lines.push(`${relative} missing`);
      return;
    }
    if (!stat.isDirectory()) {
      lines.push(`${relative} ${stat.size} ${stat.mtimeMs}`);
      return;
    }
    for (const entry of fs.readdirSync(path.join(ROOT, relative), { withFileTypes: true })) {
      if (NOT_INPUTS.has(entry.name)) continue;
      add(relative === '.' ? entry.name : `${relative}/${entry.name}`);
    }
  };
  for (const root of [...new Set(includeRoots())]) add(root);
  for (const file of CONFIG_FILES) add(file);
  return lines.sort().join('\n');
}

function readText(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Compiles with `tsc -b` unless the inputs are those of the last successful compile; returns its exit status. */
function buildIfChanged(program) {
  const current = fingerprint();
  if (fs.existsSync(program) && readText(FINGERPRINT_FILE) === current) return 0;
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  const result = spawnSync(process.execPath, [tsc, '-b'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) return result.status ?? 1;
  // the inputs as they were before compiling: a file changed meanwhile makes the next run compile again
  fs.writeFileSync(FINGERPRINT_FILE, current);
  return 0;
}

function main() {
  const [programArg, ...args] = process.argv.slice(2);
  if (programArg === undefined) {
    console.error('usage: node scripts/run-built.cjs <compiled program, e.g. build/main.js> [args...]');
    process.exit(2);
  }
  const program = path.resolve(ROOT, programArg);
  const status = buildIfChanged(program);
  if (status !== 0) process.exit(status);
  process.argv = [process.argv[0], program, ...args];
  require(program);
}

if (require.main === module) main();

module.exports = { buildIfChanged };
