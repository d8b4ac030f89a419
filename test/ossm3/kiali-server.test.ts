// KialiServer: OSSM 3's Kiali resource reading OpenShift monitoring, and the binding that lets it.
import { Testing } from 'cdk8s';
import { KialiServer, KialiServerProps, OPENSHIFT_THANOS_QUERIER_URL } from '../../lib';
import { validateAll } from '../support/crd-schema';

const synth = (props: KialiServerProps = {}) => {
  const chart = Testing.chart();
  new KialiServer(chart, 'kiali', props);
  return Testing.synth(chart);
};

test('defaults: kiali in istio-system, reading the Thanos querier with its own token; cluster-monitoring-view for its ServiceAccount', () => {
  const [kiali, binding] = synth();
  expect(kiali).toEqual({
    apiVersion: 'kiali.io/v1alpha1', kind: 'Kiali', metadata: { name: 'kiali', namespace: 'istio-system' },
    spec: {
      external_services: {
        grafana: { enabled: false },
        prometheus: { auth: { type: 'bearer', use_kiali_token: true }, thanos_proxy: { enabled: true }, url: OPENSHIFT_THANOS_QUERIER_URL },
        tracing: { enabled: false },
      },
    },
  });
  expect(binding).toEqual({
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'kiali-monitoring-rbac-istio-system' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-monitoring-view' },
    subjects: [{ kind: 'ServiceAccount', name: 'kiali-service-account', namespace: 'istio-system' }],
  });
  expect(validateAll([kiali], '3')).toEqual([]);
});

test('discovery selectors limit what it sees (no cluster-wide access); namespace and name as given', () => {
  const [kiali, binding] = synth({ namespace: 'mesh', name: 'console', discoverySelectors: [{ matchLabels: { 'istio-discovery': 'enabled' } }] });
  expect(kiali.metadata).toEqual({ name: 'console', namespace: 'mesh' });
  expect(kiali.spec).not.toHaveProperty('istio_namespace'); // Kiali 2.x ignores it
  expect(kiali.spec.deployment).toEqual({ cluster_wide_access: false, discovery_selectors: { default: [{ matchLabels: { 'istio-discovery': 'enabled' } }] } });
  expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'kiali-service-account', namespace: 'mesh' }]);
  expect(validateAll([kiali], '3')).toEqual([]);
});

test('tracing: Kiali reads Tempo\'s API (provider tempo, HTTP) and the output still validates against the Kiali CRD', () => {
  const [kiali] = synth({ tracing: { internalUrl: 'http://tempo-sample.tempo.svc.cluster.local:3200' } });
  expect(kiali.spec.external_services.tracing).toEqual({
    enabled: true, provider: 'tempo', internal_url: 'http://tempo-sample.tempo.svc.cluster.local:3200', use_grpc: false,
  });
  expect(validateAll([kiali], '3')).toEqual([]);
});

test.each<[KialiServerProps, RegExp]>([
  [{ tracing: { internalUrl: 'tempo:3200' } }, /kiali: tracing\.internalUrl "tempo:3200" is not valid\. Allowed: an http\(s\) URL/],
  [{ namespace: 'Istio' }, /kiali: namespace "Istio" is not valid/],
  [{ name: 'Kiali Server' }, /kiali: name "Kiali Server" is not valid/],
  [{ discoverySelectors: 'all' as never }, /kiali: discoverySelectors "all" is not valid/],
])('refuses %j, naming the construct path and the value', (props, message) => {
  expect(() => synth(props)).toThrow(message);
});
