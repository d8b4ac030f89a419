// HeaderRoutingChart: the workshop's 4-1, Kiali's Request Routing by header.
import { App, Chart, Testing } from 'cdk8s';
import { HeaderMatch, HeaderRoutingChart, MeshService } from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { synthesizeApp } from '../../lib/synth/synthesize';
import { find } from '../support/objects';
import { meshApp } from '../support/control-planes';

const travels = MeshService.fromServiceName('travels', 'travel-agency', { port: 8000, versions: ['v1', 'v2', 'v3'] });
const HOST = 'travels.travel-agency.svc.cluster.local';
const SUBSETS = ['v1', 'v2', 'v3'].map((v) => ({ name: v, labels: { version: v } }));

const vsOf = (objects: KubeObject[]) => find(objects, 'VirtualService', 'travels', 'travel-agency');
const drOf = (objects: KubeObject[]) => find(objects, 'DestinationRule', 'travels', 'travel-agency');
const synth = (build: (app: App) => Chart) => { const app = meshApp(); build(app); return synthesizeApp(app).flatMap((c) => c.objects); };

describe('HeaderRoutingChart', () => {
  const rules = [
    { header: 'portal', match: HeaderMatch.exact('travels.uk'), version: 'v1' },
    { header: 'portal', match: HeaderMatch.prefix('viaggi'), version: 'v2' },
    { header: 'portal', match: HeaderMatch.regex('voyages\\..*'), version: 'v3' },
  ];

  test('snapshot', () => {
    expect(Testing.synth(new HeaderRoutingChart(meshApp(), 'hr', { service: travels, rules }))).toMatchSnapshot();
  });

  test('rules in order, one version each, no default route (as the wizard); Kiali labels; FQDN host; v1beta1', () => {
    const objects = synth((app) => new HeaderRoutingChart(app, 'hr', { service: travels, rules }));
    const vs = vsOf(objects);
    expect(vs.apiVersion).toBe('networking.istio.io/v1beta1');
    expect(vs.metadata!.labels).toEqual({ 'kiali_wizard': 'request_routing', 'app.kubernetes.io/managed-by': 'cdk8s-ossm' });
    expect(vs.spec.hosts).toEqual([HOST]);
    expect(vs.spec.http).toEqual([
      { match: [{ headers: { portal: { exact: 'travels.uk' } } }], route: [{ destination: { host: HOST, subset: 'v1' }, weight: 100 }] },
      { match: [{ headers: { portal: { prefix: 'viaggi' } } }], route: [{ destination: { host: HOST, subset: 'v2' }, weight: 100 }] },
      { match: [{ headers: { portal: { regex: 'voyages\\..*' } } }], route: [{ destination: { host: HOST, subset: 'v3' }, weight: 100 }] },
    ]);
    const dr = drOf(objects);
    expect(dr.apiVersion).toBe('networking.istio.io/v1beta1');
    expect(dr.metadata!.labels).toEqual(vs.metadata!.labels);
    expect(dr.spec).toEqual({ host: HOST, subsets: SUBSETS });
  });

  test('a default route goes last: one version, or weights', () => {
    const one = vsOf(synth((app) => new HeaderRoutingChart(app, 'hr', { service: travels, rules, defaultRoute: 'v1' })));
    expect(one.spec.http).toHaveLength(4);
    expect(one.spec.http[3]).toEqual({ route: [{ destination: { host: HOST, subset: 'v1' }, weight: 100 }] });
    const split = vsOf(synth((app) => new HeaderRoutingChart(app, 'hr', {
      service: travels, rules, defaultRoute: [{ version: 'v1', weight: 80 }, { version: 'v2', weight: 20 }],
    })));
    expect(split.spec.http[3].route.map((r: any) => r.weight)).toEqual([80, 20]);
  });

  test('versions added to a service after the chart still get their subset', () => {
    const app = meshApp();
    const apps = new Chart(app, 'apps');
    const svc = new MeshService(apps, 'svc', { name: 'reviews', namespace: 'bookinfo', port: { number: 9080 } });
    svc.addVersion({ version: 'v1', image: 'reviews:v1' });
    new HeaderRoutingChart(app, 'hr', { service: svc, rules: [{ header: 'end-user', match: HeaderMatch.exact('jason'), version: 'v2' }], defaultRoute: 'v1' });
    svc.addVersion({ version: 'v2', image: 'reviews:v2' });
    const dr = find(synthesizeApp(app).flatMap((c) => c.objects), 'DestinationRule', 'reviews', 'bookinfo');
    expect(dr.spec.subsets.map((s: any) => s.name)).toEqual(['v1', 'v2']);
  });
});

describe('bad input is refused with the construct path, the value and what is allowed', () => {
  const chart = (build: (app: App) => void) => () => { const app = meshApp(); build(app); synthesizeApp(app); };
  const exact = (v: string) => HeaderMatch.exact(v);

  test.each<[string, () => void, RegExp]>([
    ['an empty header name', chart((app) => new HeaderRoutingChart(app, 'hr', { service: travels, rules: [{ header: '', match: exact('x'), version: 'v1' }] })),
      /hr: rules\[0\] header name "" is not valid\. Allowed: an HTTP header name in lower case/],
    ['an upper-case header name', chart((app) => new HeaderRoutingChart(app, 'hr', { service: travels, rules: [{ header: 'Portal', match: exact('x'), version: 'v1' }] })),
      /header name "Portal" is not valid/],
    ['an empty header value', chart((app) => new HeaderRoutingChart(app, 'hr', { service: travels, rules: [{ header: 'portal', match: exact(''), version: 'v1' }] })),
      /hr\/Routing: http\[0\]\.match\[0\]\.headers\.portal "" is not valid\. Allowed: a non-empty value without line breaks or NUL\./],
    ['an invalid regex', chart((app) => new HeaderRoutingChart(app, 'hr', { service: travels, rules: [{ header: 'portal', match: HeaderMatch.regex('('), version: 'v1' }] })),
      /http\[0\]\.match\[0\]\.headers\.portal "\(" is not valid\. Allowed: an RE2 regular expression, the syntax Envoy uses \(error parsing regexp: missing closing \)/],
    ['a regex RE2 does not support (lookahead)', chart((app) => new HeaderRoutingChart(app, 'hr', { service: travels, rules: [{ header: 'portal', match: HeaderMatch.regex('(?!voyages).*'), version: 'v1' }] })),
      /http\[0\]\.match\[0\]\.headers\.portal "\(\?!voyages\)\.\*" is not valid\. Allowed: an RE2 regular expression/],
    ['the same header match twice', chart((app) => new HeaderRoutingChart(app, 'hr', { service: travels, rules: [
      { header: 'portal', match: exact('a'), version: 'v1' }, { header: 'portal', match: exact('a'), version: 'v2' }] })),
      /hr\/Routing: http\[1\]\.match \[\{"headers":\{"portal":\{"exact":"a"\}\}\}\] is not valid\. Allowed: a match not used before; http\[0\] already takes these requests, so this rule is never reached\./],
  ])('%s', (_, build, message) => {
    expect(build).toThrow(message);
  });
});
