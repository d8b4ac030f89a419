// TravelsLoadTester: the workshop's load generator (6-1), calling one service.
import { Testing } from 'cdk8s';
import { MeshService, TravelsLoadTester, TravelsLoadTesterProps } from '../../lib';
import { find } from '../support/objects';
import { meshChart } from '../support/control-planes';

const target = MeshService.fromServiceName('travels', 'travel-agency', { port: 8000, versions: ['v1'] });
const synth = (props: Partial<TravelsLoadTesterProps> = {}) => {
  const chart = meshChart();
  new TravelsLoadTester(chart, 'lt', { namespace: 'travel-portal', target, ...props });
  return Testing.synth(chart);
};

test('a ServiceAccount and a Deployment named loadtester; upstream\'s 50 connections, 20 calls, no rate limit, 5 s sleep', () => {
  const objects = synth();
  expect(find(objects, 'ServiceAccount', 'loadtester', 'travel-portal').metadata.labels).toEqual({ account: 'loadtester' });
  const pod = find(objects, 'Deployment', 'loadtester', 'travel-portal').spec.template;
  expect(pod.metadata.labels).toEqual({ 'app': 'loadtester', 'version': 'v1', 'sidecar.istio.io/inject': 'true' });
  expect(pod.spec.serviceAccountName).toBe('loadtester');
  expect(pod.spec.containers[0].imagePullPolicy).toBe('Always');
  expect(pod.spec.containers[0].env).toEqual([
    { name: 'CONNECTIONS', value: '50' }, { name: 'NUMCALLS', value: '20' }, { name: 'RATE', value: '0' }, { name: 'SLEEP', value: '5' },
    { name: 'TRAVELS_AGENCY_SERVICE', value: 'http://travels.travel-agency:8000' },
  ]);
});

test('the load as given; bad numbers are refused with the construct path', () => {
  const env = synth({ connections: 5, numCalls: 100, rate: 10, sleepSeconds: 0 })
    .find((o) => o.kind === 'Deployment')!.spec.template.spec.containers[0].env.slice(0, 4);
  expect(env.map((e: { value: string }) => e.value)).toEqual(['5', '100', '10', '0']);
  expect(() => synth({ connections: 0 })).toThrow(/lt: connections 0 is not valid/);
  expect(() => synth({ sleepSeconds: 1.5 })).toThrow(/lt: sleepSeconds 1\.5 is not valid/);
  expect(() => synth({ namespace: 'Portal' })).toThrow(/lt: namespace "Portal" is not valid/);
});
