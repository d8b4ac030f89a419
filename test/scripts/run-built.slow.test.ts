import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// scripts/run-built.cjs (npm run synth) compiles only when a source changed. It runs here on a small project of
// its own, whose `typescript` package is a stand-in that counts the compiles and hands over to the real compiler.

const LAUNCHER = resolve(__dirname, '..', '..', 'scripts', 'run-built.cjs');

describe('scripts/run-built.cjs', () => {
  let project: string;
  const write = (file: string, text: string) => {
    mkdirSync(join(project, file, '..'), { recursive: true });
    writeFileSync(join(project, file), text);
  };
  const compiles = () => (existsSync(join(project, 'compiles.log')) ? readFileSync(join(project, 'compiles.log'), 'utf8').split('\n').length - 1 : 0);
  const run = () => spawnSync(process.execPath, ['scripts/run-built.cjs', 'build/main.js', 'an-argument'], { cwd: project, encoding: 'utf8' });

  beforeEach(() => {
    project = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-run-built-'));
    mkdirSync(join(project, 'scripts'));
    copyFileSync(LAUNCHER, join(project, 'scripts', 'run-built.cjs'));
    write('package.json', '{ "name": "p", "version": "1.0.0", "private": true }\n');
    write('tsconfig.json', JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, outDir: 'build', rootDir: '.', types: [], incremental: true, tsBuildInfoFile: 'build/.tsbuildinfo' },
      include: ['main.ts', 'lib/**/*.ts'],
    }));
    write('lib/node.d.ts', 'declare const process: { argv: string[] };\n');
    write('main.ts', "import { message } from './lib/message';\nconsole.log(`${message} ${process.argv.slice(2).join(' ')}`);\n");
    write('lib/message.ts', "export const message: string = 'one';\n");
    write('node_modules/typescript/package.json', '{ "name": "typescript", "version": "0.0.0" }\n');
    write('node_modules/typescript/bin/tsc', `require('node:fs').appendFileSync(${JSON.stringify(join(project, 'compiles.log'))}, 'compiled\\n');\n`
      + `require(${JSON.stringify(require.resolve('typescript/bin/tsc'))});\n`);
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  test('compiles when nothing was compiled yet, then runs the program with its arguments', () => {
    const r = run();
    expect({ status: r.status, stdout: r.stdout, compiles: compiles() }).toEqual({ status: 0, stdout: 'one an-argument\n', compiles: 1 });
  });

  test('nothing changed: runs the program without compiling', () => {
    run();
    const r = run();
    expect({ status: r.status, stdout: r.stdout, compiles: compiles() }).toEqual({ status: 0, stdout: 'one an-argument\n', compiles: 1 });
  });

  test('a changed source, a new one, main.ts and tsconfig.json are each compiled before the program runs', () => {
    run();
    write('lib/message.ts', "export const message: string = 'two';\n");
    expect(run().stdout).toBe('two an-argument\n');
    write('lib/more/other.ts', "export const other: string = 'three';\n");
    write('main.ts', "import { other } from './lib/more/other';\nconsole.log(other);\n");
    expect(run().stdout).toBe('three\n');
    expect(compiles()).toBe(3);
    write('tsconfig.json', readFileSync(join(project, 'tsconfig.json'), 'utf8').replace('"strict":true', '"strict":false'));
    expect(run().stdout).toBe('three\n');
    expect(compiles()).toBe(4);
    expect(run().stdout).toBe('three\n');
    expect(compiles()).toBe(4);
  });

  test('a deleted source or a removed build is compiled again', () => {
    write('lib/unused.ts', 'export const unused = 1;\n');
    run();
    rmSync(join(project, 'lib', 'unused.ts'));
    run();
    expect(compiles()).toBe(2);
    rmSync(join(project, 'build'), { recursive: true });
    expect(run().stdout).toBe('one an-argument\n');
    expect(compiles()).toBe(3);
  });

  test('a compile error stops before the program, as tsc -b && node would, and is compiled again once fixed', () => {
    run();
    write('lib/message.ts', 'export const message: string = 2;\n');
    const failed = run();
    expect(failed.status).not.toBe(0);
    expect(failed.stdout).toContain("Type 'number' is not assignable to type 'string'");
    expect(failed.stdout).not.toContain('an-argument');
    expect(run().status).not.toBe(0); // compiled again: the failed compile recorded nothing
    write('lib/message.ts', "export const message: string = 'fixed';\n");
    expect(run().stdout).toBe('fixed an-argument\n');
  });
});
