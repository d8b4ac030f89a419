// Warnings and errors where a new user looks (issue 22): writeDist prints its warnings (unless quiet), a base
// domain starting with "apps." warns, deprecated APIs warn once per synth with the replacement, a construct outside a
// Chart and an unmarked output folder are errors with the fix, and existingGateway needs no suppression.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import {
  OssmVersion, buildTravelsWorkshop, KialiWizard, MeshBaseChart, MeshIngress, MeshService, OutputFolderError, renderDist, ServiceRouting,
  SynthError, TravelsAppsChart, ValidationError, writeDist,
} from '../../lib';
import { analyze } from '../../lib/analysis/analyze';
import { EXTERNAL_GATEWAYS_ANNOTATION } from '../../lib/core/mesh-conventions';
import { meshApp } from '../support/control-planes';

let dir = '';
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-warn-')); });
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  jest.restoreAllMocks();
});

/** An app with one service in a chart, and an ingress on a Gateway made elsewhere. */
function appWithExistingGateway(): App {
  const app = meshApp();
  const chart = new Chart(app, 'api');
  const api = new MeshService(chart, 'api', { name: 'api', namespace: 'shop', port: { number: 8000 } });
  new MeshIngress(chart, 'ingress', { service: api, host: 'api.apps.example.com', existingGateway: 'istio-system/shared-gateway', createRoute: false });
  return app;
}

describe('writeDist prints its warnings', () => {
  test('to standard error, one line each, and returns them; quiet: true prints nothing', () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const report = writeDist(buildTravelsWorkshop({ clusterBaseDomain: 'example.com' }), { outdir: join(dir, 'dist'), analyze: false });
    expect(report.warnings.length).toBeGreaterThan(0);
    const printed = stderr.mock.calls.map((c) => String(c[0])).join('');
    for (const w of report.warnings) expect(printed).toContain(`WARNING ${w.path}: ${w.message}`);
    expect(printed).toMatch(/mysql/i); // the demo password warning is where the user looks
    stderr.mockClear();
    writeDist(buildTravelsWorkshop({ clusterBaseDomain: 'example.com' }), { outdir: join(dir, 'dist'), analyze: false, quiet: true });
    expect(stderr).not.toHaveBeenCalled();
  });
});

test('a base domain starting with "apps." is a warning that names the host it gives and the fix', () => {
  const warnings = renderDist(buildTravelsWorkshop({ clusterBaseDomain: 'apps.example.com' }), { analyze: false }).report.warnings;
  expect(warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(
    /^controlIngress\.clusterBaseDomain "apps\.example\.com" starts with "apps\.", so the control host is control\.travel-control\.apps\.apps\.example\.com\. Give the cluster's base domain without "apps\.".*e\.g\. "example\.com"\.$/));
  const clean = renderDist(buildTravelsWorkshop({ clusterBaseDomain: 'example.com' }), { analyze: false }).report.warnings;
  expect(clean.some((w) => w.message.includes('starts with "apps."'))).toBe(false);
});

describe('deprecated APIs warn once per synth, with the replacement', () => {
  test('ServiceRouting, however many, warns once', () => {
    const app = meshApp();
    const chart = new Chart(app, 'c');
    const travels = MeshService.fromServiceName('travels', 'travel-agency', { port: 8000, versions: ['v1', 'v2'] });
    const cars = MeshService.fromServiceName('cars', 'travel-agency', { port: 8000, versions: ['v1'] });
    new ServiceRouting(chart, 'a', { service: travels, wizard: KialiWizard.REQUEST_ROUTING, rules: [{ route: [{ subset: 'v1' }] }] });
    new ServiceRouting(chart, 'b', { service: cars, wizard: KialiWizard.REQUEST_ROUTING, rules: [{ route: [{ subset: 'v1' }] }] });
    const warnings = renderDist({ base: app }, { analyze: false }).report.warnings;
    expect(warnings).toEqual([{ path: 'c/a', message: expect.stringMatching(/^ServiceRouting is deprecated; use TrafficRouting/) }]);
  });

  test('MeshBaseChart.controlPlane, TravelsAppsChart zipkinAddress and controlIngress.createRoute/ingressGatewayNamespace', () => {
    const app = new App();
    const meshBase = new MeshBaseChart(app, 'mesh-base', { ossmVersion: OssmVersion.V2_6 });
    const cp = meshBase.controlPlane;
    void meshBase.controlPlane;
    new TravelsAppsChart(app, 'apps', {
      controlPlane: cp, zipkinAddress: 'zipkin.istio-system:9411',
      controlIngress: { clusterBaseDomain: 'example.com', createRoute: true, ingressGatewayNamespace: 'istio-system' },
    });
    const messages = renderDist({ base: app }, { analyze: false }).report.warnings.map((w) => `${w.path}: ${w.message}`);
    const deprecations = messages.filter((m) => m.includes('is deprecated'));
    expect(deprecations).toEqual([
      expect.stringMatching(/^mesh-base: MeshBaseChart\.controlPlane is deprecated; use meshControlPlane/),
      expect.stringMatching(/^apps: TravelsAppsChart zipkinAddress is deprecated; give the chart a controlPlane/),
      expect.stringMatching(/^apps: TravelsAppsChart controlIngress\.createRoute is deprecated; .*createsGatewayRoutes/),
      expect.stringMatching(/^apps: TravelsAppsChart controlIngress\.ingressGatewayNamespace is deprecated; .*ingressGateway\.namespace/),
    ]);
  });

  test('the workshop itself uses no deprecated API', () => {
    const warnings = renderDist(buildTravelsWorkshop({ clusterBaseDomain: 'example.com' }), { analyze: false }).report.warnings;
    expect(warnings.filter((w) => w.message.includes('is deprecated'))).toEqual([]);
  });
});

test('a construct placed directly in the App: a ValidationError naming it and the fix, not cdk8s\'s "cannot find a parent chart"', () => {
  const make = () => new MeshService(new App(), 'httpbin', { name: 'httpbin', namespace: 'demo', port: { number: 8000 } });
  expect(make).toThrow(ValidationError);
  expect(make).toThrow(/^httpbin: scope \(the App itself\) is not valid\. Allowed: a Chart, or a construct inside one.*new Chart\(app, 'my-app'\); new MeshService\(chart, 'httpbin', \{ \.\.\. \}\)\.$/);
});

test('an old output folder without the marker: a SynthError (OutputFolderError) with the fix; the folder is left as it was', () => {
  const old = join(dir, 'dist');
  mkdirSync(join(old, '00-operators'), { recursive: true });
  writeFileSync(join(old, '00-operators', 'old.yaml'), 'kind: Old\n');
  let error: unknown;
  try {
    writeDist(buildTravelsWorkshop({ clusterBaseDomain: 'example.com' }), { outdir: old, quiet: true });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SynthError);
  expect(error).toBeInstanceOf(OutputFolderError);
  expect((error as Error).message).toMatch(/was not written by cdk8s-ossm \(no \.cdk8s-ossm-output in it\).*Remove it yourself if it is an old output/);
});

test('existingGateway: the analyzer is told the Gateway exists outside the output, so writeDist needs no suppression', () => {
  const report = writeDist({ base: appWithExistingGateway() }, { outdir: join(dir, 'out'), quiet: true });
  expect(report.findings).toEqual([]); // no OSSM104, and nothing suppressed
  const vs = renderDist({ base: appWithExistingGateway() }).objects.get('02-apps/api.yaml')!.find((o) => o.kind === 'VirtualService')!;
  expect(vs.metadata?.annotations).toEqual({ [EXTERNAL_GATEWAYS_ANNOTATION]: 'istio-system/shared-gateway' });
  expect(vs.spec.gateways).toEqual(['istio-system/shared-gateway']);
});

test('the analyzer honours the annotation only for the Gateways it names', () => {
  const vs = (annotation?: string) => ({
    apiVersion: 'networking.istio.io/v1', kind: 'VirtualService',
    metadata: { name: 'api', namespace: 'shop', ...(annotation !== undefined && { annotations: { [EXTERNAL_GATEWAYS_ANNOTATION]: annotation } }) },
    spec: { hosts: ['api.example.com'], gateways: ['istio-system/shared-gateway', 'shop/other'], http: [{ route: [{ destination: { host: 'api' } }] }] },
  });
  const missing = (annotation?: string) => analyze([vs(annotation)], { assumeIstio: '1.30' }).findings
    .filter((f) => f.code === 'OSSM104').map((f) => f.message.replace(/^.*references Gateway ([^,\s]+).*$/, '$1'));
  expect(missing()).toEqual(['istio-system/shared-gateway', 'shop/other']);
  expect(missing('istio-system/shared-gateway')).toEqual(['shop/other']);
  expect(missing(' shop/other , istio-system/shared-gateway ')).toEqual([]);
  expect(missing('istio-system/another')).toEqual(['istio-system/shared-gateway', 'shop/other']);
});
