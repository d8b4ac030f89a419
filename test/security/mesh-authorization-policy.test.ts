// MeshAuthorizationPolicy: ALLOW, DENY, AUDIT and allow-nothing, principals, namespaces and IP blocks to methods,
// paths, ports and hosts; both platforms; bad values refused.
import { App, Chart, Testing } from 'cdk8s';
import { AuthorizationAction, MeshAuthorizationPolicy, MeshAuthorizationPolicyProps, MeshService, serviceAccountPrincipal } from '../../lib';
import { KubeObject } from '../../lib/analysis/types';
import { validateAll } from '../support/crd-schema';
import { V1_MESH, meshApp } from '../support/control-planes';

const reviews = MeshService.fromServiceName('reviews', 'bookinfo', { port: 9080, versions: ['v1'] });
const LABELS = { 'app.kubernetes.io/managed-by': 'cdk8s-ossm' };

const chart = () => new Chart(meshApp(), 'c');
const policy = (props: MeshAuthorizationPolicyProps): KubeObject => { const c = chart(); new MeshAuthorizationPolicy(c, 'ap', props); return Testing.synth(c)[0]; };

describe('MeshAuthorizationPolicy', () => {
  test('allow-nothing: ALLOW without rules', () => {
    expect(policy({ name: 'allow-nothing', namespace: 'bookinfo', rules: [] })).toEqual({
      apiVersion: 'security.istio.io/v1beta1', kind: 'AuthorizationPolicy', metadata: { name: 'allow-nothing', namespace: 'bookinfo', labels: LABELS }, spec: {},
    });
  });

  test('ALLOW GET from one principal to a service\'s pods (Istio\'s reviews-viewer); DENY and AUDIT', () => {
    const viewer = policy({
      name: 'reviews-viewer', service: reviews, action: AuthorizationAction.ALLOW,
      rules: [{ from: [{ principals: [serviceAccountPrincipal('bookinfo', 'bookinfo-productpage')] }], to: [{ methods: ['GET'] }] }],
    });
    expect(viewer.spec).toEqual({
      selector: { matchLabels: { app: 'reviews' } }, action: 'ALLOW',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/bookinfo/sa/bookinfo-productpage'] } }], to: [{ operation: { methods: ['GET'] } }] }],
    });
    const deny = policy({
      name: 'deny-admin', namespace: 'bookinfo', action: AuthorizationAction.DENY,
      rules: [{ from: [{ notNamespaces: ['bookinfo'], ipBlocks: ['10.0.0.0/8', '2001:db8::1'] }], to: [{ paths: ['/admin/*', '*.php'], notMethods: ['GET'], ports: [9080], hosts: ['*.example.com'] }] }],
    });
    expect(deny.spec.rules[0].to[0].operation).toEqual({ paths: ['/admin/*', '*.php'], notMethods: ['GET'], ports: ['9080'], hosts: ['*.example.com'] });
    const audit = policy({ name: 'audit', namespace: 'istio-system', action: AuthorizationAction.AUDIT, rules: [{}], controlPlane: V1_MESH });
    expect(audit).toMatchObject({ apiVersion: 'security.istio.io/v1', spec: { action: 'AUDIT', rules: [{}] } });
    expect(validateAll([viewer, deny], '2.6')).toEqual([]);
    expect(validateAll([audit], '3')).toEqual([]);
  });

  test.each<[string, MeshAuthorizationPolicyProps, RegExp]>([
    ['no namespace and no service', { name: 'x', rules: [] }, /c\/ap: namespace undefined is not valid\. Allowed: a namespace .*"istio-system" \(the control plane's\) for the whole mesh\./],
    ['a DENY without rules', { name: 'x', namespace: 'b', action: AuthorizationAction.DENY, rules: [] }, /c\/ap: rules \[\] is not valid\. Allowed: at least one rule; a DENY policy without rules matches no request/],
    ['an unknown action', { name: 'x', namespace: 'b', action: 'CUSTOM' as AuthorizationAction, rules: [{}] }, /c\/ap: action "CUSTOM" is not valid/],
    ['an empty source', { name: 'x', namespace: 'b', rules: [{ from: [{}] }] }, /c\/ap: rules\[0\]\.from\[0\] \{\} is not valid\. Allowed: at least one field/],
    ['an empty from', { name: 'x', namespace: 'b', rules: [{ from: [] }] }, /c\/ap: rules\[0\]\.from \[\] is not valid/],
    ['a principal with a space', { name: 'x', namespace: 'b', rules: [{ from: [{ principals: ['cluster.local/ns/b/sa/my sa'] }] }] }, /rules\[0\]\.from\[0\]\.principals\[0\] "cluster\.local\/ns\/b\/sa\/my sa" is not valid/],
    ['a wildcard inside a principal', { name: 'x', namespace: 'b', rules: [{ from: [{ principals: ['cluster.local/*/sa/x'] }] }] }, /principals\[0\] .* is not valid/],
    ['a namespace that is no namespace', { name: 'x', namespace: 'b', rules: [{ from: [{ namespaces: ['Book_Info'] }] }] }, /namespaces\[0\] "Book_Info" is not valid/],
    ['a bad CIDR', { name: 'x', namespace: 'b', rules: [{ from: [{ ipBlocks: ['10.0.0.0/33'] }] }] }, /ipBlocks\[0\] "10\.0\.0\.0\/33" is not valid/],
    ['a lower-case method', { name: 'x', namespace: 'b', rules: [{ to: [{ methods: ['get'] }] }] }, /methods\[0\] "get" is not valid\. Allowed: an HTTP method in upper case/],
    ['a path without /', { name: 'x', namespace: 'b', rules: [{ to: [{ paths: ['admin'] }] }] }, /paths\[0\] "admin" is not valid/],
    ['a port 0', { name: 'x', namespace: 'b', rules: [{ to: [{ ports: [0] }] }] }, /c\/ap: rules\[0\]\.to\[0\]\.ports\[0\] 0 is not valid/],
    ['a name that is no object name', { name: 'Allow All', namespace: 'b', rules: [] }, /c\/ap: name "Allow All" is not valid/],
  ])('%s is refused', (_, props, message) => {
    expect(() => policy(props)).toThrow(message);
  });

  test('serviceAccountPrincipal checks its parts', () => {
    expect(serviceAccountPrincipal('bookinfo', 'reviews', 'td.example')).toBe('td.example/ns/bookinfo/sa/reviews');
    expect(() => serviceAccountPrincipal('Book', 'reviews')).toThrow(/^serviceAccountPrincipal: namespace "Book" is not valid/);
  });
});
