// migrate --to gateway-api writes objects the API server accepts where Istio's shapes are common but not the simplest:
// two servers on one port (listener names are the Gateway's list-map key), and a per-version Service of a Service with
// several ports (the port routed to, with its name and targetPort, not simply the first).
import { migrateToGatewayApi } from '../../lib/migrate-gateway-api';
import { KubeObject } from '../../lib/analysis/types';
import { validateAll } from '../support/crd-schema';

const written = (objects: KubeObject[]) => migrateToGatewayApi(objects).files.flatMap((f) => f.objects as KubeObject[]);
const pods: KubeObject = {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'istio-ingressgateway', namespace: 'shop' },
  spec: { selector: { matchLabels: { istio: 'ingressgateway' } }, template: { metadata: { labels: { istio: 'ingressgateway' } }, spec: { containers: [{ name: 'istio-proxy', image: 'auto' }] } } },
};

test('two HTTPS servers on 443, a host and a credential each: two listeners with distinct names', () => {
  const gateway: KubeObject = {
    apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'shop', namespace: 'shop' },
    spec: {
      selector: { istio: 'ingressgateway' },
      servers: ['a', 'b'].map((h) => ({ port: { number: 443, name: `https-${h}`, protocol: 'HTTPS' }, hosts: [`${h}.example.com`], tls: { mode: 'SIMPLE', credentialName: `${h}-cert` } })),
    },
  };
  const out = written([pods, gateway]).filter((o) => o.kind === 'Gateway');
  const names = out.flatMap((g) => g.spec.listeners.map((l: { name: string }) => l.name));
  expect(names).toHaveLength(2);
  expect(new Set(names).size).toBe(2);
  expect(validateAll(out, '3')).toEqual([]);
});

test('a per-version Service of a two-port Service takes the port routed to, with its name and targetPort', () => {
  const service: KubeObject = {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'shop' },
    spec: { selector: { app: 'api' }, ports: [{ name: 'grpc-admin', port: 9000, targetPort: 9001 }, { name: 'http', port: 8000, targetPort: 8080 }] },
  };
  const dr: KubeObject = { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'api', namespace: 'shop' }, spec: { host: 'api', subsets: [{ name: 'v1', labels: { version: 'v1' } }] } };
  const vs: KubeObject = {
    apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'api', namespace: 'shop' },
    spec: { hosts: ['api'], http: [{ route: [{ destination: { host: 'api', subset: 'v1', port: { number: 8000 } } }] }] },
  };
  const v1 = written([service, dr, vs]).find((o) => o.kind === 'Service' && o.metadata?.name === 'api-v1')!;
  expect(v1.spec.ports).toEqual([{ name: 'http', port: 8000, targetPort: 8080 }]);
});
