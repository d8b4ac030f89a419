// OperatorSubscription: one OLM Subscription, with the pin rules OLM needs.
import { Testing } from 'cdk8s';
import { InstallPlanApproval, OperatorSubscription, OperatorSubscriptionProps } from '../../lib';
import { validateAll } from '../support/crd-schema';

const subscription = (props: OperatorSubscriptionProps) => {
  const chart = Testing.chart();
  const construct = new OperatorSubscription(chart, 'sub', props);
  return { construct, object: Testing.synth(chart)[0] };
};

test('defaults: named after the package, in openshift-operators, channel stable from redhat-operators, automatic approval', () => {
  const { construct, object } = subscription({ packageName: 'servicemeshoperator' });
  expect(object).toEqual({
    apiVersion: 'operators.coreos.com/v1alpha1',
    kind: 'Subscription',
    metadata: { name: 'servicemeshoperator', namespace: 'openshift-operators' },
    spec: {
      channel: 'stable', installPlanApproval: 'Automatic', name: 'servicemeshoperator', source: 'redhat-operators', sourceNamespace: 'openshift-marketplace',
    },
  });
  expect([construct.packageName, construct.namespace, construct.installPlanApproval]).toEqual(['servicemeshoperator', 'openshift-operators', InstallPlanApproval.AUTOMATIC]);
  expect(validateAll([object])).toEqual([]);
});

test('a pinned starting CSV means Manual approval (OLM would upgrade past it otherwise); every field can be set', () => {
  const { object } = subscription({
    packageName: 'kiali-ossm', name: 'kiali', namespace: 'operators', channel: 'candidate', source: 'my-catalog', sourceNamespace: 'catalogs',
    startingCsv: 'kiali-operator.v1.89.8',
  });
  expect(object.metadata).toEqual({ name: 'kiali', namespace: 'operators' });
  expect(object.spec).toEqual({
    channel: 'candidate', installPlanApproval: 'Manual', name: 'kiali-ossm', source: 'my-catalog', sourceNamespace: 'catalogs', startingCSV: 'kiali-operator.v1.89.8',
  });
  expect(validateAll([object])).toEqual([]);
});

test.each<[string, OperatorSubscriptionProps, RegExp]>([
  ['a pin with automatic approval', { packageName: 'kiali-ossm', startingCsv: 'kiali-operator.v1.89.8', installPlanApproval: InstallPlanApproval.AUTOMATIC },
    /sub: installPlanApproval "Automatic" is not valid\. Allowed with startingCsv "kiali-operator\.v1\.89\.8": "Manual"/],
  ['a package name that is no DNS subdomain', { packageName: 'Service Mesh' }, /sub: packageName "Service Mesh" is not valid/],
  ['a namespace with a dot', { packageName: 'p', namespace: 'openshift.operators' }, /sub: namespace "openshift\.operators" is not valid/],
  ['a channel with a space', { packageName: 'p', channel: 'stable 2' }, /sub: channel "stable 2" is not valid\. Allowed: a catalog channel name/],
  ['an approval OLM does not know', { packageName: 'p', installPlanApproval: 'Sometimes' as InstallPlanApproval }, /sub: installPlanApproval "Sometimes" is not valid/],
])('refuses %s, naming the construct path and the value', (_, props, message) => {
  expect(() => subscription(props)).toThrow(message);
});
