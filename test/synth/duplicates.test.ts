// No two objects with one identity: synth refuses them (naming both construct paths), and the analyzer reports them in
// any YAML set (naming the other file and line).
import { ApiObject, App, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import {
  analyze, DEFAULT_MESH_CONTROL_PLANE, HeaderMatch, IMeshControlPlane, IstioApiVersion, HeaderRoutingChart, MeshIngress, MeshService, renderDist, SynthError, TrafficRouting,
} from '../../lib';
import { meshApp } from '../support/control-planes';

const V1_MESH: IMeshControlPlane = { ...DEFAULT_MESH_CONTROL_PLANE, istioApiVersion: IstioApiVersion.V1 };
const travels = MeshService.fromServiceName('travels', 'travel-agency', { port: 8000, versions: ['v1', 'v2'] });

describe('renderDist refuses two objects with one kind, namespace and name in what is applied together', () => {
  const baseWithIngress = (virtualServiceName?: string) => {
    const base = meshApp();
    new MeshIngress(new Chart(base, 'apps'), 'Ingress', { service: travels, host: 'travels.example.com', virtualServiceName });
    return base;
  };
  const routingStep = () => {
    const step = meshApp();
    new HeaderRoutingChart(step, 'header-routing', { service: travels, rules: [{ header: 'portal', match: HeaderMatch.exact('a'), version: 'v2' }] });
    return step;
  };

  test('the ingress VirtualService is named <service>-ingress, so a traffic step on the same service never replaces it', () => {
    const rendered = renderDist({ base: baseWithIngress(), steps: { 'header-routing': routingStep() } }, { analyze: false });
    expect(rendered.files.get('02-apps/apps.yaml')).toContain('name: travels-ingress');
    expect(rendered.files.get('steps/header-routing/header-routing.yaml')).toMatch(/kind: VirtualService\nmetadata:\n {2}labels:[^]*\n {2}name: travels\n/);
  });

  test('a base object and a step object: both construct paths, the base and the step named', () => {
    const render = () => renderDist({ base: baseWithIngress('travels'), steps: { 'header-routing': routingStep() } });
    expect(render).toThrow(SynthError);
    expect(render).toThrow('1 object is made twice; nothing was written:\n  - VirtualService.networking.istio.io travel-agency/travels is made twice: '
      + 'by apps/Ingress/VirtualService (base) and by header-routing/Routing/VirtualService (step "header-routing"). Allowed: one object per kind, '
      + 'namespace and name in what is applied together (the base and one step); applied together, the later replaces the earlier. '
      + 'Give one of them another name, or make it once.');
  });

  test('within the base, within one step, and across API versions of one kind; not across steps', () => {
    const base = meshApp();
    const chart = new Chart(base, 'apps');
    new k8s.KubeServiceAccount(chart, 'a', { metadata: { name: 'reader', namespace: 'shop' } });
    new k8s.KubeServiceAccount(chart, 'b', { metadata: { name: 'reader', namespace: 'shop' } });
    expect(() => renderDist({ base }, { analyze: false })).toThrow(/ServiceAccount shop\/reader is made twice: by apps\/a \(base\) and by apps\/b \(base\)/);

    const step = meshApp();
    new k8s.KubeConfigMap(new Chart(step, 'one'), 'c', { metadata: { name: 'settings', namespace: 'shop' } });
    new k8s.KubeConfigMap(new Chart(step, 'two'), 'c', { metadata: { name: 'settings', namespace: 'shop' } });
    expect(() => renderDist({ base: meshApp(), steps: { s: step } }, { analyze: false }))
      .toThrow(/ConfigMap shop\/settings is made twice: by one\/c \(step "s"\) and by two\/c \(step "s"\)/);

    const routing = meshApp();
    new TrafficRouting(new Chart(routing, 'one'), 'r', { service: travels, http: [{ route: [{ version: 'v1' }] }] });
    const newer = meshApp();
    new TrafficRouting(new Chart(newer, 'two'), 'r', { service: travels, http: [{ route: [{ version: 'v1' }] }], controlPlane: V1_MESH });
    expect(() => renderDist({ base: routing, steps: { newer } }, { analyze: false }))
      .toThrow(/VirtualService\.networking\.istio\.io travel-agency\/travels is made twice: by one\/r\/VirtualService \(base\) and by two\/r\/VirtualService \(step "newer"\)/);

    const v1 = meshApp();
    new TrafficRouting(new Chart(v1, 'x'), 'r', { service: travels, http: [{ route: [{ version: 'v1' }] }] });
    // two steps may hold the same object: they are alternatives
    expect(() => renderDist({ base: meshApp(), steps: { a: routingStep(), b: v1 } }, { analyze: false })).not.toThrow();
  });

  test('objects of one kind name in different API groups are different objects', () => {
    const base = meshApp();
    const chart = new Chart(base, 'gw');
    new ApiObject(chart, 'k8s-gateway', {
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'travels-gateway', namespace: 'travel-agency' },
    });
    new MeshIngress(chart, 'i', { service: travels, host: 'a.example.com' }); // networking.istio.io Gateway travels-gateway
    expect(() => renderDist({ base }, { analyze: false })).not.toThrow();
  });
});
