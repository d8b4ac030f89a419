// Issue 23: a marker secret pushed through every input that can hold a credential never appears in any output
// (error messages, stdout, stderr, reports, the explanation in text and JSON).
import { spawnSync } from 'node:child_process';
import { App } from 'cdk8s';
import { gitOpsSourceFromEnv, MeshDeployment, TravelsAppsChart } from '../../lib';
import { formatValue, hasUrlCredentials, invalidInput, redactSourceLine, redactUrlCredentials } from '../../lib/core/validation';
import { CLI_SHIM, runCli, tempFolderPerTest } from '../support/cli';
import { Chart } from 'cdk8s';
import { meshApp } from '../support/control-planes';

const MARKER = 'S3cr3tMARKERz';
const temp = tempFolderPerTest('ossm-secrets-');

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('GITOPS_REPO_URL: credentials are checked first, so no malformed URL echoes them', () => {
  test.each([
    `https://user:${MARKER}@`, // no host
    `https://user:${MARKER}@git.example.com:99999/org/repo.git`, // port over 65535
    `https://user:${MARKER}@git.example.com/org/my repo.git`, // a space
    `ftp://user:${MARKER}@git.example.com/org/repo.git`, // another scheme
    `https://user:${MARKER}@git.example.com/${'x'.repeat(2100)}.git`, // too long
    `https://${MARKER}@git.example.com/org/repo.git`, // a token as the user
    `https://git.example.com/org/repo.git?access_token=${MARKER}`,
    `https://git.example.com:99999/org/repo.git?access_token=${MARKER}`,
    `https://git.example.com/org/repo.git#${MARKER}`,
    `user:${MARKER}@git.example.com/org/repo.git`,
    `ssh://git:${MARKER}@git.example.com:70000/org/repo.git`,
  ])('%s', (url) => {
    const message = messageOf(() => gitOpsSourceFromEnv({ GITOPS_REPO_URL: url }, 'dist'));
    expect(message).toMatch(/^GITOPS_REPO_URL=/);
    expect(message).not.toContain(MARKER);
  });

  test('the same through npm run synth\'s entry (stderr and stdout)', () => {
    const result = spawnSync(process.execPath, ['-e', `
      const { gitOpsSourceFromEnv } = require('./build/lib');
      try { gitOpsSourceFromEnv(process.env, 'dist'); } catch (e) { console.error(e.message); console.log(String(e.stack)); }`], {
      cwd: `${__dirname}/../..`, encoding: 'utf8', env: { ...process.env, GITOPS_REPO_URL: `https://u:${MARKER}@h:99999/x` },
    });
    expect(result.stderr).toContain('GITOPS_REPO_URL="***" is not valid');
    expect(result.stdout + result.stderr).not.toContain(MARKER);
  });

  test('well-formed URLs without credentials still pass; ssh users are no credential', () => {
    for (const url of ['https://github.com/org/repo.git', 'ssh://git@github.com/org/repo.git', 'git@github.com:org/repo.git']) {
      expect(gitOpsSourceFromEnv({ GITOPS_REPO_URL: url }, 'dist')?.repoUrl).toBe(url);
    }
  });
});

describe('construct inputs', () => {
  test('mysql given as a string (a JavaScript caller\'s password) is ***', () => {
    const message = messageOf(() => new TravelsAppsChart(meshApp(), 'apps', { mysql: MARKER as never }));
    expect(message).toBe('apps/TravelAgency: mysql *** is not valid. Allowed: an object.');
  });

  test('an env value named like a secret, a header named like one, a URL with credentials anywhere', () => {
    const chart = new Chart(meshApp(), 'c');
    const env = messageOf(() => new MeshDeployment(chart, 'd', { namespace: 'ns', app: 'a', version: 'v1', image: 'i', env: { DB_PASSWORD: { bogus: MARKER } as never } }));
    expect(env).not.toContain(MARKER);
    expect(invalidInput('x', 'headers authorization', `Bearer ${MARKER}`, 'Allowed: a string.').message).toBe('x: headers authorization *** is not valid. Allowed: a string.');
    expect(invalidInput('x', 'rules[0] header cookie', MARKER, '.').message).not.toContain(MARKER);
    expect(invalidInput('x', 'host', `https://u:${MARKER}@h/x`, '.').message).toBe('x: host "https://***@h/x" is not valid. .');
    expect(formatValue({ url: `postgres://u:${MARKER}@db/x`, set_cookie: MARKER, 'x-api-key': MARKER })).not.toContain(MARKER);
  });

  test('the redaction helpers', () => {
    expect(hasUrlCredentials('https://h/x')).toBe(false);
    expect(hasUrlCredentials(`u:${MARKER}@h`)).toBe(true);
    expect(redactUrlCredentials('see https://a:b@h/x')).toBe('see https://***@h/x');
    expect(redactUrlCredentials('https://a:p/w@rd@h/x and http://c@d/')).toBe('https://***@d/'); // to the last @ of the line: the safe side
    expect(redactSourceLine(`  password: ${MARKER}`)).toBe('  password: ***');
    expect(redactSourceLine(`  - "Authorization": Bearer ${MARKER}`)).toBe('  - "Authorization": ***');
    expect(redactSourceLine(`  url: https://u:${MARKER}@h`)).toBe('  url: ***');
    expect(redactSourceLine(`  anything: ${MARKER}`, true)).toBe('  anything: ***');
    expect(redactSourceLine('  kind: Secret', true)).toBe('  kind: Secret');
    expect(redactSourceLine('  replicas: 3')).toBe('  replicas: 3');
    expect(redactSourceLine(`    ${MARKER}`, true)).toBe('    ***');
    expect(redactSourceLine('            ^', true)).toBe('            ^');
  });
});

describe('the command line: YAML error frames, explain\'s headers', () => {
  const broken: Array<[string, string]> = [
    ['a key named like a secret', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  db_password: ${MARKER}: b\n`],
    ['a URL with credentials', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  url: "https://u:${MARKER}@h/x\n`],
    ['a duplicated secret key', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  token: ${MARKER}\n  token: ${MARKER}\n`],
    ['any value of a Secret', `apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\nstringData:\n  root: ${MARKER}: b\n`],
    ['a Secret\'s value on a later line', `apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\nstringData:\n  root: |\n    ${MARKER}\n  a: [\n`],
    ['CRLF', `apiVersion: v1\r\nkind: Secret\r\nmetadata:\r\n  name: x\r\nstringData:\r\n  root: ${MARKER}\r\n  root: ${MARKER}\r\n`],
  ];
  test.each(broken)('%s: analyze, explain and migrate name the place and the key, never the value', (_, text) => {
    const file = temp.write('broken.yaml', text);
    for (const argv of [['analyze', file], ['analyze', '--format', 'json', file], ['explain', file, '--host', 'x'], ['migrate', file]]) {
      const result = runCli(...argv);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/YAML parse error: .* at line \d+, column \d+/);
      expect(result.stdout + result.stderr).not.toContain(MARKER);
    }
  });

  test('through the installed command too (stdin, stdout and stderr of the process)', () => {
    const result = spawnSync(process.execPath, [CLI_SHIM, 'analyze', '-'], { input: broken[0][1], encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('db_password: ***');
    expect(result.stdout + result.stderr).not.toContain(MARKER);
  });

  const MESH = `apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec: {selector: {app: api}, ports: [{name: http, port: 8000}]}
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: api, namespace: shop}
spec:
  hosts: [api]
  http:
  - match: [{headers: {authorization: {exact: "Bearer ${MARKER}-admin"}}}]
    route: [{destination: {host: api}}]
  - match: [{headers: {cookie: {prefix: "${MARKER}"}}}]
    route: [{destination: {host: api}}]
  - match: [{headers: {x-api-key: {exact: [${MARKER}]}}}]
    route: [{destination: {host: api}}]
  - match: [{withoutHeaders: {proxy-authorization: {regex: "${MARKER}.*"}}}]
    route: [{destination: {host: api}}]
`;
  test('explain: the values of authorization, cookie and other credential headers are *** in text and JSON; so are the rule\'s', () => {
    const file = temp.write('mesh.yaml', MESH);
    const headers = ['-H', `authorization=Bearer ${MARKER}`, '-H', `cookie=session=${MARKER}`, '-H', `x-api-key=${MARKER}`, '-H', `proxy-authorization=${MARKER}x`];
    for (const format of ['text', 'json']) {
      const result = runCli('explain', file, '--host', 'api.shop', '--from-namespace', 'shop', '--format', format, ...headers);
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('***');
      expect(result.stdout).not.toContain(MARKER);
    }
    const curlStyle = runCli('explain', file, '--host', 'api.shop', '-H', `authorization: Bearer ${MARKER}`);
    expect(curlStyle.code).toBe(2);
    expect(curlStyle.stderr).toContain('--header "authorization: ***" is not valid');
    expect(curlStyle.stderr).not.toContain(MARKER);
  });

  test('analyze: findings about credential headers do not show their values', () => {
    const result = runCli('analyze', temp.write('mesh.yaml', MESH));
    expect(result.stdout).toContain('OSSM115');
    expect(result.stdout + result.stderr).not.toContain(MARKER);
  });
});

describe('property: a generated secret never survives the redaction path', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fc = require('fast-check') as typeof import('fast-check');
  const secret = fc.stringMatching(/^[A-Za-z0-9+/=_.~-]{8,40}$/).filter((s) => /[A-Za-z]/.test(s) && /\d/.test(s));
  const secretKey = fc.constantFrom('password', 'DB_PASSWORD', 'rootPassword', 'clientSecret', 'api_token', 'authorization', 'Cookie',
    'proxy-authorization', 'x-api-key', 'x-auth-token', 'credentials', 'privateKey', 'set-cookie');
  test('invalidInput, formatValue, URL redaction and YAML source lines', () => {
    fc.assert(fc.property(secret, secretKey, fc.constantFrom('https', 'http', 'ssh', 'ftp', 'git'), (s, key, scheme) => {
      const shown = [
        invalidInput('x', `headers ${key}`, s, 'Allowed: a string.').message,
        invalidInput('x', `env.${key}`, { value: s }, 'Allowed: a string.').message,
        invalidInput('x', 'url', `${scheme}://user:${s}@host:99999/a b`, 'Allowed: a URL.').message,
        formatValue({ [key]: s, nested: { [key]: s }, list: [{ name: key, value: s }] }),
        formatValue(`${scheme}://${s}@host/x`),
        redactSourceLine(`  ${key}: ${s}`),
        redactSourceLine(`  - "${key}": '${s}'`),
        redactSourceLine(`  url: ${scheme}://u:${s}@h`),
        redactSourceLine(`  data: ${s}`, true),
        messageOf(() => gitOpsSourceFromEnv({ GITOPS_REPO_URL: `${scheme}://u:${s}@h:99999/x y` }, 'dist')),
      ];
      for (const text of shown) expect(text).not.toContain(s);
    }), { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed: 20261208 });
  });
});
