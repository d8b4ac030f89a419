import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App, Chart } from 'cdk8s';
import { MeshBaseChart, OssmVersion, SynthError, TravelsAppsChart, suppressFinding, writeDist } from '../../lib';
import { meshApp } from '../support/control-planes';

describe('writeDist', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-write-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('an analyzer error stops synth: SynthError naming the finding, nothing written', () => {
    const base = meshApp();
    const chart = new Chart(base, 'bad');
    new ApiObject(chart, 'vs', {
      apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'x', namespace: 'default' },
      spec: { hosts: ['x'], http: [{ route: [{ destination: { host: 'x' } }] }] },
    } as any);
    expect(() => writeDist({ base }, { outdir: join(dir, 'dist') })).toThrow(SynthError);
    expect(() => writeDist({ base }, { outdir: join(dir, 'dist') })).toThrow(/The mesh analyzer found 1 error; nothing was written:\n {2}ERROR OSSM601 VirtualService\/default\/x: /);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  test('a finding silenced on one object is reported as suppressed with its reason, and lands in the YAML', () => {
    const base = meshApp();
    const apps = new TravelsAppsChart(base, 'apps', { sidecarInjectionOverrides: { 'mysqldb-v1': false } });
    const unsuppressed = writeDist({ base }, { outdir: join(dir, 'dist') }).findings.map((f) => `${f.code} ${f.name}`);
    expect(unsuppressed).toEqual(['OSSM501 mysqldb-v1']);

    suppressFinding(apps.agency.mysqldb.workloads[0].apiObject, 'OSSM501', 'MySQL runs without a sidecar on purpose');
    const report = writeDist({ base }, { outdir: join(dir, 'dist') });
    expect(report.findings.map((f) => [f.code, f.name, f.suppressedBecause])).toEqual(
      [['OSSM501', 'mysqldb-v1', 'MySQL runs without a sidecar on purpose']]);
    expect(readFileSync(join(dir, 'dist', '02-apps', 'apps.yaml'), 'utf8'))
      .toContain('suppress.analysis.cdk8s-ossm.io/OSSM501: MySQL runs without a sidecar on purpose');
  });

  test('a construct validation error stops synth as SynthError, nothing written', () => {
    const base = new App();
    new MeshBaseChart(base, 'mesh', { ossmVersion: OssmVersion.V2_6, members: [{ memberNamespaces: ['nowhere'] }] });
    expect(() => writeDist({ base }, { outdir: join(dir, 'dist') })).toThrow(SynthError);
    expect(() => writeDist({ base }, { outdir: join(dir, 'dist') }))
      .toThrow(new SynthError('Validation failed with 1 error:\n  - mesh/MemberRoll: member namespace "nowhere" is unknown: no chart of this app creates it. '
        + 'Allowed: none; for a namespace that already exists on the cluster, call addExistingNamespace("nowhere").'));
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  test('a step name that is not a DNS label is refused', () => {
    expect(() => writeDist({ base: meshApp(), steps: { 'Header Routing': meshApp() } }, { outdir: join(dir, 'dist') }))
      .toThrow(/steps: step name "Header Routing" is not valid\. Allowed: a DNS-1123 label/);
  });
});
