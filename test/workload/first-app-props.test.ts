// What a first app of one's own needs (issue 22): a target port other than the Service port, a container command,
// a ServiceAccount per service, and Istio's retry-on names.
import { App, Chart, Testing } from 'cdk8s';
import { MeshService, RetryOn, ValidationError } from '../../lib';
import { meshApp } from '../support/control-planes';

function chart(): Chart {
  return new Chart(meshApp(), 'c');
}

test('port.targetPort: the Service targets it, and it is the containerPort of the versions', () => {
  const c = chart();
  const httpbin = new MeshService(c, 'httpbin', {
    name: 'httpbin', namespace: 'demo', port: { number: 8000, targetPort: 8080 },
    versions: [{ version: 'v1', image: 'docker.io/mccutchen/go-httpbin:v2.15.0' }],
  });
  const [service, deployment] = Testing.synth(c);
  expect(service.spec.ports).toEqual([{ name: 'http', port: 8000, targetPort: 8080 }]);
  expect(deployment.spec.template.spec.containers[0].ports).toEqual([{ containerPort: 8080 }]);
  expect([httpbin.port, httpbin.targetPort]).toEqual([8000, 8080]);
});

test('without targetPort the Service has none (it defaults to the port) and the container listens on the port', () => {
  const c = chart();
  new MeshService(c, 's', { name: 's', namespace: 'demo', port: { number: 9000 }, versions: [{ version: 'v1', image: 'quay.io/x/s:1' }] });
  const [service, deployment] = Testing.synth(c);
  expect(service.spec.ports).toEqual([{ name: 'http', port: 9000 }]);
  expect(deployment.spec.template.spec.containers[0].ports).toEqual([{ containerPort: 9000 }]);
});

test('serviceAccountName: one ServiceAccount, and every version runs under it unless it names its own', () => {
  const c = chart();
  const sleep = new MeshService(c, 'sleep', {
    name: 'sleep', namespace: 'demo', port: { number: 80 }, serviceAccountName: 'sleep',
    versions: [{ version: 'v1', image: 'docker.io/curlimages/curl:8.16.0', command: ['/bin/sleep', 'infinity'] }],
  });
  sleep.addVersion({ version: 'v2', image: 'docker.io/curlimages/curl:8.16.0', serviceAccountName: 'other' });
  const objects = Testing.synth(c);
  expect(objects.filter((o) => o.kind === 'ServiceAccount')).toEqual([
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sleep', namespace: 'demo', labels: { app: 'sleep' } } },
  ]);
  const pods = objects.filter((o) => o.kind === 'Deployment').map((d) => d.spec.template.spec);
  expect(pods.map((p) => p.serviceAccountName)).toEqual(['sleep', 'other']);
  expect(pods[0].containers[0].command).toEqual(['/bin/sleep', 'infinity']);
  expect(pods[1].containers[0].command).toBeUndefined();
});

test('a bad command, target port or ServiceAccount name is a ValidationError naming the construct', () => {
  const make = (props: object) => () => new MeshService(chart(), 'x', { name: 'x', namespace: 'demo', port: { number: 80 }, versions: [{ version: 'v1', image: 'quay.io/x/x:1' }], ...props });
  expect(make({ port: { number: 80, targetPort: 0 } })).toThrow(/^c\/x: port\.targetPort 0 is not valid\./);
  expect(make({ serviceAccountName: 'Not_A_Name' })).toThrow(/^c\/x: serviceAccountName "Not_A_Name" is not valid\./);
  expect(() => new MeshService(chart(), 'x', { name: 'x', namespace: 'demo', port: { number: 80 }, versions: [{ version: 'v1', image: 'quay.io/x/x:1', command: [] }] }))
    .toThrow(ValidationError);
  expect(() => new MeshService(chart(), 'x', { name: 'x', namespace: 'demo', port: { number: 80 }, versions: [{ version: 'v1', image: 'quay.io/x/x:1', command: ['sh', ''] }] }))
    .toThrow(/^c\/x\/v1: command\[1\] "" is not valid\. Allowed: a non-empty string\.$/);
});

test('RetryOn.FIVE_XX is Istio\'s 5xx, the same as the older RetryOn.SERVER_ERROR', () => {
  expect(RetryOn.FIVE_XX).toBe('5xx');
  expect(RetryOn.SERVER_ERROR).toBe(RetryOn.FIVE_XX);
});
