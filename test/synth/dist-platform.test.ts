// renderDist/writeDist judge output that holds no control plane by the platform it was synthesized for: the mesh
// declared for its Apps (OSSM 2.6's rules for a 2.6 mesh; else the analyzer's default, OSSM 3).
import { ApiObject, Chart, Testing } from 'cdk8s';
import { Mesh, renderDist } from '../../lib';
import { meshApp, OSSM2_MESH, V1_MESH } from '../support/control-planes';

/** A Deployment without the OSSM 2 pod label `sidecar.istio.io/inject`, in namespace apps. */
function appWithWorkload(app = Testing.app()) {
  const chart = new Chart(app, 'apps', { namespace: 'apps' });
  new ApiObject(chart, 'web', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web' }] } } } });
  return app;
}

const injectionFindings = (app: ReturnType<typeof appWithWorkload>, assumeIstio?: string) =>
  renderDist({ base: app }, assumeIstio === undefined ? {} : { assumeIstio }).report.findings.filter((f) => f.code === 'OSSM501').map((f) => f.message);

test('an app for an existing OSSM 2.6 mesh is judged by OSSM 2.6 rules, though its output holds no control plane', () => {
  expect(injectionFindings(appWithWorkload(meshApp(OSSM2_MESH))))
    .toEqual(['the pod template has no sidecar.istio.io/inject label, so OSSM 2 injects no sidecar']);
});

test('an app for an OSSM 3 mesh, or with no mesh declared for the App, is judged as OSSM 3 (injection by namespace label)', () => {
  expect(injectionFindings(appWithWorkload(meshApp(V1_MESH)))).toEqual([]);
  expect(injectionFindings(appWithWorkload())).toEqual([]);
});

test('assumeIstio overrides the declared platform', () => {
  expect(injectionFindings(appWithWorkload(meshApp(OSSM2_MESH)), '1.30')).toEqual([]);
  expect(injectionFindings(appWithWorkload(), '1.20')).toHaveLength(1);
});

test('a step App declared for OSSM 2.6 makes the dist judged as 2.6', () => {
  const step = Testing.app();
  Mesh.declare(step, OSSM2_MESH);
  const findings = renderDist({ base: appWithWorkload(), steps: { extra: step } }).report.findings.filter((f) => f.code === 'OSSM501');
  expect(findings.map((f) => f.name)).toEqual(['web']);
});
