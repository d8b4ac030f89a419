import { analyze, KubeObject } from '../../lib/analysis';
import {
  AGENCY, codes, controlPlane, CP, deployment, destinationRule, findings, gateway, memberRoll, NET, service, TRAVELS_FQDN,
  virtualService, cleanMesh, withEdit,
} from './fixtures';

const vsEdit = (edit: (o: any) => void): KubeObject[] => withEdit(cleanMesh(), 'VirtualService', 'travels', edit);
const drEdit = (edit: (o: any) => void): KubeObject[] => withEdit(cleanMesh(), 'DestinationRule', 'travels', edit);
const ingressEdit = (edit: (o: any) => void): KubeObject[] => withEdit(cleanMesh(), 'VirtualService', 'travels-ingress', edit);
const gatewayEdit = (edit: (o: any) => void): KubeObject[] => withEdit(cleanMesh(), 'Gateway', 'travels-gateway', edit);
const weightedRoute = (o: any): any[] => o.spec.http[1].route;

test('the clean fixture has no finding at all', () => {
  const result = analyze(cleanMesh());
  expect(result.findings).toEqual([]);
  expect(result).toMatchObject({ errors: 0, warnings: 0, suppressed: 0, objects: cleanMesh().length });
});

describe('OSSM001 suppression annotation', () => {
  const annotate = (key: string, value: string): KubeObject[] =>
    withEdit(cleanMesh(), 'Deployment', 'travels-v1', (o) => { o.metadata.annotations = { [key]: value }; });
  test('fires for an unknown code and for an empty reason', () => {
    expect(findings(annotate('suppress.analysis.cdk8s-ossm.io/OSSM999', 'why'), 'OSSM001')).toHaveLength(1);
    expect(findings(annotate('suppress.analysis.cdk8s-ossm.io/ossm501', 'why'), 'OSSM001')).toHaveLength(1);
    const empty = findings(annotate('suppress.analysis.cdk8s-ossm.io/OSSM501', ' '), 'OSSM001');
    expect(empty.map((f) => f.message)).toEqual([expect.stringContaining('empty reason')]);
  });
  test('does not fire for a known code with a reason', () => {
    expect(findings(annotate('suppress.analysis.cdk8s-ossm.io/OSSM501', 'tested elsewhere'), 'OSSM001')).toEqual([]);
  });
});

describe('OSSM101 subset not defined', () => {
  test('fires for a subset the DestinationRule does not define', () => {
    const f = findings(vsEdit((o) => { o.spec.http[0].route[0].destination.subset = 'v4'; }), 'OSSM101');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', kind: 'VirtualService', namespace: AGENCY, name: 'travels' });
    expect(f[0].message).toContain('subset "v4"');
    expect(f[0].message).toContain('defined: v1, v2, v3');
  });
  test('fires when no DestinationRule for the host is in the set, for tcp and tls routes too', () => {
    const objects = cleanMesh().filter((o) => o.kind !== 'DestinationRule');
    objects.push(virtualService(AGENCY, 'db', { hosts: ['db'], tcp: [{ route: [{ destination: { host: 'db', subset: 'v1' } }] }] }));
    objects.push(virtualService(AGENCY, 'tls', { hosts: ['tls'], tls: [{ match: [{ sniHosts: ['tls'] }], route: [{ destination: { host: 'tls', subset: 'a' } }] }] }));
    const f = findings(objects, 'OSSM101');
    // one finding per host and subset: v1, v2 and v3 of travels
    expect(f.map((x) => x.name)).toEqual(['db', 'tls', 'travels', 'travels', 'travels']);
    expect(f[0].message).toContain(`no DestinationRule for db.${AGENCY}.svc.cluster.local`);
  });
  test('does not fire when the subset is defined, also by a short-host or wildcard DestinationRule', () => {
    expect(findings(cleanMesh(), 'OSSM101')).toEqual([]);
    expect(findings(drEdit((o) => { o.spec.host = 'travels'; }), 'OSSM101')).toEqual([]);
    expect(findings(drEdit((o) => { o.spec.host = `*.${AGENCY}.svc.cluster.local`; }), 'OSSM101')).toEqual([]);
  });
  test('checks mirrors too', () => {
    const objects = vsEdit((o) => { o.spec.http[1].mirror = { host: TRAVELS_FQDN, subset: 'shadow' }; });
    expect(findings(objects, 'OSSM101').map((f) => f.message)).toEqual([expect.stringContaining('http[1].mirror')]);
  });
});

describe('OSSM102 destination host without Service', () => {
  const dest = (host: string): KubeObject[] => vsEdit((o) => { weightedRoute(o)[2].destination = { host }; delete weightedRoute(o)[2].weight; weightedRoute(o)[0].weight = 70; });
  test('fires for short names and FQDNs of missing Services', () => {
    expect(findings(dest('reviews'), 'OSSM102').map((f) => f.message)).toEqual([expect.stringContaining(`reviews.${AGENCY}.svc.cluster.local`)]);
    expect(findings(dest('reviews.bookinfo.svc.cluster.local'), 'OSSM102')).toHaveLength(1);
    expect(findings(dest(`reviews.${AGENCY}`), 'OSSM102')).toHaveLength(1);
    expect(findings(dest(`travels.${AGENCY}.svc.cluster.local`), 'OSSM102')).toEqual([]);
  });
  test('external hosts (and x.y where y is no known namespace) need a ServiceEntry', () => {
    expect(findings(dest('httpbin.org'), 'OSSM102').map((f) => f.message)).toEqual([expect.stringContaining('no ServiceEntry in the set declares it')]);
    expect(findings(dest('api.example.com'), 'OSSM102')).toHaveLength(1);
    const entry = (hosts: string[], exportTo?: string[]): KubeObject =>
      ({ apiVersion: NET, kind: 'ServiceEntry', metadata: { name: 'external', namespace: AGENCY }, spec: { hosts, ...(exportTo ? { exportTo } : {}) } });
    expect(findings([...dest('httpbin.org'), entry(['httpbin.org'])], 'OSSM102')).toEqual([]);
    expect(findings([...dest('api.example.com'), entry(['*.example.com'])], 'OSSM102')).toEqual([]);
    expect(findings([...dest('legacy.other.svc.cluster.local'), entry(['legacy.other.svc.cluster.local'])], 'OSSM102')).toEqual([]);
  });
  test('a Service or ServiceEntry not exported to the VirtualService\'s namespace is not found there', () => {
    const hidden = dest(`hidden.${CP}.svc.cluster.local`);
    hidden.push({ ...service(CP, 'hidden', { app: 'hidden' }), metadata: { name: 'hidden', namespace: CP, annotations: { 'networking.istio.io/exportTo': '.' } } });
    expect(findings(hidden, 'OSSM102').map((f) => f.message)).toEqual([expect.stringContaining(`Service ${CP}/hidden is exported to ${CP}`)]);
    const exported = hidden.map((o) => (o.metadata?.name === 'hidden' ? { ...o, metadata: { ...o.metadata, annotations: { 'networking.istio.io/exportTo': `.,${AGENCY}` } } } : o));
    expect(findings(exported, 'OSSM102')).toEqual([]);
    const seOnlyHere = [...dest('api.example.com'), { apiVersion: NET, kind: 'ServiceEntry', metadata: { name: 'api', namespace: CP }, spec: { hosts: ['api.example.com'], exportTo: ['.'] } }];
    expect(findings(seOnlyHere, 'OSSM102').map((f) => f.message)).toEqual([expect.stringContaining(`ServiceEntry ${CP}/api is exported to ${CP}`)]);
  });
  test('fires on a DestinationRule whose host has no Service', () => {
    const f = findings(drEdit((o) => { o.spec.host = 'travel'; }), 'OSSM102');
    expect(f.find((x) => x.kind === 'DestinationRule')).toMatchObject({ severity: 'warning', name: 'travels' });
  });
});

describe('OSSM103 two VirtualServices for one host on the mesh gateway', () => {
  const second = (spec: object): KubeObject[] => [...cleanMesh(), virtualService(AGENCY, 'travels-2', { http: [{ route: [{ destination: { host: 'travels' } }] }], ...spec })];
  test('fires on both, also when the hosts are written differently', () => {
    const f = findings(second({ hosts: ['travels'] }), 'OSSM103');
    expect(f.map((x) => x.name)).toEqual(['travels', 'travels-2']);
    expect(f[0].message).toContain('VirtualService travel-agency/travels-2');
    expect(findings(second({ hosts: ['travels.travel-agency'], gateways: ['mesh', 'travels-gateway'] }), 'OSSM103')).toHaveLength(2);
  });
  test('does not fire when the second one is bound to a Gateway only, or names another host', () => {
    expect(findings(second({ hosts: [TRAVELS_FQDN], gateways: ['travels-gateway'] }), 'OSSM103')).toEqual([]);
    expect(findings(second({ hosts: ['cars'] }), 'OSSM103')).toEqual([]);
  });
  test('does not mix up a short host of another namespace', () => {
    const other = [...cleanMesh(), virtualService('travel-portal', 'travels', { hosts: ['travels'], http: [{ route: [{ destination: { host: 'travels' } }] }] })];
    expect(findings(other, 'OSSM103')).toEqual([]);
  });
});

describe('OSSM104 Gateway not in the set', () => {
  test('fires for a missing gateway, a gateway in another namespace and a missing match-level gateway', () => {
    expect(findings(ingressEdit((o) => { o.spec.gateways = ['nope']; }), 'OSSM104').map((f) => f.message))
      .toEqual([expect.stringContaining('Gateway travel-agency/nope')]);
    expect(findings(ingressEdit((o) => { o.spec.gateways = [`${CP}/travels-gateway`]; }), 'OSSM104')).toHaveLength(1);
    expect(findings(ingressEdit((o) => { o.spec.http[0].match = [{ gateways: ['gone'] }]; }), 'OSSM104').map((f) => f.message))
      .toEqual([expect.stringContaining('http[0].match[0].gateways[0]')]);
  });
  test('does not fire for ns/name, a bare name in the same namespace, or mesh', () => {
    expect(findings(ingressEdit((o) => { o.spec.gateways = [`${AGENCY}/travels-gateway`, 'mesh']; }), 'OSSM104')).toEqual([]);
    expect(findings(cleanMesh(), 'OSSM104')).toEqual([]);
  });
});

describe('OSSM105 host not served by the Gateway', () => {
  const gwHosts = (hosts: string[]): KubeObject[] => gatewayEdit((o) => { o.spec.servers[0].hosts = hosts; });
  test('fires when no server host admits the VirtualService host', () => {
    const f = findings(gwHosts(['control.apps.example.com']), 'OSSM105');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', name: 'travels-ingress' });
    expect(f[0].message).toContain('none of its hosts (travels.apps.example.com) is served by Gateway travel-agency/travels-gateway');
    expect(findings(gwHosts(['other-ns/travels.apps.example.com']), 'OSSM105')).toHaveLength(1);
    expect(findings(gwHosts(['*.other.com']), 'OSSM105')).toHaveLength(1);
  });
  test('does not fire for *, *.domain, ns/host, ./host and */host', () => {
    for (const hosts of [['*'], ['*.apps.example.com'], [`${AGENCY}/travels.apps.example.com`], ['./travels.apps.example.com'], ['*/*']]) {
      expect(findings(gwHosts(hosts), 'OSSM105')).toEqual([]);
    }
  });
  test('./host only admits VirtualServices of the Gateway\'s namespace', () => {
    const objects = [...cleanMesh().filter((o) => o.kind !== 'Gateway'), gateway(CP, 'shared', ['./travels.apps.example.com'])];
    const edited = withEdit(objects, 'VirtualService', 'travels-ingress', (o) => { o.spec.gateways = [`${CP}/shared`]; });
    expect(findings(edited, 'OSSM105')).toHaveLength(1);
  });
});

describe('OSSM106 weights not summing to 100', () => {
  test('fires for 50/30/10 and for several destinations without weights', () => {
    expect(findings(vsEdit((o) => { weightedRoute(o)[2].weight = 10; }), 'OSSM106').map((f) => f.message))
      .toEqual(['http[1].route weights sum to 90, not 100']);
    const f = findings(vsEdit((o) => { for (const d of weightedRoute(o)) delete d.weight; }), 'OSSM106');
    expect(f[0].message).toContain('3 of 3 destinations have no weight');
    expect(f[0].severity).toBe('warning');
  });
  test('fires for tcp routes', () => {
    const objects = [...cleanMesh(), virtualService(AGENCY, 'db', { hosts: ['travels'], gateways: ['travels-gateway'],
      tcp: [{ route: [{ destination: { host: 'travels', subset: 'v1' }, weight: 20 }, { destination: { host: 'travels', subset: 'v2' }, weight: 20 }] }] })];
    expect(findings(objects, 'OSSM106').map((f) => f.name)).toEqual(['db']);
  });
  test('does not fire for 100 in total or a single destination without weight', () => {
    expect(findings(cleanMesh(), 'OSSM106')).toEqual([]);
    expect(findings(vsEdit((o) => { o.spec.http[1].route = [{ destination: { host: 'travels', subset: 'v1' } }]; }), 'OSSM106')).toEqual([]);
  });
});

describe('OSSM107 weights and percentages out of range', () => {
  test('fires for weights over 100, negative or fractional', () => {
    expect(findings(vsEdit((o) => { weightedRoute(o)[0].weight = 150; weightedRoute(o)[1].weight = -70; }), 'OSSM107')).toHaveLength(2);
    expect(findings(vsEdit((o) => { weightedRoute(o)[0].weight = 49.5; weightedRoute(o)[1].weight = 30.5; }), 'OSSM107')).toHaveLength(2);
  });
  test('fires for fault and mirror percentages outside 0–100', () => {
    const f = findings(vsEdit((o) => {
      o.spec.http[1].fault = { abort: { httpStatus: 500, percentage: { value: 120 } }, delay: { fixedDelay: '1s', percentage: { value: -5 } } };
      o.spec.http[1].mirrorPercentage = { value: 200 };
    }), 'OSSM107');
    expect(f.map((x) => x.message)).toEqual([
      'http[1].fault.abort.percentage.value is 120, outside 0–100',
      'http[1].fault.delay.percentage.value is -5, outside 0–100',
      'http[1].mirrorPercentage.value is 200, outside 0–100',
    ]);
    expect(f[0].severity).toBe('error');
  });
  test('does not fire for 0 and 100 and fractional percentages', () => {
    expect(findings(vsEdit((o) => {
      o.spec.http[1].fault = { abort: { httpStatus: 500, percentage: { value: 100 } }, delay: { fixedDelay: '1s', percentage: { value: 0.5 } } };
    }), 'OSSM107')).toEqual([]);
  });
});

describe('OSSM108 rule after a catch-all', () => {
  const swap = (o: any): void => { o.spec.http.reverse(); };
  test('fires for a header rule after a rule without match', () => {
    const f = findings(vsEdit(swap), 'OSSM108');
    expect(f.map((x) => x.message)).toEqual(['http[1] is never reached: http[0] before it matches every request']);
  });
  test('fires after an empty match entry or a uri prefix "/"', () => {
    expect(findings(vsEdit((o) => { o.spec.http.unshift({ name: 'all', match: [{ headers: { a: { exact: 'b' } } }, {}], route: o.spec.http[1].route }); }), 'OSSM108')).toHaveLength(2);
    const f = findings(vsEdit((o) => { o.spec.http[0].match = [{ uri: { prefix: '/' } }]; o.spec.http.push({ name: 'late', route: o.spec.http[1].route }); }), 'OSSM108');
    expect(f.map((x) => x.message)).toEqual([
      'http[1] is never reached: http[0] before it matches every request',
      'http[2] (late) is never reached: http[0] before it matches every request',
    ]);
  });
  test('does not fire when the catch-all comes last or the first rule matches a prefix', () => {
    expect(findings(cleanMesh(), 'OSSM108')).toEqual([]);
    expect(findings(vsEdit((o) => { o.spec.http[0].match = [{ uri: { prefix: '/api' } }]; }), 'OSSM108')).toEqual([]);
  });
});

describe('OSSM109 repeated destination', () => {
  test('fires when a route lists the same subset twice', () => {
    expect(findings(vsEdit((o) => { weightedRoute(o)[2].destination.subset = 'v1'; }), 'OSSM109').map((f) => f.message))
      .toEqual([`http[1].route[2] repeats route[0]: ${TRAVELS_FQDN} subset v1`]);
  });
  test('does not fire for different subsets', () => {
    expect(findings(cleanMesh(), 'OSSM109')).toEqual([]);
  });
});

describe('OSSM201 two DestinationRules for one host', () => {
  test('is an error on both when Istio\'s merge drops a subset or a traffic policy, whatever form the host takes', () => {
    const objects = [...cleanMesh(), destinationRule(AGENCY, 'travels-short', { host: 'travels', subsets: [{ name: 'v1', labels: { version: 'v1' } }] })];
    const f = findings(objects, 'OSSM201');
    expect(f.map((x) => x.name)).toEqual(['travels', 'travels-short']);
    expect(f[0]).toMatchObject({ severity: 'error', message: expect.stringContaining(`host ${TRAVELS_FQDN} is also configured by DestinationRule travel-agency/travels-short in namespace ${AGENCY}, and both set subset v1`) });
    const policies = [...cleanMesh(), destinationRule(AGENCY, 'travels-policy', { host: TRAVELS_FQDN, trafficPolicy: { connectionPool: { tcp: { maxConnections: 1 } } } })];
    expect(findings(policies, 'OSSM201').map((x) => [x.name, x.severity])).toEqual([['travels', 'error'], ['travels-policy', 'error']]);
    expect(findings(policies, 'OSSM201')[0].message).toContain('the top-level trafficPolicy');
  });
  test('is a warning when one rule has no subsets (nothing is dropped, but the merge order decides)', () => {
    const f = findings([...cleanMesh(), destinationRule(AGENCY, 'travels-short', { host: 'travels' })], 'OSSM201');
    expect(f.map((x) => [x.name, x.severity])).toEqual([['travels', 'warning'], ['travels-short', 'warning']]);
  });
  test('does not fire for distinct subsets of one host in one namespace (Istio concatenates them)', () => {
    const split = [...cleanMesh(), destinationRule(AGENCY, 'travels-v4', { host: 'travels', subsets: [{ name: 'v4', labels: { version: 'v4' } }] })];
    expect(findings(split, 'OSSM201')).toEqual([]);
  });
  test('does not fire for a workloadSelector DestinationRule or another host', () => {
    expect(findings([...cleanMesh(), destinationRule(AGENCY, 'ws', { host: 'travels', workloadSelector: { matchLabels: { app: 'x' } } })], 'OSSM201')).toEqual([]);
    expect(findings([...cleanMesh(), destinationRule(AGENCY, 'cars', { host: 'cars' })], 'OSSM201')).toEqual([]);
  });
});

describe('OSSM202 subset selects no pods', () => {
  test('fires for a version no pod template carries, naming the versions that exist', () => {
    const f = findings(drEdit((o) => { o.spec.subsets.push({ name: 'v4', labels: { version: 'v4' } }); }), 'OSSM202');
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('error');
    expect(f[0].message).toContain('subset "v4" (version=v4) selects no pod template of Service travel-agency/travels');
    expect(f[0].message).toContain('version: v1, v2, v3');
  });
  test('fires when the workload is missing or the subset contradicts the Service selector', () => {
    expect(findings(cleanMesh().filter((o) => o.metadata?.name !== 'travels-v3'), 'OSSM202')).toHaveLength(1);
    const f = findings(drEdit((o) => { o.spec.subsets[0].labels = { app: 'cars', version: 'v1' }; }), 'OSSM202');
    expect(f[0].message).toContain('requires app=cars, but Service travel-agency/travels selects app=travels');
  });
  test('pods of other namespaces do not count', () => {
    const objects = cleanMesh().map((o) => (o.metadata?.name === 'travels-v3' ? deployment('travel-portal', 'travels-v3', { app: 'travels', version: 'v3' }) : o));
    expect(findings(objects, 'OSSM202')).toHaveLength(1);
  });
  test('does not fire when pods exist (any workload kind), the Service is not in the set or has no selector', () => {
    expect(findings(cleanMesh(), 'OSSM202')).toEqual([]);
    const statefulSet = cleanMesh().map((o) => (o.metadata?.name === 'travels-v3' ? deployment(AGENCY, 'travels-v3', { app: 'travels', version: 'v3' }, { kind: 'StatefulSet' }) : o));
    expect(findings(statefulSet, 'OSSM202')).toEqual([]);
    const noService = drEdit((o) => { o.spec.subsets.push({ name: 'v4', labels: { version: 'v4' } }); }).filter((o) => o.kind !== 'Service');
    expect(findings(noService, 'OSSM202')).toEqual([]);
    const noSelector = withEdit(drEdit((o) => { o.spec.subsets.push({ name: 'v4', labels: { version: 'v4' } }); }), 'Service', 'travels', (o) => { delete o.spec.selector; });
    expect(findings(noSelector, 'OSSM202')).toEqual([]);
  });
});

describe('OSSM203 duplicate subset names', () => {
  test('fires once per duplicated name', () => {
    const f = findings(drEdit((o) => { o.spec.subsets.push({ name: 'v1', labels: { version: 'v2' } }, { name: 'v1', labels: { version: 'v3' } }); }), 'OSSM203');
    expect(f.map((x) => x.message)).toEqual(['subset "v1" is defined more than once']);
  });
  test('does not fire for distinct names', () => {
    expect(findings(cleanMesh(), 'OSSM203')).toEqual([]);
  });
});

describe('OSSM204 subset without labels', () => {
  test('fires for a subset with no or empty labels', () => {
    const f = findings(drEdit((o) => { o.spec.subsets.push({ name: 'all' }, { name: 'empty', labels: {} }); }), 'OSSM204');
    expect(f.map((x) => x.message)).toEqual([
      'subset "all" has no labels, so it selects every pod of the host',
      'subset "empty" has no labels, so it selects every pod of the host',
    ]);
    expect(f[0].severity).toBe('warning');
  });
  test('does not fire for labelled subsets', () => {
    expect(findings(cleanMesh(), 'OSSM204')).toEqual([]);
  });
});

describe('OSSM205 consecutiveErrors only', () => {
  test('fires at the top level, per port and per subset', () => {
    const f = findings(drEdit((o) => {
      o.spec.trafficPolicy.outlierDetection = { consecutiveErrors: 1, interval: '1s' };
      o.spec.trafficPolicy.portLevelSettings = [{ port: { number: 8000 }, outlierDetection: { consecutiveErrors: 2 } }];
      o.spec.subsets[1].trafficPolicy = { outlierDetection: { consecutiveErrors: 3 } };
    }), 'OSSM205');
    expect(f.map((x) => x.message.split(' sets')[0])).toEqual([
      'subsets[1] (v2).trafficPolicy.outlierDetection',
      'trafficPolicy.outlierDetection',
      'trafficPolicy.portLevelSettings[0].outlierDetection',
    ]);
  });
  test('does not fire when consecutive5xxErrors or consecutiveGatewayErrors is set', () => {
    expect(findings(drEdit((o) => { o.spec.trafficPolicy.outlierDetection = { consecutiveErrors: 1, consecutive5xxErrors: 1 }; }), 'OSSM205')).toEqual([]);
    expect(findings(drEdit((o) => { o.spec.trafficPolicy.outlierDetection = { consecutiveErrors: 1, consecutiveGatewayErrors: 1 }; }), 'OSSM205')).toEqual([]);
    expect(findings(cleanMesh(), 'OSSM205')).toEqual([]);
  });
});

describe('OSSM301 Gateway selector', () => {
  test('fires for a selector nothing carries', () => {
    const f = findings(gatewayEdit((o) => { o.spec.selector = { istio: 'my-gateway' }; }), 'OSSM301');
    expect(f).toEqual([expect.objectContaining({ severity: 'warning', kind: 'Gateway', message: 'selector istio=my-gateway matches no gateway workload in the set' })]);
  });
  test('fires for istio: ingressgateway when the control plane disables ingress or is not in the set', () => {
    expect(findings(withEdit(cleanMesh(), 'ServiceMeshControlPlane', 'basic', (o) => { o.spec.gateways = { ingress: { enabled: false } }; }), 'OSSM301')).toHaveLength(1);
    expect(findings(withEdit(cleanMesh(), 'ServiceMeshControlPlane', 'basic', (o) => { o.spec.gateways = { enabled: false }; }), 'OSSM301')).toHaveLength(1);
    const noCp = findings(cleanMesh().filter((o) => o.kind !== 'ServiceMeshControlPlane'), 'OSSM301');
    expect(noCp[0].message).toContain('the set holds no ServiceMeshControlPlane');
  });
  test('does not fire for the operator\'s gateways or a gateway deployment in the set', () => {
    expect(findings(cleanMesh(), 'OSSM301')).toEqual([]);
    expect(findings(gatewayEdit((o) => { o.spec.selector = { istio: 'egressgateway' }; }), 'OSSM301')).toEqual([]);
    const additional = withEdit(gatewayEdit((o) => { o.spec.selector = { istio: 'travels-gw' }; }), 'ServiceMeshControlPlane', 'basic',
      (o) => { o.spec.gateways = { additionalIngress: { 'istio-travels-gw': { enabled: true } } }; });
    expect(findings(additional, 'OSSM301')).toEqual([]);
    const own = [...gatewayEdit((o) => { o.spec.selector = { app: 'my-gw' }; }), deployment('gateways', 'my-gw', { app: 'my-gw' })];
    expect(findings(own, 'OSSM301')).toEqual([]);
  });
});

describe('OSSM401/OSSM402 objects outside the member roll', () => {
  const outside = (): KubeObject[] => [
    ...cleanMesh(),
    virtualService('other', 'x', { hosts: ['x'], http: [{ route: [{ destination: { host: 'x' } }] }] }),
    service('other', 'x', { app: 'x' }),
    deployment('other', 'x', { app: 'x' }),
  ];
  test('fires for Istio config (error) and workloads (warning) in a namespace the roll does not list', () => {
    const result = analyze(outside());
    const f401 = result.findings.filter((f) => f.code === 'OSSM401');
    const f402 = result.findings.filter((f) => f.code === 'OSSM402');
    expect(f401).toEqual([expect.objectContaining({ severity: 'error', kind: 'VirtualService', namespace: 'other' })]);
    expect(f402).toEqual([expect.objectContaining({ severity: 'warning', kind: 'Deployment', namespace: 'other' })]);
  });
  test('does not fire when the namespace is listed, joins by ServiceMeshMember, or membership is unknown', () => {
    const listed = withEdit(outside(), 'ServiceMeshMemberRoll', 'default', (o) => { o.spec.members.push('other'); });
    expect(codes(listed)).toEqual([]);
    const member = [...outside(), { apiVersion: 'maistra.io/v1', kind: 'ServiceMeshMember', metadata: { name: 'default', namespace: 'other' }, spec: { controlPlaneRef: { name: 'basic', namespace: CP } } }];
    expect(codes(member)).toEqual([]);
    const selectors = withEdit(outside(), 'ServiceMeshMemberRoll', 'default', (o) => { o.spec.memberSelectors = [{ matchLabels: { mesh: 'yes' } }]; });
    expect(codes(selectors)).toEqual([]);
    expect(codes(outside().filter((o) => o.kind !== 'ServiceMeshMemberRoll'))).toEqual([]);
  });
  test('objects in the control-plane namespace are fine', () => {
    const objects = [...cleanMesh(), deployment(CP, 'tool', { app: 'tool' }), virtualService(CP, 'kiali', { hosts: ['kiali'], http: [{ route: [{ destination: { host: 'kiali.istio-system.svc.cluster.local' } }] }] })];
    expect(codes(objects).filter((c) => c.startsWith('OSSM4'))).toEqual([]);
  });
});

describe('OSSM403 member roll placement', () => {
  test('fires for a roll not named default and for one outside the control-plane namespace', () => {
    const f = findings([...cleanMesh().filter((o) => o.kind !== 'ServiceMeshMemberRoll'), memberRoll([AGENCY], { name: 'members', ns: 'mesh' })], 'OSSM403');
    expect(f.map((x) => x.message)).toEqual([
      'the member roll is in namespace mesh, but the ServiceMeshControlPlane is in istio-system',
      'the member roll is named "members"; the operator only reads the one named "default"',
    ]);
    expect(f[0].severity).toBe('error');
  });
  test('does not fire for default in the control-plane namespace, nor for the namespace without a control plane', () => {
    expect(findings(cleanMesh(), 'OSSM403')).toEqual([]);
    expect(findings([memberRoll([AGENCY], { ns: 'mesh' })], 'OSSM403')).toEqual([]);
  });
});

describe('OSSM302 Route next to IOR', () => {
  const HOST = 'control.travel-control.apps.example.com';
  const route = (host: string): KubeObject => ({
    apiVersion: 'route.openshift.io/v1', kind: 'Route', metadata: { name: 'control', namespace: CP },
    spec: { host, to: { kind: 'Service', name: 'istio-ingressgateway' }, port: { targetPort: 'http2' } },
  });
  const gw = gateway('travel-control', 'control-gateway', [HOST]);
  test('fires for a Route to a Gateway host while the control plane runs IOR', () => {
    const found = findings([controlPlane({ version: 'v2.6', gateways: { openshiftRoute: { enabled: true } } }), gw, route(HOST)], 'OSSM302');
    expect(found.map((f) => `${f.kind}/${f.namespace}/${f.name}`)).toEqual([`Route/${CP}/control`]);
    expect(findings([controlPlane({ version: 'v2.4' }), gateway('travel-control', 'g', [`travel-control/${HOST}`]), route(HOST)], 'OSSM302')).toHaveLength(1);
  });
  test('does not fire with IOR off (explicitly, or by default since v2.5), nor for other hosts', () => {
    expect(findings([controlPlane({ version: 'v2.6', gateways: { openshiftRoute: { enabled: false } } }), gw, route(HOST)], 'OSSM302')).toEqual([]);
    expect(findings([controlPlane({ version: 'v2.6' }), gw, route(HOST)], 'OSSM302')).toEqual([]);
    expect(findings([controlPlane({ version: 'v2.6', gateways: { openshiftRoute: { enabled: true } } }), gw, route('other.example.com')], 'OSSM302')).toEqual([]);
  });
});

describe('OSSM404 Jaeger tracing', () => {
  test('fires for tracing type Jaeger and for an unset type before v2.6', () => {
    expect(findings([controlPlane({ version: 'v2.6', tracing: { type: 'Jaeger', sampling: 10000 } })], 'OSSM404')).toHaveLength(1);
    expect(findings([controlPlane({ version: 'v2.5' })], 'OSSM404')[0].message).toContain('unset, which means Jaeger for v2.5');
  });
  test('does not fire for None, for v2.6 defaults, or maistra.io/v1 control planes', () => {
    expect(findings([controlPlane({ version: 'v2.6', tracing: { type: 'None' } })], 'OSSM404')).toEqual([]);
    expect(findings([controlPlane({ version: 'v2.6' })], 'OSSM404')).toEqual([]);
    expect(findings([controlPlane({})], 'OSSM404')).toEqual([]);
    expect(findings([{ ...controlPlane({ istio: { tracing: { enabled: true } } }), apiVersion: 'maistra.io/v1' }], 'OSSM404')).toEqual([]);
  });
});

describe('OSSM501/OSSM502 sidecar injection', () => {
  const replaceV1 = (o: KubeObject): KubeObject[] => cleanMesh().map((x) => (x.metadata?.name === 'travels-v1' ? o : x));
  test('OSSM501 fires for a pod template without label or annotation, also without a member roll', () => {
    const objects = replaceV1(deployment(AGENCY, 'travels-v1', { app: 'travels', version: 'v1' }, { inject: false }));
    expect(findings(objects, 'OSSM501')).toEqual([expect.objectContaining({ severity: 'warning', kind: 'Deployment', name: 'travels-v1' })]);
    expect(findings(objects.filter((o) => o.kind !== 'ServiceMeshMemberRoll'), 'OSSM501')).toHaveLength(1);
  });
  test('OSSM501 does not fire for "false" (opt-out), Jobs, control-plane or non-member namespaces', () => {
    expect(findings(replaceV1(deployment(AGENCY, 'travels-v1', { app: 'travels', version: 'v1', 'sidecar.istio.io/inject': 'false' }, { inject: false })), 'OSSM501')).toEqual([]);
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: AGENCY }, spec: { template: { metadata: { labels: { app: 'm' } } } } };
    expect(findings([...cleanMesh(), job], 'OSSM501')).toEqual([]);
    expect(findings([...cleanMesh(), deployment(CP, 'x', { app: 'x' }, { inject: false }), deployment('elsewhere', 'y', { app: 'y' }, { inject: false })], 'OSSM501')).toEqual([]);
  });
  test('OSSM502 fires for the annotation form, and OSSM501 then does not', () => {
    const objects = replaceV1(deployment(AGENCY, 'travels-v1', { app: 'travels', version: 'v1' }, { inject: false, annotations: { 'sidecar.istio.io/inject': 'true' } }));
    expect(codes(objects)).toEqual(['OSSM502']);
    expect(findings(objects, 'OSSM502')[0].message).toContain('as an annotation');
  });
  test('OSSM502 does not fire when the label is there too', () => {
    const objects = replaceV1(deployment(AGENCY, 'travels-v1', { app: 'travels', version: 'v1' }, { annotations: { 'sidecar.istio.io/inject': 'true' } }));
    expect(codes(objects)).toEqual([]);
  });
});

describe('OSSM503 Service port names', () => {
  const ports = (p: object[]): KubeObject[] => withEdit(cleanMesh(), 'Service', 'travels', (o) => { o.spec.ports = p; });
  test('fires for names that select no protocol and for unnamed ports', () => {
    const f = findings(ports([{ name: 'web', port: 8000 }, { port: 9000 }, { name: 'httpx', port: 9001 }]), 'OSSM503');
    expect(f.map((x) => x.message)).toEqual([
      'port 8000 is named "web", which selects no protocol',
      'port 9000 has no name and no appProtocol',
      'port 9001 is named "httpx", which selects no protocol',
    ]);
  });
  test('does not fire for <protocol>[-suffix] names (any case) or appProtocol', () => {
    expect(findings(ports([{ name: 'http-web', port: 1 }, { name: 'grpc-web', port: 2 }, { name: 'TCP', port: 3 }, { name: 'mysql', port: 4 },
      { name: 'web', appProtocol: 'http', port: 5 }, { name: 'tls-db', port: 6 }]), 'OSSM503')).toEqual([]);
  });
  test('does not fire for Services outside the mesh', () => {
    expect(findings([...cleanMesh(), service('elsewhere', 'web', { app: 'web' }, [{ name: 'web', port: 80 }])], 'OSSM503')).toEqual([]);
  });
});

describe('OSSM504 namespace label istio-injection', () => {
  const ns = (labels: object): KubeObject[] => withEdit(cleanMesh(), 'Namespace', AGENCY, (o) => { o.metadata.labels = labels; });
  test('fires for istio-injection=enabled', () => {
    expect(findings(ns({ 'istio-injection': 'enabled' }), 'OSSM504')).toEqual([expect.objectContaining({ kind: 'Namespace', name: AGENCY, namespace: undefined })]);
  });
  test('does not fire for disabled', () => {
    expect(findings(ns({ 'istio-injection': 'disabled' }), 'OSSM504')).toEqual([]);
  });
});

describe('OSSM601 Istio v1 APIs on Istio 1.20', () => {
  const v1 = (): KubeObject[] => withEdit(cleanMesh(), 'VirtualService', 'travels', (o) => { o.apiVersion = 'networking.istio.io/v1'; });
  const policy = { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'deny', namespace: AGENCY }, spec: {} };
  test('fires with a v2.6 control plane in the set, and without one by default', () => {
    const f = findings([...v1(), policy], 'OSSM601');
    expect(f.map((x) => x.kind)).toEqual(['AuthorizationPolicy', 'VirtualService']);
    expect(f[1].message).toContain('control plane runs Istio 1.20 (ServiceMeshControlPlane istio-system/basic (v2.6 runs Istio 1.20))');
    expect(f[1].fix).toBe('Use apiVersion networking.istio.io/v1beta1.');
    expect(findings(v1().filter((o) => o.kind !== 'ServiceMeshControlPlane'), 'OSSM601')).toHaveLength(1);
  });
  test('does not fire for v1beta1, or when assumeIstio is 1.22 and no control plane says otherwise', () => {
    expect(findings(cleanMesh(), 'OSSM601')).toEqual([]);
    const noCp = v1().filter((o) => o.kind !== 'ServiceMeshControlPlane');
    expect(findings(noCp, 'OSSM601', { assumeIstio: '1.22' })).toEqual([]);
    expect(findings(v1(), 'OSSM601', { assumeIstio: '1.22' })).toHaveLength(1);
  });
});

describe('OSSM602 ambiguous short host', () => {
  const portal = (): KubeObject[] => [...cleanMesh(), service('travel-portal', 'travels', { app: 'travels' }), deployment('travel-portal', 'travels', { app: 'travels', version: 'v1' })];
  test('fires for short hosts in VirtualService hosts, destinations and DestinationRule hosts', () => {
    const objects = withEdit(withEdit(portal(), 'VirtualService', 'travels', (o) => { o.spec.hosts = ['travels']; }), 'DestinationRule', 'travels', (o) => { o.spec.host = 'travels'; });
    const f = findings(objects, 'OSSM602');
    expect(f.map((x) => `${x.kind}/${x.name}`)).toEqual(['DestinationRule/travels', 'VirtualService/travels', 'VirtualService/travels-ingress']);
    expect(f[0].message).toBe('host "travels" means travels.travel-agency.svc.cluster.local here, but Services named travels exist in travel-agency and travel-portal');
  });
  test('does not fire for FQDNs or when only one namespace has the Service', () => {
    expect(findings(withEdit(portal(), 'VirtualService', 'travels-ingress', (o) => { o.spec.http[0].route[0].destination.host = TRAVELS_FQDN; }), 'OSSM602')).toEqual([]);
    expect(findings(cleanMesh(), 'OSSM602')).toEqual([]);
  });
});

test('malformed objects (nulls, wrong types) do not crash the analyzer', () => {
  const junk: KubeObject[] = [
    { apiVersion: NET, kind: 'VirtualService', metadata: { name: 'a' }, spec: null },
    { apiVersion: NET, kind: 'VirtualService', metadata: { name: 'b' }, spec: { hosts: [null, 3], http: [null, { route: 'x', match: [null] }], gateways: 'g' } },
    { apiVersion: NET, kind: 'DestinationRule', metadata: { name: 'c' }, spec: { host: 5, subsets: [null, { labels: 'x' }], trafficPolicy: { outlierDetection: null } } },
    { apiVersion: NET, kind: 'Gateway', metadata: null as any, spec: { servers: [{ hosts: null }], selector: [] } },
    { apiVersion: 'v1', kind: 'Service', spec: { ports: [null, { name: 7 }], selector: null } },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { metadata: { labels: null } } } },
    { apiVersion: 'maistra.io/v2', kind: 'ServiceMeshControlPlane', metadata: { name: 'cp' }, spec: { gateways: null, tracing: 'x' } },
    { apiVersion: 'maistra.io/v1', kind: 'ServiceMeshMemberRoll', metadata: { name: 'default' }, spec: { members: [null, 'x'] } },
  ] as KubeObject[];
  const result = analyze(junk);
  expect(result.objects).toBe(junk.length);
  expect(result.findings.every((f) => /^OSSM\d{3}$/.test(f.code))).toBe(true);
});
