import { Testing } from 'cdk8s';
import { SIDECAR_INJECT_LABEL, TravelsAppsChart, TravelsAppsChartProps } from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { CLUSTER_SCOPED, find, keyOf, podTemplates } from '../support/objects';
import { podSpecOf, restrictedViolations } from '../support/pod-security';
import { describeWithShared } from '../support/shared';
import { expectedFromUpstream, POD_SECURITY, UPSTREAM, upstreamObjects } from '../support/travels-upstream';
import { meshApp } from '../support/control-planes';

function synthApps(props: TravelsAppsChartProps = {}): KubeObject[] {
  return Testing.synth(new TravelsAppsChart(meshApp(), 'travels-apps', props));
}

describe('TravelsAppsChart', () => {
  test('snapshot', () => {
    expect(synthApps()).toMatchSnapshot();
  });

  test('the load tester is off by default (the workshop adds it in 6-1)', () => {
    const objects = synthApps();
    expect(objects.filter((o) => o.metadata?.name === 'loadtester')).toEqual([]);
  });

  test('every pod template carries the injection label; overrides switch it per workload', () => {
    for (const t of podTemplates(synthApps({ loadTester: true }))) expect([t.owner, t.labels[SIDECAR_INJECT_LABEL]]).toEqual([t.owner, 'true']);
    const templates = podTemplates(synthApps({ sidecarInjectionOverrides: { 'mysqldb-v1': false } }));
    const without = templates.filter((t) => t.labels[SIDECAR_INJECT_LABEL] === undefined).map((t) => t.owner);
    expect(without).toEqual(['Deployment/travel-agency/mysqldb-v1']);
    const none = podTemplates(synthApps({ sidecarInjection: false, sidecarInjectionOverrides: { control: true } }));
    expect(none.filter((t) => t.labels[SIDECAR_INJECT_LABEL] === 'true').map((t) => t.owner)).toEqual(['Deployment/travel-control/control']);
  });

  test('every namespaced object names its namespace, and no two objects share kind, namespace and name', () => {
    const objects = synthApps({ loadTester: true, controlIngress: { clusterBaseDomain: 'example.com', createRoute: true } });
    for (const o of objects) if (!CLUSTER_SCOPED.has(o.kind)) expect([keyOf(o), o.metadata?.namespace]).toEqual([keyOf(o), expect.stringMatching(/.+/)]);
    const keys = objects.map(keyOf);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('none of the defaults cdk8s-plus would add', () => {
    for (const d of synthApps({ loadTester: true }).filter((o) => o.kind === 'Deployment')) {
      const pod = d.spec.template.spec;
      expect(pod.automountServiceAccountToken).toBeUndefined();
      expect(pod.securityContext).toEqual(POD_SECURITY); // no fsGroup, user or group of cdk8s-plus's: OpenShift assigns them
      expect(pod.containers[0].resources).toBeUndefined();
      expect(Object.keys(d.spec.template.metadata.labels).sort()).toEqual(['app', SIDECAR_INJECT_LABEL, 'version']);
    }
  });

  test('renamed namespaces: the URLs the apps call each other by follow', () => {
    const objects = synthApps({ agencyNamespace: 'agency', portalNamespace: 'portal', controlNamespace: 'ctl', loadTester: true });
    const env = (name: string, ns: string) => Object.fromEntries(find(objects, 'Deployment', name, ns).spec.template.spec.containers[0].env
      .map((e: any) => [e.name, e.value ?? e.valueFrom]));
    expect(env('cars-v1', 'agency')).toMatchObject({ DISCOUNTS_SERVICE: 'http://discounts.agency:8000', MYSQL_SERVICE: 'mysqldb.agency:3306' });
    expect(env('travels-v2', 'agency')).toMatchObject({ HOTELS_SERVICE: 'http://hotels.agency:8000', CURRENT_VERSION: 'v2' });
    expect(env('voyages', 'portal').TRAVELS_AGENCY_SERVICE).toBe('http://travels.agency:8000');
    expect(env('loadtester', 'portal').TRAVELS_AGENCY_SERVICE).toBe('http://travels.agency:8000');
    expect(env('control', 'ctl').PORTAL_SERVICES).toBe(
      'voyages.fr;http://voyages.portal:8000,viaggi.it;http://viaggi.portal:8000,travels.uk;http://travels.portal:8000');
  });

  test('the MySQL password comes from a prop, or from an existing Secret', () => {
    expect(find(synthApps({ mysql: { rootPassword: 's3cret' } }), 'Secret', 'mysql-credentials').data)
      .toEqual({ rootpasswd: Buffer.from('s3cret').toString('base64') });
    const objects = synthApps({ mysql: { existingSecretName: 'db-root' } });
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const refs = objects.filter((o) => o.kind === 'Deployment').flatMap((d) => d.spec.template.spec.containers[0].env ?? [])
      .filter((e: any) => e.valueFrom).map((e: any) => e.valueFrom.secretKeyRef);
    expect(refs.length).toBe(5);
    for (const r of refs) expect(r).toEqual({ name: 'db-root', key: 'rootpasswd' });
  });

  test('the agency\'s travels runs the versions asked for', () => {
    const objects = synthApps({ travelsVersions: ['v1'] });
    expect(objects.filter((o) => o.kind === 'Deployment' && o.spec.template.metadata.labels.app === 'travels'
      && o.metadata?.namespace === 'travel-agency').map((d) => d.metadata!.name)).toEqual(['travels-v1']);
  });

  test('control ingress: Gateway and VirtualService for control.travel-control.apps.<domain>; a Route only when asked', () => {
    const objects = synthApps({ controlIngress: { clusterBaseDomain: 'ocp.example.com' } });
    const gw = find(objects, 'Gateway', 'control-gateway', 'travel-control');
    expect(gw.apiVersion).toBe('networking.istio.io/v1beta1');
    expect(gw.spec).toEqual({
      selector: { istio: 'ingressgateway' },
      servers: [{ hosts: ['control.travel-control.apps.ocp.example.com'], port: { name: 'http', number: 80, protocol: 'HTTP' } }],
    });
    const vs = find(objects, 'VirtualService', 'control-ingress', 'travel-control');
    expect(vs.apiVersion).toBe('networking.istio.io/v1beta1');
    expect(vs.spec).toEqual({
      gateways: ['travel-control/control-gateway'],
      hosts: ['control.travel-control.apps.ocp.example.com'],
      http: [{ route: [{ destination: { host: 'control.travel-control.svc.cluster.local', port: { number: 8080 } } }] }],
    });
    expect(objects.filter((o) => o.kind === 'Route')).toEqual([]);
    const route = find(synthApps({ controlIngress: { clusterBaseDomain: 'ocp.example.com', createRoute: true } }), 'Route', 'travel-control-control-gateway');
    expect(route.metadata!.namespace).toBe('istio-system');
    expect(route.spec).toMatchObject({ host: 'control.travel-control.apps.ocp.example.com', to: { kind: 'Service', name: 'istio-ingressgateway' } });
  });

  test('exposes its services for traffic charts', () => {
    const chart = new TravelsAppsChart(meshApp(), 'apps');
    expect(chart.agency.travels).toMatchObject({ name: 'travels', namespace: 'travel-agency', fqdn: 'travels.travel-agency.svc.cluster.local', port: 8000 });
    expect(chart.agency.travels.versions).toEqual(['v1', 'v2', 'v3']);
    expect(chart.portal.travels.fqdn).toBe('travels.travel-portal.svc.cluster.local');
    expect(chart.memberNamespaces).toEqual(['travel-agency', 'travel-portal', 'travel-control']);
  });

  describe('pod security', () => {
    const workloads = (objects: KubeObject[]) => objects.filter((o) => podSpecOf(o) !== undefined);

    test('every workload passes Pod Security "restricted" and OpenShift restricted-v2', () => {
      const ours = workloads(synthApps({ loadTester: true }));
      expect(ours).toHaveLength(14);
      for (const w of ours) expect([keyOf(w), restrictedViolations(podSpecOf(w)!)]).toEqual([keyOf(w), []]);
    });

    test('mysqldb runs as whatever user the cluster assigns, with its data and socket folders on emptyDirs', () => {
      // quay.io/kiali/demo_travels_mysqldb:v1 is FROM mysql:8.0.20 and declares no USER. Started as root, the
      // entrypoint steps down to the user mysql; started as another user (restricted-v2 assigns one from the
      // namespace's range) it runs as that user. It writes only /var/lib/mysql, /var/run/mysqld (owned by mysql
      // in the image, so an emptyDir here) and /tmp; so no read-only root file system, unlike the Go services.
      // Whether it starts on a cluster is not verified here.
      const d = find(synthApps(), 'Deployment', 'mysqldb-v1');
      const pod = d.spec.template.spec;
      expect(pod.containers[0].image).toBe('quay.io/kiali/demo_travels_mysqldb:v1');
      expect(pod.securityContext).toEqual(POD_SECURITY);
      expect(pod.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      expect(pod.containers[0].volumeMounts.map((m: any) => m.mountPath)).toEqual(['/var/lib/mysql', '/var/run/mysqld']);
      expect(pod.volumes).toEqual([{ name: 'var-lib-mysql', emptyDir: {} }, { name: 'var-run-mysqld', emptyDir: {} }]);
    });

    test('runAsUser: every pod runs as that user, for clusters that assign none (the images declare no USER)', () => {
      const ours = workloads(synthApps({ loadTester: true, runAsUser: 1000 }));
      for (const w of ours) {
        expect([keyOf(w), podSpecOf(w)!.securityContext]).toEqual([keyOf(w), { ...POD_SECURITY, runAsUser: 1000 }]);
        expect(restrictedViolations(podSpecOf(w)!)).toEqual([]);
      }
      expect(() => synthApps({ runAsUser: 0 })).toThrow(/travels-apps\/TravelAgency: runAsUser 0 is not valid\. Allowed: a whole number from 1 to 2147483647\./);
    });
  });

  describe('bad input', () => {
    test.each<[TravelsAppsChartProps, RegExp]>([
      [{ controlIngress: { clusterBaseDomain: 'not a domain' } }, /travels-apps: controlIngress\.clusterBaseDomain "not a domain" is not valid\. Allowed: a DNS-1123 subdomain/],
      [{ controlIngress: { clusterBaseDomain: 'Example.COM' } }, /clusterBaseDomain "Example\.COM" is not valid/],
      [{ agencyNamespace: '' }, /travels-apps: agencyNamespace "" is not valid\. Allowed: a DNS-1123 label/],
      [{ portalNamespace: 'travel_portal' }, /portalNamespace "travel_portal" is not valid/],
      [{ agencyNamespace: 'x', portalNamespace: 'x' }, /namespaces \["x","x","travel-control"\] is not valid\. Allowed: three different namespaces/],
      [{ travelsVersions: [] }, /travels-apps\/TravelAgency: travelsVersions \[\] is not valid\. Allowed: at least one version/],
      [{ travelsVersions: ['v1', 'v1'] }, /travels-apps\/TravelAgency\/travels: version "v1" is not valid\. Allowed: a version not yet added/],
      [{ mysql: { rootPassword: '' } }, /mysql\.rootPassword \*\*\* is not valid/],
      [{ mysql: { rootPassword: 'a', existingSecretName: 'b' } }, /Allowed: either rootPassword or existingSecretName, not both/],
      [{ sidecarInjectionOverrides: { 'cars-v2': false } }, /sidecarInjectionOverrides key "cars-v2" is not valid\. Allowed: a Deployment of this chart: .*cars-v1/],
      [{ zipkinAddress: 'zipkin' }, /zipkinAddress "zipkin" is not valid\. Allowed: "<host>:<port>"/],
    ])('%j', (props, message) => {
      expect(() => synthApps(props)).toThrow(message);
    });
  });
});

describeWithShared('TravelsAppsChart against kiali/demos', [UPSTREAM], () => {
  test('every upstream object is reproduced with the same facts, and nothing else is added', () => {
    const ours = synthApps({ loadTester: true });
    const upstream = upstreamObjects();
    expect(upstream.length).toBe(27);
    for (const { file, namespace, object } of upstream) {
      const mine = find(ours, object.kind, object.metadata.name, namespace);
      expect({ file, object: mine }).toEqual({ file, object: expectedFromUpstream(object, namespace) });
    }
    const namespaces = ours.filter((o) => o.kind === 'Namespace').map((o) => o.metadata!.name);
    expect(namespaces).toEqual(['travel-agency', 'travel-portal', 'travel-control']);
    expect(ours.length).toBe(upstream.length + namespaces.length);
  });

  test('upstream\'s workloads fail Pod Security "restricted" (so the differences above are needed)', () => {
    // what upstream lacks: the pod-level settings everywhere, and any container settings on mysqldb
    for (const { object } of upstreamObjects().filter((u) => u.object.kind === 'Deployment')) {
      expect(restrictedViolations(podSpecOf(object)!)).toEqual(expect.arrayContaining([
        expect.stringMatching(/is not runAsNonRoot/), expect.stringMatching(/no RuntimeDefault\/Localhost seccomp profile/)]));
    }
    const mysql = upstreamObjects().find((u) => u.object.metadata.name === 'mysqldb-v1')!.object;
    expect(restrictedViolations(podSpecOf(mysql)!)).toContain('container mysqldb does not drop ALL capabilities');
  });
});
