// RequestTimeoutsChart: Kiali's Request Timeouts wizard.
import { App, Duration, Testing } from 'cdk8s';
import { MeshService, RequestTimeoutsChart, RetryOn } from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { synthesizeApp } from '../../lib/synth/synthesize';
import { meshApp } from '../support/control-planes';

const travels = MeshService.fromServiceName('travels', 'travel-agency', { port: 8000, versions: ['v1', 'v2', 'v3'] });
const HOST = 'travels.travel-agency.svc.cluster.local';
const synth = (build: (app: App) => void): KubeObject[] => { const app = meshApp(); build(app); return synthesizeApp(app).flatMap((c) => c.objects); };
const vsOf = (objects: KubeObject[]) => objects.find((o) => o.kind === 'VirtualService')!;

describe('RequestTimeoutsChart: the Request Timeouts wizard', () => {
  test('a timeout and retries over the even split, labelled request_timeouts', () => {
    const objects = synth((app) => new RequestTimeoutsChart(app, 'rt', {
      service: travels, timeout: Duration.seconds(2), retries: { attempts: 3, perTryTimeout: Duration.seconds(2), retryOn: [RetryOn.GATEWAY_ERROR, RetryOn.CONNECT_FAILURE, RetryOn.REFUSED_STREAM] },
    }));
    expect(vsOf(objects).metadata!.labels!.kiali_wizard).toBe('request_timeouts');
    expect(vsOf(objects).spec.http).toEqual([{
      route: ['v1', 'v2', 'v3'].map((v, i) => ({ destination: { host: HOST, subset: v }, weight: [33, 33, 34][i] })),
      timeout: '2s',
      retries: { attempts: 3, perTryTimeout: '2s', retryOn: 'gateway-error,connect-failure,refused-stream' },
    }]);
  });
  test('neither a timeout nor retries is refused', () => {
    expect(() => synth((app) => new RequestTimeoutsChart(app, 'rt', { service: travels })))
      .toThrow('rt: timeout and retries {} is not valid. Allowed: a timeout, a retry policy, or both.');
  });
});
