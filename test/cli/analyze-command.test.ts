import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { USAGE } from '../../lib/cli/cdk8s-ossm';
import { BAD_ROUTE, CLI_SHIM, runCli, tempFolderPerTest, WORKLOAD } from '../support/cli';

const temp = tempFolderPerTest('ossm-cli-');
const write = temp.write;
const run = runCli;

const UNINJECTED = `apiVersion: apps/v1
kind: Deployment
metadata: {name: cars-v1}
spec:
  template:
    metadata:
      labels: {app: cars, version: v1}
`;

test('exit 0 and a summary for a clean set', () => {
  const r = run('analyze', write('ok.yaml', WORKLOAD), '--namespace', 'travel-agency');
  expect(r).toEqual({ code: 0, stdout: '0 errors, 0 warnings, 0 suppressed in 2 objects\n', stderr: '' });
});

test('exit 0 with warnings only, one line per finding in the documented format, starting with file and line', () => {
  const file = write('warn.yaml', `# cars\n---\n${UNINJECTED}`);
  const r = run('analyze', file, '-n', 'travel-agency', '--platform', '2.6'); // OSSM 2.6: no pod label, no sidecar
  expect(r.code).toBe(0);
  expect(r.stdout.split('\n')).toEqual([
    `${file}:3: WARNING OSSM501 Deployment/travel-agency/cars-v1: the pod template has no sidecar.istio.io/inject label, so OSSM 2 injects no sidecar`
      + ' (fix: Add the label sidecar.istio.io/inject: "true" to spec.template.metadata.labels.)',
    '0 errors, 1 warning, 0 suppressed in 1 object',
    '',
  ]);
});

test('exit 1 when an error is found; --namespace places objects that have none', () => {
  write('a.yaml', WORKLOAD);
  write('b.yaml', BAD_ROUTE);
  const r = run('analyze', temp.path, '--namespace', 'travel-agency');
  expect(r.code).toBe(1);
  const lines = r.stdout.trimEnd().split('\n');
  expect(lines[0]).toMatch(/b\.yaml:1: ERROR OSSM101 VirtualService\/travel-agency\/travels: http\[0\]\.route\[0\] routes to subset "v9" of travels, .* \(fix: .+\)$/);
  expect(lines[lines.length - 1]).toBe('1 error, 0 warnings, 0 suppressed in 3 objects');
  expect(run('analyze', temp.path).stdout).toContain('VirtualService/default/travels');
});

test('--format json prints the AnalysisResult', () => {
  const r = run('analyze', write('b.yaml', BAD_ROUTE), '--format', 'json', '-n', 'travel-agency');
  expect(r.code).toBe(1);
  const result = JSON.parse(r.stdout);
  expect(result).toMatchObject({ errors: 1, warnings: 1, suppressed: 0, objects: 1 });
  expect(result.findings.map((f: { code: string }) => f.code)).toEqual(['OSSM101', 'OSSM102']);
  expect(result.findings[0]).toMatchObject({ severity: 'error', kind: 'VirtualService', namespace: 'travel-agency', name: 'travels' });
  expect(result.findings.map((f: { file: string; line: number }) => [f.file, f.line])).toEqual([[path.join(temp.path, 'b.yaml'), 1], [path.join(temp.path, 'b.yaml'), 1]]);
});

test('--platform chooses the rules of a set without control plane: OSSM 3 by default, 2.6 when asked or when the set holds OSSM 2 objects', () => {
  const file = write('p.yaml', UNINJECTED);
  const codes = (...args: string[]) => {
    const r = run('analyze', file, '-n', 'travel-agency', '--format', 'json', ...args);
    return (JSON.parse(r.stdout) as { findings: Array<{ code: string; message: string }> }).findings.map((f) => `${f.code} ${f.message}`);
  };
  expect(codes()).toEqual([]); // OSSM 3 injects by namespace label, and the namespace's labels are not in the set
  expect(codes('--platform', '3')).toEqual([]);
  expect(codes('-p', '2.6')).toEqual(['OSSM501 the pod template has no sidecar.istio.io/inject label, so OSSM 2 injects no sidecar']);
  const roll = write('roll.yaml', `${UNINJECTED}---\napiVersion: maistra.io/v1\nkind: ServiceMeshMemberRoll\nmetadata: {name: default, namespace: istio-system}\nspec: {members: [travel-agency]}\n`);
  const r = run('analyze', roll, '-n', 'travel-agency');
  expect(r.stdout).toContain('WARNING OSSM501 Deployment/travel-agency/cars-v1: the pod template has no sidecar.istio.io/inject label, so OSSM 2 injects no sidecar');
  // a v1 API object is served from Istio 1.22 on: fine on OSSM 3, refused on 2.6
  const v1 = write('v1.yaml', 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: cars}\nspec: {host: cars}\n');
  expect(run('analyze', v1, '-n', 'travel-agency').code).toBe(0);
  const old = run('analyze', v1, '-n', 'travel-agency', '--platform', '2.6');
  expect(old.stdout).toContain('OSSM601');
});

test('--platform refuses other values, naming the allowed ones', () => {
  const r = run('analyze', write('x.yaml', UNINJECTED), '--platform', '2.5');
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('--platform "2.5" is not allowed; allowed: 3, 2.6');
});

test('suppressed errors do not fail the run and are shown', () => {
  const suppressed = BAD_ROUTE.replace('metadata: {name: travels}',
    'metadata: {name: travels, annotations: {suppress.analysis.cdk8s-ossm.io/OSSM101: "subset added by the next step", suppress.analysis.cdk8s-ossm.io/OSSM102: "elsewhere"}}');
  const r = run('analyze', write('s.yaml', suppressed), '-n', 'travel-agency');
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('s.yaml:1: SUPPRESSED OSSM101 VirtualService/travel-agency/travels: http[0].route[0] routes to subset "v9"');
  expect(r.stdout).toContain('(reason: subset added by the next step)\n');
  expect(r.stdout).toContain('0 errors, 0 warnings, 2 suppressed in 1 object\n');
});

test('--help prints the usage and exits 0', () => {
  expect(run('--help')).toEqual({ code: 0, stdout: USAGE, stderr: '' });
  expect(run('analyze', '-h').code).toBe(0);
});

test.each([
  [[], /missing command/],
  [['lint', 'x.yaml'], /unknown command "lint"; allowed: analyze/],
  [['analyze'], /at least one file, folder or "-" is needed/],
  [['analyze', 'x.yaml', '--format', 'yaml'], /--format "yaml" is not allowed; allowed: text, json/],
  [['analyze', 'x.yaml', '--bogus'], /unknown option --bogus\n/],
  [['analyze', 'x.yaml', '--namespace'], /argument missing/],
  [['analyze', 'x.yaml', '--namespace', 'Bad_NS'], /not a valid namespace name/],
])('usage error %j exits 2 with the usage', (argv, message) => {
  const r = run(...argv);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(message);
  expect(r.stderr).toContain('Usage: cdk8s-ossm analyze');
});

test('unreadable or unparsable input exits 2 naming the file', () => {
  const missing = run('analyze', path.join(temp.path, 'missing.yaml'));
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/missing\.yaml: cannot read/);
  const broken = run('analyze', write('broken.yaml', 'kind: [\n'));
  expect(broken.code).toBe(2);
  expect(broken.stderr).toMatch(/broken\.yaml \(document 1\): YAML parse error/);
});

// npm test builds first, so the compiled CLI is there
test('the bin shim runs the built CLI and sets the exit status', () => {
  const bad = write('b.yaml', BAD_ROUTE);
  const failed = spawnSync(process.execPath, [CLI_SHIM, 'analyze', bad, '-n', 'travel-agency'], { encoding: 'utf8' });
  expect(failed.status).toBe(1);
  expect(failed.stdout).toContain('ERROR OSSM101 VirtualService/travel-agency/travels');
  const usage = spawnSync(process.execPath, [CLI_SHIM], { encoding: 'utf8' });
  expect(usage.status).toBe(2);
});
