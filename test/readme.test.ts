/**
 * README.md and docs/*.md as one reference: every internal link resolves to a heading, the switches table lists
 * every environment variable the code reads (and nothing it does not), and every construct or function the README
 * shows is exported from the package root.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as root from '../lib';
import { runCli } from './support/cli';

const REPO = path.join(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(REPO, file), 'utf8');
const DOCS = ['README.md', ...fs.readdirSync(path.join(REPO, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** The text of a Markdown file outside its fenced code blocks. */
function prose(text: string): string {
  let fenced = false;
  return text.split('\n').filter((line) => {
    if (/^\s*```/.test(line)) { fenced = !fenced; return false; }
    return !fenced;
  }).join('\n');
}

/** The anchors GitHub gives a file's headings (github-slugger: lowercase, punctuation dropped, spaces to hyphens). */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading] of prose(text).matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\- _]/gu, '').replace(/ /g, '-');
    const n = seen.get(slug);
    result.add(n === undefined ? slug : `${slug}-${n}`);
    seen.set(slug, (n ?? -1) + 1);
  }
  return result;
}

test.each(DOCS)('every internal link of %s resolves to a heading', (file) => {
  const text = read(file);
  const broken: string[] = [];
  for (const [, target, anchor] of prose(text).matchAll(/\]\(([^)#\s]*)#([^)\s]+)\)/g)) {
    if (/^[a-z]+:/.test(target)) continue;   // an external address
    const linked = target ? path.join(path.dirname(file), target) : file;
    if (!fs.existsSync(path.join(REPO, linked))) { broken.push(`${target}#${anchor} (no such file)`); continue; }
    if (!anchors(read(linked)).has(anchor)) broken.push(`${target}#${anchor}`);
  }
  for (const [, target] of prose(text).matchAll(/\]\(([^)#\s:]+)\)/g)) {
    if (!fs.existsSync(path.join(REPO, path.dirname(file), target))) broken.push(`${target} (no such file)`);
  }
  expect(broken).toEqual([]);
});

test.each(DOCS)('every file of the repository %s names exists', (file) => {
  const named = new Set([...read(file).matchAll(/(?<![\w/.-])((?:lib|test|examples|scripts|bench)\/[\w./-]+\.(?:ts|mjs|cjs|js))\b/g)].map((m) => m[1]));
  expect([...named].filter((name) => !fs.existsSync(path.join(REPO, name)))).toEqual([]);
  expect(file !== 'README.md' || named.size > 10).toBe(true);
});

/** The variables a source file reads: `env.NAME`, `env['NAME']`, and the environment helpers' `(env, 'NAME'`. */
function variablesRead(dir: string): Set<string> {
  const found = new Set<string>();
  const walk = (p: string) => {
    const full = path.join(REPO, p);
    if (!fs.existsSync(full)) return;
    if (fs.statSync(full).isDirectory()) {
      for (const entry of fs.readdirSync(full)) if (entry !== 'node_modules' && entry !== 'dist') walk(path.join(p, entry));
      return;
    }
    if (!/\.(ts|js|mjs)$/.test(p)) return;
    const text = fs.readFileSync(full, 'utf8');
    for (const m of text.matchAll(/(?:process\.env|\benv)(?:\.([A-Z][A-Z0-9_]+)|\['([A-Z][A-Z0-9_]+)'\])/g)) found.add(m[1] ?? m[2]);
    for (const m of text.matchAll(/\(env, '([A-Z][A-Z0-9_]+)'/g)) found.add(m[1]);
  };
  walk(dir);
  return found;
}

// Names of the generated Istio values the migrate engine writes (istiod's environment in the `Istio` resource):
// read from an object, not from the process's environment.
const NOT_THE_PROCESS_ENVIRONMENT = new Set(['PILOT_ENABLE_PROTOCOL_SNIFFING_FOR_INBOUND', 'PILOT_ENABLE_PROTOCOL_SNIFFING_FOR_OUTBOUND']);

test('the switches section names every variable the code reads, and its table only those', () => {
  const readme = read('README.md');
  const section = readme.split('\n## Switches: environment variables\n')[1].split('\n## ')[0];
  const tableRows = section.split('\n').filter((l) => /^\| `[A-Z]/.test(l));
  const documented = new Set(tableRows.flatMap((row) => [...row.split('|')[1].matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1])));
  const read_ = new Set<string>();
  for (const dir of ['lib', 'main.ts', 'examples', 'bench', 'scripts', 'test/support', 'test/fuzz', 'jest.config.js', 'jest.slow.config.js', 'bin']) {
    for (const name of variablesRead(dir)) if (!NOT_THE_PROCESS_ENVIRONMENT.has(name)) read_.add(name);
  }
  const missing = [...read_].filter((name) => !section.includes(`\`${name}\``)).sort();
  expect(missing).toEqual([]);
  const notRead = [...documented].filter((name) => !read_.has(name)).sort();
  expect(notRead).toEqual([]);
});

test('every construct and function the README shows is exported from the package root', () => {
  const readme = read('README.md');
  // runtime exports, the types the API report lists, and the examples' own functions (they are named with their file)
  const api = read('api/cdk8s-ossm.api.md');
  const examples = ['examples/bookinfo/bookinfo.ts', 'examples/httpbin/httpbin.ts'].map(read).join('\n');
  const exported = (name: string) => name in root
    || new RegExp(`^export (?:declare )?(?:interface|type|enum|class|function|const) ${name}\\b`, 'm').test(api)
    || new RegExp(`^export (?:function|class|const) ${name}\\b`, 'm').test(examples);
  const fromElsewhere = new Set(['App', 'Chart', 'Construct', 'Duration', 'Testing', 'Stack']);   // cdk8s, constructs, AWS CDK
  const shown = new Set<string>();
  for (const m of readme.matchAll(/\bnew ([A-Z][A-Za-z0-9]+)\(/g)) shown.add(m[1]);
  for (const m of readme.matchAll(/`([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)\.(?:[a-z][A-Za-z0-9]*|[A-Z][A-Z0-9_]+)\b/g)) shown.add(m[1]);
  // functions called in inline code, not methods (`meshBase.addMembers()`) nor matchers (`prefix("/")`)
  for (const m of readme.matchAll(/`([a-z][A-Za-z0-9]+)\(/g)) if (!/^(add[A-Z]|prefix$|exact$|regex$)/.test(m[1])) shown.add(m[1]);
  // the capability table: the constructs named outside parentheses (inside are the kinds they write)
  const capabilities = readme.split('\n### The constructs, by capability\n')[1].split('\n\n')[1];
  for (const row of capabilities.split('\n').slice(2)) {
    let cell = row.split('|')[2] ?? '';
    while (/\([^()]*\)/.test(cell)) cell = cell.replace(/\([^()]*\)/g, '');
    for (const m of cell.matchAll(/`([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)`/g)) shown.add(m[1]);
  }
  const missing = [...shown].filter((name) => !exported(name) && !fromElsewhere.has(name)).sort();
  expect(missing).toEqual([]);
  expect(shown.size).toBeGreaterThan(40);
});

test('every option of every command is documented, and every option the docs give a command exists', () => {
  const docs = DOCS.map(read).join('\n');
  const options = new Map<string, Set<string>>();
  for (const command of ['analyze', 'explain', 'migrate', 'apply']) {
    const help = runCli(command, '--help');
    expect(help.code).toBe(0);
    options.set(command, new Set([...help.stdout.matchAll(/^ +(?:-[a-zA-Z], )?(--[a-z-]+)/gm)].map((m) => m[1])));
  }
  const undocumented = [...options].flatMap(([command, set]) => [...set].filter((o) => o !== '--help' && !docs.includes(o)).map((o) => `${command} ${o}`));
  expect(undocumented).toEqual([]);
  // a command line of the docs: cdk8s-ossm <command> …, up to the end of the line (or of a continued line)
  const unknown: string[] = [];
  let lines = 0;
  for (const [, command, rest] of docs.replace(/\\\n/g, ' ').matchAll(/cdk8s-ossm (analyze|explain|migrate|apply)\b([^\n`#|]*)/g)) {
    lines += 1;
    for (const [option] of rest.matchAll(/--[a-z][a-z-]*/g)) if (!options.get(command)!.has(option)) unknown.push(`${command} ${option}`);
  }
  expect(unknown).toEqual([]);
  expect(lines).toBeGreaterThan(15);
});
