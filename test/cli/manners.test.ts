// The command line's manners: --version, help <command>, "did you mean" for misspelt commands and options (never
// node's raw "Unknown option"), usage lines that name every option, exit codes in the help.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { USAGE } from '../../lib/cli/cdk8s-ossm';
import { runCli } from '../support/cli';

const COMMANDS = ['analyze', 'explain', 'migrate', 'apply'];
const VERSION = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

test('--version and -V print the package version, exit 0', () => {
  expect(runCli('--version')).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  expect(runCli('-V').stdout).toBe(`${VERSION}\n`);
});

test('help alone is the overall help; help <command> is that command\'s --help', () => {
  expect(runCli('help')).toEqual({ code: 0, stdout: USAGE, stderr: '' });
  for (const command of COMMANDS) {
    const viaHelp = runCli('help', command);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toMatch(new RegExp(`^Usage: cdk8s-ossm ${command} `));
    expect(viaHelp).toEqual(runCli(command, '--help'));
  }
  const bad = runCli('help', 'analyse');
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/^cdk8s-ossm: unknown command "analyse"; allowed: analyze, explain, migrate, apply, help; did you mean analyze\?\n/);
});

test('a misspelt command: exit 2, the commands there are and the nearest one; no suggestion when none is near', () => {
  const r = runCli('migrat', 'x.yaml');
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^cdk8s-ossm: unknown command "migrat"; allowed: .*; did you mean migrate\?\n\nUsage:/);
  expect(runCli('frobnicate').stderr).toMatch(/^cdk8s-ossm: unknown command "frobnicate"; allowed: analyze, explain, migrate, apply, help\n/);
  expect(runCli('--verison').stderr).toMatch(/^cdk8s-ossm: unknown option --verison; allowed before a command: --help, --version; did you mean --version\?/);
});

test.each([
  ['analyze', ['x.yaml', '--fromat', 'json'], '--fromat', '--format'],
  ['explain', ['x.yaml', '--hots', 'travels'], '--hots', '--host'],
  ['explain', ['x.yaml', '--host', 'a', '--from-namepsace=x'], '--from-namepsace', '--from-namespace'],
  ['migrate', ['x.yaml', '--cni-namspace', 'cni'], '--cni-namspace', '--cni-namespace'],
  ['apply', ['dist', '--dryrun'], '--dryrun', '--dry-run'],
])('%s: a misspelt option %#: exit 2, "did you mean", the command\'s usage; no raw node message', (command, args, typo, meant) => {
  const r = runCli(command, ...args);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(`unknown option ${typo}; did you mean ${meant}?`);
  expect(r.stderr).toContain(`Usage: cdk8s-ossm ${command} `);
  expect(r.stderr).not.toMatch(/Unknown option '|ERR_PARSE_ARGS/);
});

test('an unknown short option is named, without node\'s message', () => {
  const r = runCli('analyze', 'x.yaml', '-z');
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^cdk8s-ossm: unknown option -z\n/);
});

test.each(COMMANDS)('%s: its usage line names every option its help lists', (command) => {
  const help = runCli(command, '--help').stdout;
  const usage = help.split('\n')[0];
  const listed = [...help.split('Options:')[1].matchAll(/^ {2}(?:-\w, )?\s*(--[a-z-]+)/gm)].map((m) => m[1]).filter((o) => o !== '--help');
  expect(listed.length).toBeGreaterThan(0);
  for (const option of listed) expect(usage).toContain(`[${option}`.replace('[--host', '--host'));
  // the overall usage has the same line
  expect(USAGE).toContain(`cdk8s-ossm ${command} ${usage.replace(`Usage: cdk8s-ossm ${command} `, '')}`);
});

test('exit codes are documented in the overall help and in every command\'s', () => {
  expect(USAGE).toMatch(/Exit status: 0 .*1 .*2 usage or input error/s);
  for (const command of COMMANDS) expect(runCli(command, '--help').stdout).toMatch(/Exit status: 0 .*1 .*2 usage or input error/s);
});
