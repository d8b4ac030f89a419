import { App, Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { MeshBaseChart, OssmVersion, TravelsAppsChart, ValidationError, WeightedRoutingChart } from '../../lib';
import { MeshService } from '../../lib/workload/mesh-service';
import { meshApp } from '../support/control-planes';

const errorOf = (fn: () => unknown): Error => {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
};

/** Every chart of the library, built with the inherited props given. */
const CHARTS: Array<[string, (app: App, props: object) => Chart]> = [
  ['MeshBaseChart', (app, props) => new MeshBaseChart(app, 'c', props)],
  ['TravelsAppsChart', (app, props) => new TravelsAppsChart(app, 'c', props)],
  ['WeightedRoutingChart', (app, props) => new WeightedRoutingChart(app, 'c', {
    ...props, service: MeshService.fromServiceName('travels', 'travel-agency', { port: 8000, versions: ['v1', 'v2'] }),
  })],
];

describe('inherited ChartProps are checked like the library\'s own', () => {
  const json = (text: string) => JSON.parse(text) as Record<string, string>;
  test.each(CHARTS)('%s', (_, build) => {
    const bad: Array<[object, RegExp]> = [
      [{ labels: json('{"__proto__": "x"}') }, /^c: labels label key "__proto__" is not valid\. Allowed: .*never "__proto__", "constructor", "prototype"/],
      [{ labels: json('{"constructor": "x"}') }, /^c: labels label key "constructor" is not valid/],
      [{ labels: { team: null } }, /^c: labels value of "team" null is not valid\. Allowed: a Kubernetes label value/],
      [{ labels: { 'a/b/c': 'x' } }, /^c: labels label key "a\/b\/c" is not valid\. Allowed: a qualified name/],
      [{ labels: { team: 'has space' } }, /^c: labels value of "team" "has space" is not valid/],
      [{ labels: 'team=a' }, /^c: labels "team=a" is not valid\. Allowed: a plain object/],
      [{ namespace: 'has space' }, /^c: namespace "has space" is not valid\. Allowed: a DNS-1123 label/],
      [{ namespace: 'UPPER' }, /^c: namespace "UPPER" is not valid/],
      [{ namespace: null }, /^c: namespace null is not valid/],
      [{ disableResourceNameHashes: 'yes' }, /^c: disableResourceNameHashes "yes" is not valid\. Allowed: true or false/],
    ];
    for (const [props, message] of bad) {
      const e = errorOf(() => build(meshApp(), props));
      expect(e).toBeInstanceOf(ValidationError);
      expect(e.message).toMatch(message);
    }
    // good ones still work, and the labels reach every object
    const chart = build(meshApp(), { labels: { 'example.com/team': 'mesh', 'tier': 'a_b.c' } });
    const objects = Testing.synth(chart);
    expect(objects.length).toBeGreaterThan(0);
    for (const o of objects) expect(o.metadata.labels).toMatchObject({ 'example.com/team': 'mesh', 'tier': 'a_b.c' });
  });
});

describe('two objects with one identity are refused at build time, by every path', () => {
  const twoIstioSystems = () => {
    const app = meshApp();
    new MeshBaseChart(app, 'm', { ossmVersion: OssmVersion.V3, ossm3: { ingressGatewayNamespace: 'istio-system' } });
    return app;
  };
  test('app.synthYaml(), app.synth() and Testing.synth', () => {
    expect(() => twoIstioSystems().synthYaml()).toThrow(/m\/IngressGatewayNamespace: Namespace istio-system is made twice: by m\/ControlPlaneNamespace and by m\/IngressGatewayNamespace\. Allowed: one object per kind, namespace and name in an app/);
    expect(() => twoIstioSystems().synth()).toThrow(/Namespace istio-system is made twice/);
    const app = twoIstioSystems();
    expect(() => Testing.synth(app.charts[0])).toThrow(/Namespace istio-system is made twice/);
  });

  test('across charts of one app, a user chart included; one message per pair', () => {
    const app = meshApp();
    new MeshBaseChart(app, 'm', { ossmVersion: OssmVersion.V3 });
    const mine = new Chart(app, 'mine');
    new k8s.KubeNamespace(mine, 'ns', { metadata: { name: 'istio-system' } });
    const e = errorOf(() => app.synthYaml());
    expect(e.message.match(/is made twice/g)).toHaveLength(1);
    expect(e.message).toMatch(/mine\/ns: Namespace istio-system is made twice: by m\/\S+ and by mine\/ns\./);
  });

  test('a chart label that an object replaces with its own (app, version) is refused, not dropped', () => {
    const app = meshApp();
    new TravelsAppsChart(app, 'apps', { labels: { app: 'shop', team: 'a' } });
    expect(() => app.synthYaml()).toThrow(/apps: labels value of "app" "shop" is not valid\. Allowed: labels that the chart's objects do not set themselves; apps\/\S+ sets "app" to "\w+", which would replace the chart's on it/);
    const fine = meshApp();
    new TravelsAppsChart(fine, 'apps', { labels: { team: 'a' } });
    expect(fine.synthYaml()).toContain('team: a');
  });

  test('a clean app synthesizes as before', () => {
    const app = meshApp();
    new MeshBaseChart(app, 'm', { ossmVersion: OssmVersion.V3 });
    expect(app.synthYaml()).toContain('kind: Namespace');
  });
});
