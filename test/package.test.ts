import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** A composition written only against the package root, as a user would. */
const CONSUMER = `
import { App, Duration } from 'cdk8s';
import {
  FaultInjectionChart, MeshBaseChart, MeshService, TracingType, TravelsAppsChart, WeightedRoutingChart, networking, writeDist,
} from 'cdk8s-ossm';

const base = new App();
const mesh = new MeshBaseChart(base, 'mesh', { controlPlane: { tracing: TracingType.NONE, openshiftRoute: false } });
const apps = new TravelsAppsChart(base, 'apps', { controlIngress: { clusterBaseDomain: 'example.com', createRoute: true } });
mesh.addMembers(apps);

const weights = new App();
new WeightedRoutingChart(weights, 'weights', {
  service: apps.agency.travels,
  weights: [{ version: 'v1', weight: 90 }, { version: 'v2', weight: 10 }, { version: 'v3', weight: 0 }],
});
const faults = new App();
const hotels = MeshService.fromServiceName('hotels', 'travel-agency', { port: 8000, versions: ['v1'] });
new FaultInjectionChart(faults, 'faults', { service: hotels, delay: { percentage: 5, fixedDelay: Duration.seconds(2) } });

const report = writeDist({ base, steps: { weights, faults } }, { outdir: 'dist' });
console.log(networking.VirtualServiceV1Beta1.GVK.kind, report.objects, report.files.join(','));
`;

test('npm pack gives a package whose root serves a consumer project, CLI included', () => {
  const work = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-pack-'));
  try {
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' }));
    const files: string[] = packed[0].files.map((f: { path: string }) => f.path);
    expect(files).toContain('build/lib/index.js');
    expect(files).toContain('build/lib/index.d.ts');
    expect(files).toContain('build/imports/networking.istio.io.js');
    expect(files).toContain('bin/cdk8s-ossm.js');
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('dist/') || f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);

    const consumer = join(work, 'consumer');
    execFileSync('mkdir', ['-p', consumer]);
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({
      name: 'consumer', private: true, dependencies: { 'cdk8s-ossm': `file:${join(work, packed[0].filename)}` },
    }));
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: consumer, encoding: 'utf8' });
    writeFileSync(join(consumer, 'main.ts'), CONSUMER);
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, target: 'ES2022', module: 'commonjs', esModuleInterop: true, types: [] }, files: ['main.ts'],
    }));
    execFileSync(process.execPath, [TSC, '-p', '.'], { cwd: consumer, encoding: 'utf8' });
    const out = execFileSync(process.execPath, ['main.js'], { cwd: consumer, encoding: 'utf8' });
    expect(out).toMatch(/^VirtualService \d+ 00-operators\/mesh\.yaml,01-control-plane\/mesh\.yaml,01-control-plane\/apps\.yaml,02-apps\/apps\.yaml,steps\/weights\/weights\.yaml,steps\/faults\/faults\.yaml$/m);
    expect(readdirSync(join(consumer, 'dist')).sort()).toEqual(['00-operators', '01-control-plane', '02-apps', 'steps']);

    const cli = spawnSync(join(consumer, 'node_modules', '.bin', 'cdk8s-ossm'), ['analyze', 'dist/00-operators', 'dist/01-control-plane', 'dist/02-apps'], { cwd: consumer, encoding: 'utf8' });
    expect(cli.stdout).toMatch(/0 errors/);
    expect(cli.status).toBe(0);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
