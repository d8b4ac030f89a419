import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BAD_ROUTE, CLI_SHIM, runCli, tempFolderPerTest, WORKLOAD } from '../support/cli';

const temp = tempFolderPerTest('ossm-cli-');
const write = temp.write;
const run = runCli;

describe('inputs', () => {
  test('"-" reads standard input; findings name <stdin> and the line', () => {
    const r = spawnSync(process.execPath, [CLI_SHIM, 'analyze', '-', '-n', 'travel-agency'], { encoding: 'utf8', input: `${WORKLOAD}---\n${BAD_ROUTE}` });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^<stdin>:16: ERROR OSSM101 VirtualService\/travel-agency\/travels: /m);
    expect(r.stdout).toContain('1 error, 0 warnings, 0 suppressed in 3 objects\n');
    const json = spawnSync(process.execPath, [CLI_SHIM, 'analyze', '-', '-n', 'travel-agency', '-f', 'json'], { encoding: 'utf8', input: BAD_ROUTE });
    expect(JSON.parse(json.stdout).findings[0]).toMatchObject({ code: 'OSSM101', file: '<stdin>', line: 1 });
  });

  test('files and standard input together', () => {
    const r = spawnSync(process.execPath, [CLI_SHIM, 'analyze', write('w.yaml', WORKLOAD), '-', '-n', 'travel-agency'], { encoding: 'utf8', input: BAD_ROUTE });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^<stdin>:1: ERROR OSSM101 /m);
    expect(r.stdout).toContain('in 3 objects\n');
  });

  test.each([
    ['an empty folder', () => undefined],
    ['a folder without manifest files', () => write('notes.txt', WORKLOAD)],
    ['a folder of empty documents', () => write('empty.yaml', '# nothing yet\n---\n---\n')],
  ])('exit 2 when no Kubernetes object is found: %s', (_title, prepare) => {
    prepare();
    const r = run('analyze', temp.path);
    expect(r).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(new RegExp(`^cdk8s-ossm: no Kubernetes object found in ${temp.path} `)) });
  });

  test('a YAML file that is not a manifest is skipped with a warning in a folder, and is an error when named', () => {
    write('values.yaml', 'replicas: 3\n');
    const only = run('analyze', temp.path);
    expect(only.code).toBe(2);
    expect(only.stderr).toBe(`cdk8s-ossm: warning: ${path.join(temp.path, 'values.yaml')} (document 1): not a Kubernetes object (apiVersion and kind must be strings);`
      + ` the file holds no Kubernetes object, skipped\ncdk8s-ossm: no Kubernetes object found in ${temp.path}`
      + ' (folders are read for .yaml, .yml and .json files; empty documents hold none)\n');
    write('workload.yaml', WORKLOAD);
    const mixed = run('analyze', temp.path, '-n', 'travel-agency');
    expect(mixed.code).toBe(0);
    expect(mixed.stderr).toMatch(/^cdk8s-ossm: warning: .*values\.yaml \(document 1\): not a Kubernetes object/);
    expect(mixed.stdout).toBe('0 errors, 0 warnings, 0 suppressed in 2 objects\n');
    const named = run('analyze', path.join(temp.path, 'values.yaml'));
    expect(named.code).toBe(2);
    expect(named.stderr).toMatch(/values\.yaml \(document 1\): not a Kubernetes object/);
  });

  test('follows symbolic links, warns about a loop and analyzes the rest', () => {
    write('workload.yaml', WORKLOAD);
    fs.symlinkSync('.', path.join(temp.path, 'self'));
    const r = run('analyze', temp.path, '-n', 'travel-agency');
    expect(r).toEqual({
      code: 0,
      stdout: '0 errors, 0 warnings, 0 suppressed in 2 objects\n',
      stderr: `cdk8s-ossm: warning: ${path.join(temp.path, 'self')}: symbolic link loop (it leads back to a folder being read); not followed\n`,
    });
  });

  test('a named pipe is refused with exit 2 instead of hanging', () => {
    const fifo = path.join(temp.path, 'pipe.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    for (const target of [fifo, temp.path]) {
      const r = run('analyze', target);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`cdk8s-ossm: ${fifo}: is a named pipe (FIFO), not a file or folder; refusing to read it`
        + ' (to read a stream, pipe it to standard input and name the file "-")\n');
    }
  }, 10_000);
});
