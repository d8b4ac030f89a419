import { App, Testing } from 'cdk8s';
import { buildTravelsWorkshop, synthWarningsOf, travelsWorkshopOptionsFromEnv } from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { find } from '../support/objects';

const DOMAIN = { CLUSTER_BASE_DOMAIN: 'apps.example.com' };

/** The base objects (operators, control plane, apps) of the workshop built from these environment variables. */
function baseFromEnv(env: Record<string, string>): KubeObject[] {
  const workshop = buildTravelsWorkshop(travelsWorkshopOptionsFromEnv({ ...DOMAIN, ...env }));
  return workshop.base.charts.flatMap((chart) => Testing.synth(chart));
}

/** The same, for the seed's OSSM 2.6 (`OSSM_VERSION=2.6`), whose switches these are. */
const base26FromEnv = (env: Record<string, string>): KubeObject[] => baseFromEnv({ OSSM_VERSION: '2.6', ...env });

const smcpSpec = (objects: KubeObject[]) => find(objects, 'ServiceMeshControlPlane', 'basic', 'istio-system').spec;
const subscriptions = (objects: KubeObject[]) => Object.fromEntries(objects.filter((o) => o.kind === 'Subscription')
  .map((s) => [s.spec.name, { startingCSV: s.spec.startingCSV, installPlanApproval: s.spec.installPlanApproval }]));

describe('travelsWorkshopOptionsFromEnv: the switches of npm run synth', () => {
  test('on OSSM 2.6, unset or empty variables keep the workshop: Jaeger, IOR on, Kiali pinned to 1.89.8', () => {
    for (const env of [{}, { MESH_TRACING: '', MESH_IOR: ' ', KIALI_VERSION: '' }]) {
      const objects = base26FromEnv(env);
      expect(smcpSpec(objects)).toMatchObject({ tracing: { type: 'Jaeger' }, gateways: { openshiftRoute: { enabled: true } } });
      expect(subscriptions(objects)).toEqual({
        'jaeger-product': { installPlanApproval: 'Automatic', startingCSV: undefined },
        'kiali-ossm': { installPlanApproval: 'Manual', startingCSV: 'kiali-operator.v1.89.8' },
        servicemeshoperator: { installPlanApproval: 'Automatic', startingCSV: undefined },
      });
      expect(objects.filter((o) => o.kind === 'Route')).toEqual([]);
    }
  });

  test('MESH_TRACING=none drops Jaeger: tracing type None and no Jaeger Subscription', () => {
    const objects = base26FromEnv({ MESH_TRACING: 'none' });
    expect(smcpSpec(objects).tracing.type).toBe('None');
    expect(Object.keys(subscriptions(objects))).toEqual(['kiali-ossm', 'servicemeshoperator']);
    expect(smcpSpec(base26FromEnv({ MESH_TRACING: 'jaeger' })).tracing.type).toBe('Jaeger');
  });

  test('MESH_IOR=false turns IOR off, and the control host gets a Route of its own', () => {
    const objects = base26FromEnv({ MESH_IOR: 'false' });
    expect(smcpSpec(objects).gateways.openshiftRoute.enabled).toBe(false);
    const route = find(objects, 'Route', 'travel-control-control-gateway', 'istio-system');
    expect(route.spec.host).toBe('control.travel-control.apps.apps.example.com');
    expect(smcpSpec(base26FromEnv({ MESH_IOR: 'true' })).gateways.openshiftRoute.enabled).toBe(true);
  });

  test('KIALI_VERSION pins another version, or follows the channel with automatic upgrades', () => {
    expect(subscriptions(baseFromEnv({ KIALI_VERSION: '2.4.0' }))['kiali-ossm']).toEqual({ installPlanApproval: 'Manual', startingCSV: 'kiali-operator.v2.4.0' });
    expect(subscriptions(baseFromEnv({ KIALI_VERSION: 'v2.4.0' }))['kiali-ossm']).toEqual({ installPlanApproval: 'Manual', startingCSV: 'kiali-operator.v2.4.0' });
    expect(subscriptions(baseFromEnv({ KIALI_VERSION: 'channel' }))['kiali-ossm']).toEqual({ installPlanApproval: 'Automatic', startingCSV: undefined });
  });

  test('MYSQL_SECRET_NAME uses an existing Secret instead of the demo credentials, and the demo warning goes away', () => {
    const workshop = buildTravelsWorkshop(travelsWorkshopOptionsFromEnv({ ...DOMAIN, MYSQL_SECRET_NAME: 'mysql-root' }));
    const objects = workshop.base.charts.flatMap((chart) => Testing.synth(chart));
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    expect(find(objects, 'Deployment', 'mysqldb-v1').spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef).toEqual({ name: 'mysql-root', key: 'rootpasswd' });
    const appsWarnings = (base: App) => synthWarningsOf(base).filter((w) => w.path.startsWith('travels-apps'));
    expect(appsWarnings(workshop.base)).toEqual([]);
    expect(appsWarnings(buildTravelsWorkshop(travelsWorkshopOptionsFromEnv(DOMAIN)).base).map((w) => w.message)).toEqual([expect.stringContaining('MYSQL_SECRET_NAME=mysql-root')]);
    expect(() => buildTravelsWorkshop(travelsWorkshopOptionsFromEnv({ ...DOMAIN, MYSQL_SECRET_NAME: 'Bad_Name' })))
      .toThrow(/travels-apps\/TravelAgency: mysql\.existingSecretName "Bad_Name" is not valid/);
  });

  test('OSSM_VERSION=3 (the default) builds the workshop for OSSM 3 from the same settings; 2.6 keeps OSSM 2.6', () => {
    const objects = baseFromEnv({ OSSM_VERSION: '3', MESH_TRACING: 'none', KIALI_VERSION: '2.17.1' });
    expect(objects.filter((o) => ['Istio', 'IstioCNI', 'ServiceMeshControlPlane'].includes(o.kind)).map((o) => o.kind)).toEqual(['Istio', 'IstioCNI']);
    expect(subscriptions(objects)).toEqual({
      'kiali-ossm': { installPlanApproval: 'Manual', startingCSV: 'kiali-operator.v2.17.1' },
      servicemeshoperator3: { installPlanApproval: 'Automatic', startingCSV: undefined },
    });
    expect(find(objects, 'Route', 'travel-control-control-gateway', 'istio-ingress').spec.host).toBe('control.travel-control.apps.apps.example.com');
    expect(smcpSpec(baseFromEnv({ OSSM_VERSION: '2.6' })).version).toBe('v2.6');
    for (const env of [{ OSSM_VERSION: ' ' }, {}]) {
      expect(baseFromEnv(env).filter((o) => ['Istio', 'ServiceMeshControlPlane'].includes(o.kind)).map((o) => o.kind)).toEqual(['Istio']);
    }
    // the workshop's 1.89.8 pin, given explicitly, is refused on OSSM 3 with the reason
    expect(() => baseFromEnv({ OSSM_VERSION: '3', KIALI_VERSION: '1.89.8' })).toThrow(/Kiali 1\.x predates OSSM 3/);
    expect(() => travelsWorkshopOptionsFromEnv({ ...DOMAIN, OSSM_VERSION: '3.0' }))
      .toThrow('OSSM_VERSION="3.0" is not valid. Allowed: 3 (OpenShift Service Mesh 3: the Sail operator, Istio 1.30; the default), 2.6 (OpenShift Service Mesh 2.6, the workshop\'s, past its end of life (2026-06-30)).');
  });

  test('bad values are all reported at once, each with the variable, the value and what is allowed', () => {
    const error = (() => {
      try {
        travelsWorkshopOptionsFromEnv({ MESH_TRACING: 'zipkin', MESH_IOR: 'yes', KIALI_VERSION: '1.89' });
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    })();
    expect(error.split('\n').filter((line) => !line.startsWith(' '))).toEqual([
      expect.stringMatching(/^CLUSTER_BASE_DOMAIN is not set\. /),
      'MESH_TRACING="zipkin" is not valid. Allowed: jaeger (the workshop\'s Jaeger, whose operator left the Red Hat catalog in November 2025), none (no tracing).',
      'MESH_IOR="yes" is not valid. Allowed: true (Istio OpenShift Routing makes the Routes, as in the workshop), false (no IOR; the workshop emits its own Route).',
      expect.stringMatching(/^KIALI_VERSION="1\.89" is not valid\. Allowed: a Kiali operator version x\.y\.z \(or vx\.y\.z\) to pin \(the workshop pins 1\.89\.8; .*\), or channel \(/),
    ]);
  });

  test('only the listed values count: object keys and other spellings are refused', () => {
    for (const value of ['__proto__', 'constructor', 'toString', 'None', 'JAEGER']) {
      expect(() => travelsWorkshopOptionsFromEnv({ ...DOMAIN, MESH_TRACING: value })).toThrow(`MESH_TRACING=${JSON.stringify(value)} is not valid.`);
    }
    for (const value of ['__proto__', 'TRUE', '1', 'on']) {
      expect(() => travelsWorkshopOptionsFromEnv({ ...DOMAIN, MESH_IOR: value })).toThrow(`MESH_IOR=${JSON.stringify(value)} is not valid.`);
    }
    for (const value of ['1.89', '1.89.8-rc1', 'latest', '__proto__']) {
      expect(() => travelsWorkshopOptionsFromEnv({ ...DOMAIN, KIALI_VERSION: value })).toThrow(`KIALI_VERSION=${JSON.stringify(value)} is not valid.`);
    }
  });
});
