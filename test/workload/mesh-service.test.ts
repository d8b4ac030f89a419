// MeshService: a Service and one MeshDeployment per version, and references to services made elsewhere.
import { Chart, Testing } from 'cdk8s';
import { MeshService, MeshServiceProps, serviceAddress } from '../../lib';
import { meshApp, meshChart } from '../support/control-planes';

const synth = (props: Partial<MeshServiceProps> = {}) => {
  const chart = new Chart(meshApp(), 'c');
  const service = new MeshService(chart, 'hotels', { name: 'hotels', namespace: 'travel-agency', port: { number: 8000 }, ...props });
  return { service, chart };
};

describe('MeshService', () => {
  test('a Service named and selecting by app, port http, and one Deployment per version that listens on the port', () => {
    const { service, chart } = synth({ versions: [{ version: 'v1', image: 'quay.io/kiali/demo_travels_hotels:v1' }] });
    service.addVersion({ version: 'v2', image: 'quay.io/kiali/demo_travels_hotels:v1' });
    const objects = Testing.synth(chart);
    expect(objects[0]).toEqual({
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'hotels', namespace: 'travel-agency', labels: { app: 'hotels' } },
      spec: { ports: [{ name: 'http', port: 8000 }], selector: { app: 'hotels' } },
    });
    expect(objects.slice(1).map((o) => [o.metadata.name, o.spec.template.spec.containers[0].ports])).toEqual([
      ['hotels-v1', [{ containerPort: 8000 }]], ['hotels-v2', [{ containerPort: 8000 }]],
    ]);
    expect([service.fqdn, service.address, service.versions, service.workloads.map((w) => w.name)])
      .toEqual(['hotels.travel-agency.svc.cluster.local', 'hotels.travel-agency:8000', ['v1', 'v2'], ['hotels-v1', 'hotels-v2']]);
  });

  test('fromServiceName: a reference to a service made elsewhere, checked like a constructed one', () => {
    const ref = MeshService.fromServiceName('mysqldb', 'travel-agency', { port: 3306, versions: ['v1'] });
    expect(ref).toEqual({ name: 'mysqldb', namespace: 'travel-agency', fqdn: 'mysqldb.travel-agency.svc.cluster.local', port: 3306, versions: ['v1'] });
    expect(serviceAddress(ref)).toBe('mysqldb.travel-agency:3306');
    expect(() => MeshService.fromServiceName('mysqldb', 'travel-agency', { port: 3306, versions: ['v1', 'v1'] }))
      .toThrow('MeshService.fromServiceName: options.versions ["v1","v1"] is not valid. Allowed: each version once ("v1" is there twice).');
    expect(() => MeshService.fromServiceName('1db', 'travel-agency', { port: 3306, versions: [] })).toThrow(/MeshService\.fromServiceName: name "1db" is not valid/);
  });

  test.each<[Partial<MeshServiceProps> | 'twice' | 'reserved', RegExp]>([
    [{ name: 'Hotels' }, /c\/hotels: name "Hotels" is not valid/],
    [{ port: { number: 0 } }, /c\/hotels: port\.number 0 is not valid/],
    [{ port: { number: 8000, name: 'HTTP' } }, /c\/hotels: port\.name "HTTP" is not valid/],
    ['twice', /c\/hotels: version "v1" is not valid\. Allowed: a version not yet added \(have v1\)\./],
    ['reserved', /c\/hotels: version "constructor" is not valid\. Allowed: a DNS-1123 label other than "constructor" and "prototype"/],
  ])('refuses %j, naming the construct path and the value', (props, message) => {
    expect(() => {
      if (props === 'twice') synth({ versions: [{ version: 'v1', image: 'i' }, { version: 'v1', image: 'i' }] });
      else if (props === 'reserved') synth().service.addVersion({ version: 'constructor', image: 'i' });
      else synth(props);
    }).toThrow(message);
  });
});


test('MeshService labels: added to the Service\'s app label; another app label is refused', () => {
  const chart = new Chart(meshApp(), 'c');
  new MeshService(chart, 'details', { name: 'details', namespace: 'bookinfo', port: { number: 9080 }, labels: { service: 'details' } });
  expect(Testing.synth(chart)[0].metadata.labels).toEqual({ app: 'details', service: 'details' });
  expect(() => new MeshService(meshChart(), 's', { name: 'details', namespace: 'bookinfo', port: { number: 9080 }, labels: { app: 'other' } }))
    .toThrow(/s: labels value of "app" "other" is not valid\. Allowed: "details"/);
});
