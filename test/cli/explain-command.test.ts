// `cdk8s-ossm explain`: text and JSON output, exit statuses 0 (routed), 1 (no route), 2 (usage or input error).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { USAGE } from '../../lib/cli/cdk8s-ossm';
import { EXPLAIN_USAGE } from '../../lib/cli/explain-command';
import { CLI_SHIM, runCli, tempFolderPerTest } from '../support/cli';

const temp = tempFolderPerTest('ossm-explain-');
const run = runCli;

const MESH = `apiVersion: v1
kind: Service
metadata: {name: travels}
spec:
  selector: {app: travels}
  ports: [{name: http, port: 8000}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: travels-v1}
spec: {template: {metadata: {labels: {app: travels, version: v1}}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: travels-v2}
spec: {template: {metadata: {labels: {app: travels, version: v2}}}}
---
apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata: {name: travels}
spec:
  host: travels
  subsets:
  - {name: v1, labels: {version: v1}}
  - {name: v2, labels: {version: v2}}
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: travels}
spec:
  hosts: [travels]
  http:
  - match: [{headers: {portal: {exact: travels.uk}}}]
    route: [{destination: {host: travels, subset: v1}}]
  - match: [{headers: {portal: {exact: viaggi.it}}}]
    route: [{destination: {host: travels, subset: v2}}]
`;

function mesh(): string {
  const file = path.join(temp.path, 'mesh.yaml');
  fs.writeFileSync(file, MESH);
  return file;
}

const args = (...more: string[]) => ['explain', mesh(), '-n', 'travel-agency', '--host', 'travels.travel-agency', '--from-namespace', 'travel-portal', ...more];

test('text: the verdict first, each rule tried, the destination and its workloads; exit 0', () => {
  const r = run(...args('-H', 'portal=viaggi.it'));
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('');
  expect(r.stdout.split('\n').slice(0, 8)).toEqual([
    'ROUTE: http[1] of VirtualService travel-agency/travels',
    'request: GET http://travels.travel-agency/ to travels.travel-agency.svc.cluster.local port 8000 (http) from namespace travel-portal, headers portal=viaggi.it',
    'host: Service travel-agency/travels, port 8000 "http", protocol http',
    'VirtualService travel-agency/travels, http rules:',
    '  http[0] not matched: header portal is "viaggi.it", not exactly "travels.uk"',
    '  http[1] matched',
    'destinations:',
    '  100% travels.travel-agency.svc.cluster.local subset v2 (version=v2) port 8000',
  ]);
  expect(r.stdout).toContain('Service/travel-agency/travels, workloads: travel-agency/travels-v2\n');
  expect(r.stdout.endsWith('\n')).toBe(true);
});

test('json: the documented shape, parseable, with matchedRule and destinations', () => {
  const r = run(...args('--header', 'portal=travels.uk', '--format', 'json'));
  expect(r.code).toBe(0);
  const e = JSON.parse(r.stdout);
  expect(e).toMatchObject({ routed: true, outcome: 'route', matchedRule: 0 });
  expect(e.destinations).toEqual([expect.objectContaining({ host: 'travels.travel-agency.svc.cluster.local', subset: 'v1', weight: 100, workloads: ['travel-agency/travels-v1'] })]);
});

test('no route: exit 1, the reason first', () => {
  const r = run(...args());
  expect(r.code).toBe(1);
  expect(r.stdout.split('\n')[0]).toBe('NO ROUTE: VirtualService travel-agency/travels has no rule that matches this request: Envoy answers 404 (no route, response flag NR)');
  const json = run(...args('-f', 'json'));
  expect(json.code).toBe(1);
  expect(JSON.parse(json.stdout)).toMatchObject({ routed: false, matchedRule: null, destinations: [] });
});

test.each([
  [['explain', '--host', 'travels'], 'needs at least one file or folder'],
  [['explain', '.'], '--host is required'],
  [['explain', '.', '--host', 'travels', '--port', 'http'], '--port "http" is not valid; allowed: a whole number from 1 to 65535'],
  [['explain', '.', '--host', 'travels', '--port', '70000'], 'port 70000 is not valid. Allowed: a whole number from 1 to 65535.'],
  [['explain', '.', '--host', 'travels', '-H', 'portal'], '--header "portal" is not valid; allowed: NAME=VALUE'],
  [['explain', '.', '--host', 'travels', '--source-label', '=x'], '--source-label "=x" is not valid; allowed: NAME=VALUE'],
  [['explain', '.', '--host', 'travels:8000'], 'host "travels:8000" is not valid.'],
  [['explain', '.', '--host', 'travels', '--format', 'yaml'], '--format "yaml" is not allowed; allowed: text, json'],
  [['explain', '.', '--host', 'travels', '--namespace', 'Bad'], '--namespace "Bad" is not a valid namespace name'],
  [['explain', '.', '--host', 'travels', '--bogus'], 'unknown option --bogus'],
])('usage error %j: exit 2 and the help', (argv, message) => {
  const r = run(...argv);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain(message);
  expect(r.stderr.endsWith(EXPLAIN_USAGE)).toBe(true);
});

test('a missing file: exit 2 naming it', () => {
  const missing = path.join(temp.path, 'nope.yaml');
  const r = run('explain', missing, '--host', 'travels');
  expect(r).toEqual({ code: 2, stdout: '', stderr: expect.stringContaining(`${missing}: cannot read`) });
});

test('--help prints the explain help; the main help names explain', () => {
  expect(run('explain', '--help')).toEqual({ code: 0, stdout: EXPLAIN_USAGE, stderr: '' });
  expect(USAGE).toContain('cdk8s-ossm explain <file, folder or ->... --host HOST');
});

test('the installed bin runs explain and sets the exit status', () => {
  const bin = CLI_SHIM;
  const r = spawnSync(process.execPath, [bin, ...args('-H', 'portal=travels.uk')], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(r.stdout.split('\n')[0]).toBe('ROUTE: http[0] of VirtualService travel-agency/travels');
  const none = spawnSync(process.execPath, [bin, ...args()], { encoding: 'utf8' });
  expect(none.status).toBe(1);
});

test('explain reads its inputs as analyze does: "-" for standard input, exit 2 when no Kubernetes object is found', () => {
  const bin = CLI_SHIM;
  const piped = spawnSync(process.execPath, [bin, 'explain', '-', '-n', 'travel-agency', '--host', 'travels.travel-agency', '-H', 'portal=travels.uk'],
    { encoding: 'utf8', input: MESH });
  expect(piped.status).toBe(0);
  expect(piped.stdout.split('\n')[0]).toBe('ROUTE: http[0] of VirtualService travel-agency/travels');
  const empty = path.join(temp.path, 'empty');
  fs.mkdirSync(empty);
  expect(run('explain', empty, '--host', 'travels')).toEqual({
    code: 2, stdout: '', stderr: expect.stringMatching(/^cdk8s-ossm: no Kubernetes object found in .*empty/),
  });
});
