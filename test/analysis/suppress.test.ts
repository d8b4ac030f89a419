import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { analyze, formatText, suppressFinding } from '../../lib/analysis';
import { deployment } from './fixtures';
import { ValidationError } from '../../lib/core/validation';

function chartWith(...names: string[]): { chart: Chart; objects: ApiObject[] } {
  const chart = new Chart(new App(), 'mesh', { namespace: 'travel-agency' });
  const objects = names.map((name) => {
    const d = deployment('travel-agency', name, { app: name, version: 'v1' }, { inject: false });
    return new ApiObject(chart, name, { apiVersion: d.apiVersion, kind: d.kind, metadata: { name }, spec: d.spec });
  });
  return { chart, objects };
}

test('suppressFinding annotates the object and the finding is kept as suppressed', () => {
  const { chart, objects } = chartWith('curl', 'cars-v1');
  suppressFinding(objects[0], 'OSSM501', '  debugging pod, no sidecar wanted ');
  const manifests = Testing.synth(chart);
  expect(manifests[0].metadata.annotations).toEqual({ 'suppress.analysis.cdk8s-ossm.io/OSSM501': 'debugging pod, no sidecar wanted' });

  // on OSSM 2.6 a pod template without the sidecar.istio.io/inject label gets no sidecar (OSSM501)
  const result = analyze(manifests, { assumeIstio: '1.20' });
  expect(result).toMatchObject({ errors: 0, warnings: 1, suppressed: 1, objects: 2 });
  const curl = result.findings.find((f) => f.name === 'curl');
  expect(curl).toMatchObject({ code: 'OSSM501', suppressedBecause: 'debugging pod, no sidecar wanted' });
  // only the named object is silenced
  expect(result.findings.find((f) => f.name === 'cars-v1')?.suppressedBecause).toBeUndefined();
  expect(formatText(result)).toContain(
    'SUPPRESSED OSSM501 Deployment/travel-agency/curl: the pod template has no sidecar.istio.io/inject label, so OSSM 2 injects no sidecar (reason: debugging pod, no sidecar wanted)\n');
});

test('a suppression of another code does not silence the finding', () => {
  const { chart, objects } = chartWith('curl');
  suppressFinding(objects[0], 'OSSM402', 'not in the mesh');
  const result = analyze(Testing.synth(chart), { assumeIstio: '1.20' }); // OSSM 2.6: OSSM501 on the unlabeled pod template
  expect(result).toMatchObject({ warnings: 1, suppressed: 0 });
});

test('a suppressed error does not count as an error', () => {
  const { chart } = chartWith();
  const vs = new ApiObject(chart, 'vs', {
    apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', metadata: { name: 'vs' },
    spec: { hosts: ['x.example.com'], gateways: ['missing'], http: [{ route: [{ destination: { host: 'x.example.com' } }] }] },
  });
  expect(analyze(Testing.synth(chart)).errors).toBe(1);
  suppressFinding(vs, 'OSSM104', 'gateway is applied by the platform team');
  expect(analyze(Testing.synth(chart))).toMatchObject({ errors: 0, suppressed: 1 });
});

test('suppressFinding rejects unknown codes and empty reasons, naming the construct path', () => {
  const { objects } = chartWith('curl');
  expect(() => suppressFinding(objects[0], 'OSSM99', 'x')).toThrow(/^mesh\/curl: suppressFinding rule code "OSSM99" is not valid\. Allowed: one of the analyzer's rule codes, OSSM001, OSSM002, OSSM101, .*OSSM\d{3}\.$/);
  expect(() => suppressFinding(objects[0], 'OSSM99', 'x')).toThrow(ValidationError);
  expect(() => suppressFinding(objects[0], 'OSSM501', '')).toThrow(ValidationError);
  expect(() => suppressFinding(objects[0], 'OSSM999', 'x')).toThrow(/rule code "OSSM999" is not valid/);
  expect(() => suppressFinding(objects[0], 'ossm501', 'x')).toThrow(/rule code "ossm501" is not valid/);
  expect(() => suppressFinding(objects[0], 'OSSM501', '  ')).toThrow('mesh/curl: suppressFinding(OSSM501) reason "  " is not valid. Allowed: a non-empty text');
  expect(Testing.synth(Chart.of(objects[0]))[0].metadata.annotations).toBeUndefined();
});
