// The package as a user gets it: `npm pack`, installed into a project of their own that pins other (the oldest
// supported) versions of the peer dependencies, compiled with TypeScript 5 and 7, composed into the user's own App.
// Uses the npm registry for the consumer's install (npm's cache makes repeated runs fast).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const TSC5 = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** The oldest versions the peer ranges allow, different from the ones this repository builds with. */
const CONSUMER_PINS = { cdk8s: '2.68.12', constructs: '10.3.0', 'cdk8s-plus-28': '2.0.3' };
/** TypeScript 7 (the native compiler) in the consumer project; this repository's own TypeScript 5 compiles it too. */
const CONSUMER_TS7 = '7.0.2';

/** The tsconfig README's "Use it as a library" shows (accepted by TypeScript 5 and 7). */
const CONSUMER_TSCONFIG = {
  compilerOptions: { target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, types: [] },
  files: ['main.ts'],
};

/** A composition written only against the package root, as a user would: our charts and constructs in the user's own App and Chart. */
const CONSUMER = `
import { App, Chart, Duration } from 'cdk8s';
import {
  FaultInjectionChart, Mesh, MeshBaseChart, MeshService, TracingType, TravelsAppsChart, WeightedRoutingChart, networking, writeDist,
} from 'cdk8s-ossm';

// OSSM 3, the default: the mesh base declares its control plane as the mesh of \`base\`, which the apps find
const base = new App();
const mesh = new MeshBaseChart(base, 'mesh', { controlPlane: { tracing: TracingType.NONE, openshiftRoute: false } });
const apps = new TravelsAppsChart(base, 'apps', { controlIngress: { clusterBaseDomain: 'example.com', createRoute: true } });
mesh.addMembers(apps);

const weights = new App();
Mesh.declare(weights, mesh.meshControlPlane);
new WeightedRoutingChart(weights, 'weights', {
  service: apps.agency.travels,
  weights: [{ version: 'v1', weight: 90 }, { version: 'v2', weight: 10 }, { version: 'v3', weight: 0 }],
});
const faults = new App();
Mesh.declare(faults, mesh.meshControlPlane);
const hotels = MeshService.fromServiceName('hotels', 'travel-agency', { port: 8000, versions: ['v1'] });
new FaultInjectionChart(faults, 'faults', { service: hotels, delay: { percentage: 5, fixedDelay: Duration.seconds(2) } });

const report = writeDist({ base, steps: { weights, faults } }, { outdir: 'dist' });
console.log(networking.VirtualServiceV1Beta1.GVK.kind, report.objects, report.files.join(','));

// A construct of ours in a chart of the user's, synthesized by cdk8s itself.
const own = new App({ outdir: 'own' });
Mesh.declare(own, mesh.meshControlPlane);
new MeshService(new Chart(own, 'shop'), 'cart', {
  name: 'cart', namespace: 'shop', port: { number: 8080 }, versions: [{ version: 'v1', image: 'example.com/cart:1' }],
});
own.synth();
`;

/** An SMCP with one value the OSSM 3 Istio resource refuses (a TLS mode it has not) and one it accepts. */
const MIGRATE_INPUT = `apiVersion: maistra.io/v2
kind: ServiceMeshControlPlane
metadata: { name: basic, namespace: istio-system }
spec:
  version: v2.6
  proxy:
    adminPort: 15000
    envoyMetricsService: { tlsSettings: { mode: "/" } }
`;

function run(cmd: string, args: string[], cwd: string): string {
  const result = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Relative links of a Markdown file (`[text](path)`, without anchors), as paths from the package root. */
function markdownLinks(file: string, text: string): string[] {
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1])
    .filter((link) => !/^([a-z]+:|#)/.test(link))
    .map((link) => normalize(join(dirname(file), link.split('#')[0])));
}

test('npm pack gives a package that stands alone and serves a consumer project with its own peer versions, on TypeScript 5 and 7', () => {
  const work = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-pack-'));
  try {
    const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], ROOT));
    const files: string[] = packed[0].files.map((f: { path: string }) => f.path);
    expect(files).toEqual(expect.arrayContaining([
      'package.json', 'README.md', 'LICENSE', 'build/lib/index.js', 'build/cdk8s-ossm.d.ts', 'build/imports/networking.istio.io.js', 'bin/cdk8s-ossm.js', 'docs/ANALYZER.md',
    ]));
    // Built JavaScript and one declaration file with the public API; no sources, tests, output or build state.
    expect(files.filter((f) => /^(test|dist|lib|imports|scripts|api)\//.test(f) || (f.endsWith('.ts') && f !== 'build/cdk8s-ossm.d.ts')
      || /^build\/(main|bench)|tsbuildinfo/.test(f))).toEqual([]);
    expect(PACKAGE.scripts.prepare).toBeUndefined(); // no build at install time
    expect(PACKAGE.exports['.'].types).toBe('./build/cdk8s-ossm.d.ts');
    for (const peer of Object.keys(PACKAGE.peerDependencies)) expect([peer, PACKAGE.dependencies[peer]]).toEqual([peer, undefined]);

    // Every link of the shipped Markdown and every docs/ file the TSDoc names resolves inside the package.
    const tarball = join(work, packed[0].filename);
    const unpacked = join(work, 'unpacked');
    mkdirSync(unpacked);
    execFileSync('tar', ['-xzf', tarball, '-C', unpacked]);
    const pkg = join(unpacked, 'package');
    const linked = files.filter((f) => f.endsWith('.md')).flatMap((f) => markdownLinks(f, readFileSync(join(pkg, f), 'utf8')));
    const named = [...readFileSync(join(pkg, 'build/cdk8s-ossm.d.ts'), 'utf8').matchAll(/\bdocs\/[\w-]+\.md\b/g)].map((m) => m[0]);
    expect(linked).toContain('docs/ANALYZER.md');
    expect(named).toContain('docs/ANALYZER.md');
    expect([...new Set([...linked, ...named])].filter((f) => !existsSync(join(pkg, f)))).toEqual([]);

    const consumer = join(work, 'consumer');
    mkdirSync(consumer);
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({
      name: 'consumer', private: true,
      dependencies: { ...CONSUMER_PINS, 'cdk8s-ossm': `file:${tarball}` },
      devDependencies: { typescript: CONSUMER_TS7 },
    }));
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], consumer);
    // One copy of each peer: a nested copy of constructs is what made `scope.node._scopes is not iterable`.
    for (const [peer, version] of Object.entries(CONSUMER_PINS)) {
      expect([peer, existsSync(join(consumer, 'node_modules', 'cdk8s-ossm', 'node_modules', peer))]).toEqual([peer, false]);
      expect(JSON.parse(readFileSync(join(consumer, 'node_modules', peer, 'package.json'), 'utf8')).version).toBe(version);
    }

    writeFileSync(join(consumer, 'main.ts'), CONSUMER);
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify(CONSUMER_TSCONFIG));
    const ts7 = join(consumer, 'node_modules', 'typescript', 'bin', 'tsc');
    expect(run(process.execPath, [ts7, '--version'], consumer)).toMatch(/Version 7\./);
    run(process.execPath, [ts7, '-p', '.', '--noEmit'], consumer);
    run(process.execPath, [TSC5, '-p', '.'], consumer); // emits main.js

    const out = run(process.execPath, ['main.js'], consumer);
    expect(out).toMatch(/^VirtualService \d+ 00-operators\/mesh\.yaml,01-control-plane\/mesh\.yaml,01-control-plane\/apps\.yaml,02-apps\/mesh\.yaml,02-apps\/apps\.yaml,steps\/weights\/weights\.yaml,steps\/faults\/faults\.yaml$/m);
    expect(readdirSync(join(consumer, 'dist')).sort()).toEqual(['.cdk8s-ossm-output', '00-operators', '01-control-plane', '02-apps', 'steps']);
    expect(readFileSync(join(consumer, 'own', 'shop.k8s.yaml'), 'utf8')).toMatch(/kind: Deployment\n[\s\S]*name: cart-v1\n  namespace: shop\n/);

    const cli = spawnSync(join(consumer, 'node_modules', '.bin', 'cdk8s-ossm'), ['analyze', 'dist/00-operators', 'dist/01-control-plane', 'dist/02-apps'], { cwd: consumer, encoding: 'utf8' });
    expect(cli.stdout).toMatch(/0 errors/);
    expect(cli.status).toBe(0);

    // migrate checks each value against the Istio CRD's schema that the package ships (with ajv, a dependency)
    writeFileSync(join(consumer, 'smcp.yaml'), MIGRATE_INPUT);
    const migrate = spawnSync(join(consumer, 'node_modules', '.bin', 'cdk8s-ossm'), ['migrate', 'smcp.yaml'], { cwd: consumer, encoding: 'utf8' });
    expect(migrate.stderr).toMatch(/NOT MIGRATABLE +proxy\.envoyMetricsService\.tlsSettings .*must be one of "DISABLE", "SIMPLE", "MUTUAL", "ISTIO_MUTUAL", not "\/"/);
    expect(migrate.stdout).toMatch(/kind: Istio\n[\s\S]*proxyAdminPort: 15000\n/);
    expect(migrate.stdout).not.toMatch(/envoyMetricsService/);
    expect(migrate.status).toBe(1);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
