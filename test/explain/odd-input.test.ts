// Regression tests for what the property-based tests (test/fuzz/readers.test.ts) found explain mishandling.
import { explain, ExplainRequest, ValidationError } from '../../lib';
import { AGENCY, service, virtualService } from '../analysis/fixtures';

const objects = [service(AGENCY, 'travels', { app: 'travels' })];
const unprintable = Object.fromEntries([['toString', 'x']]);

test.each<[string, Partial<Record<keyof ExplainRequest, unknown>>]>([
  ['method', { method: unprintable }],
  ['path', { path: 42 }],
  ['scheme', { scheme: ['http'] }],
  ['authority', { authority: 1 }],
  ['headers', { headers: 'portal=x' }],
  ['headers portal', { headers: { portal: unprintable } }],
  ['sourceLabels app', { sourceLabels: { app: 1 } }],
])('a request whose %s has the wrong type is refused with a ValidationError', (what, fields) => {
  const request = { host: 'travels', fromNamespace: AGENCY, ...fields } as ExplainRequest;
  expect(() => explain(objects, request)).toThrow(ValidationError);
  expect(() => explain(objects, request)).toThrow(`explain: ${what} `);
});

describe('destination weights are the share of the requests', () => {
  const routed = (route: object[]) => explain([...objects, virtualService(AGENCY, 'travels', { hosts: ['travels'], http: [{ route }] })],
    { host: 'travels', fromNamespace: AGENCY });
  const to = (weight?: unknown) => ({ destination: { host: 'travels' }, ...(weight === undefined ? {} : { weight }) });

  test('weights that do not add up to 100 are shown in proportion', () => {
    expect(routed([to(30), to(30)]).destinations.map((d) => d.weight)).toEqual([50, 50]);
    expect(routed([to(90), to()]).destinations.map((d) => d.weight)).toEqual([100, 0]);
  });

  test('a single destination takes every request, whatever its weight', () => {
    expect(routed([to(40)]).destinations.map((d) => d.weight)).toEqual([100]);
  });

  test('a weight that is no whole number from 0 counts as 0, with a note', () => {
    const e = routed([to(-10), to(20)]);
    expect(e.destinations.map((d) => d.weight)).toEqual([0, 100]);
    expect(e.notes).toContain('route[0] has weight -10, which is no whole number from 0 (Istio\'s validation refuses it): counted as 0');
  });
});
