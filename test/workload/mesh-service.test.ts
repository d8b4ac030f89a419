// MeshService: a Service and one MeshDeployment per version, and references to services made elsewhere.
import { Chart, Testing } from 'cdk8s';
import { MeshService } from '../../lib';

test('MeshService labels: added to the Service\'s app label; another app label is refused', () => {
  const chart = new Chart(Testing.app(), 'c');
  new MeshService(chart, 'details', { name: 'details', namespace: 'bookinfo', port: { number: 9080 }, labels: { service: 'details' } });
  expect(Testing.synth(chart)[0].metadata.labels).toEqual({ app: 'details', service: 'details' });
  expect(() => new MeshService(Testing.chart(), 's', { name: 'details', namespace: 'bookinfo', port: { number: 9080 }, labels: { app: 'other' } }))
    .toThrow(/s: labels value of "app" "other" is not valid\. Allowed: "details"/);
});
