// `explain` on Istio's own Bookinfo traffic-management files, as the istio.io tasks apply them (read, not copied).
import * as path from 'node:path';
import { explain, ExplainRequest, loadManifests } from '../../lib';
import { describeWithShared, sharedPath } from '../support/shared';

const BOOKINFO = sharedPath('reference', 'istio-bookinfo');
const NS = 'bookinfo';
const load = (...files: string[]) => loadManifests(files.map((f) => path.join(BOOKINFO, f)), { namespace: NS });
const platform = ['platform/bookinfo.yaml', 'networking/destination-rule-all.yaml'];
const reviews = (headers?: Record<string, string>): ExplainRequest => ({ host: 'reviews', fromNamespace: NS, headers });

describeWithShared('explain on Istio\'s Bookinfo task files', [BOOKINFO], () => {
  test('request routing: jason reaches reviews v2, everyone else v3 (virtual-service-reviews-jason-v2-v3)', () => {
    const objects = load(...platform, 'networking/virtual-service-reviews-jason-v2-v3.yaml');
    const jason = explain(objects, reviews({ 'end-user': 'jason' }));
    expect(jason).toMatchObject({ outcome: 'route', matchedRule: 0 });
    expect(jason.destinations.map((d) => [d.subset, d.workloads])).toEqual([['v2', ['bookinfo/reviews-v2']]]);
    const other = explain(objects, reviews({ 'end-user': 'bob' }));
    expect(other.matchedRule).toBe(1);
    expect(other.rules[0].reason).toBe('header end-user is "bob", not exactly "jason"');
    expect(other.destinations.map((d) => [d.subset, d.workloads])).toEqual([['v3', ['bookinfo/reviews-v3']]]);
  });

  test('traffic shifting 80/20 (virtual-service-reviews-80-20)', () => {
    const e = explain(load(...platform, 'networking/virtual-service-reviews-80-20.yaml'), reviews());
    expect(e.destinations.map((d) => [d.subset, d.weight, d.workloads])).toEqual([['v1', 80, ['bookinfo/reviews-v1']], ['v2', 20, ['bookinfo/reviews-v2']]]);
  });

  test('fault injection: jason gets HTTP 500 from ratings, 100 %; delay 7 s in the other task', () => {
    const abort = explain(load(...platform, 'networking/virtual-service-ratings-test-abort.yaml'), { host: 'ratings', fromNamespace: NS, headers: { 'end-user': 'jason' } });
    expect(abort.fault).toEqual({ abort: { httpStatus: 500, grpcStatus: null, percentage: 100 }, delay: null });
    const delay = explain(load(...platform, 'networking/virtual-service-ratings-test-delay.yaml'), { host: 'ratings', fromNamespace: NS, headers: { 'end-user': 'jason' } });
    expect(delay.fault).toEqual({ abort: null, delay: { fixedDelay: '7s', percentage: 100 } });
    const anonymous = explain(load(...platform, 'networking/virtual-service-ratings-test-delay.yaml'), { host: 'ratings', fromNamespace: NS });
    expect(anonymous).toMatchObject({ matchedRule: 1, fault: null });
  });

  test('mutual TLS DestinationRules: the TLS mode is in the policy of every destination', () => {
    const e = explain(load('platform/bookinfo.yaml', 'networking/destination-rule-all-mtls.yaml', 'networking/virtual-service-all-v1.yaml'), reviews());
    expect(e.destinations).toHaveLength(1);
    expect(e.destinations[0]).toMatchObject({ subset: 'v1', workloads: ['bookinfo/reviews-v1'], trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' }, sources: ['trafficPolicy'] } });
  });

  describe('egress: TLS origination for www.googleapis.com (egress-rule-google-apis)', () => {
    // read in a hook, not while the tests are collected: without ../shared they are collected as skipped (support/shared.ts)
    let objects: ReturnType<typeof load> = [];
    beforeAll(() => { objects = load('platform/bookinfo.yaml', 'networking/egress-rule-google-apis.yaml'); });

    test('port 80 is routed to port 443, where the port-level TLS replaces the top-level load balancer', () => {
      const e = explain(objects, { host: 'www.googleapis.com', fromNamespace: NS, port: 80 });
      expect(e).toMatchObject({ outcome: 'route', target: { kind: 'ServiceEntry', name: 'googleapis', protocol: 'http' }, matchedRule: 0 });
      expect(e.destinations[0]).toMatchObject({
        host: 'www.googleapis.com',
        port: 443,
        target: 'ServiceEntry/bookinfo/googleapis',
        workloads: [],
        problems: [],
        destinationRule: 'bookinfo/originate-tls-for-googleapis',
        trafficPolicy: { tls: { mode: 'SIMPLE' }, loadBalancer: null, sources: ['trafficPolicy', 'portLevelSettings[port 443]'] },
      });
    });

    test('port 443 carries TLS: the VirtualService has no tls routes, so the default route applies', () => {
      const e = explain(objects, { host: 'www.googleapis.com', fromNamespace: NS, port: 443 });
      expect(e).toMatchObject({ outcome: 'default-route', routeType: 'tls', virtualService: 'bookinfo/rewrite-port-for-googleapis', retries: null });
      expect(e.request.protocol).toBe('tls');
    });
  });
});
