// docs/EXPLAIN.md documents the JSON shape of `explain`; the output has exactly those fields, in that order.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { explain, Explanation } from '../../lib';
import { AGENCY, deployment, destinationRule, service, virtualService } from '../analysis/fixtures';

const DOC = fs.readFileSync(path.join(__dirname, '../../docs/EXPLAIN.md'), 'utf8');

/** The rows of the table under `### <heading>`: field name and meaning. */
function table(heading: string): { field: string; meaning: string }[] {
  const section = DOC.split(`\n### ${heading}\n`)[1];
  expect(section).toBeDefined();
  return section.trim().split('\n\n')[0].split('\n').slice(2)
    .map((row) => row.split('|').map((c) => c.trim()))
    .map((cells) => ({ field: cells[1].replace(/`/g, ''), meaning: cells[3] }));
}

/** Field names listed inline as `{ a, b, c }` in a meaning. */
const inline = (meaning: string) => /\{ ([^{}]+) \}/.exec(meaning)![1].split(', ').map((f) => f.replace(/ or null$/, '').split(':')[0]);

// one request that fills every part: a delegate, a mirror, both faults, retries, a traffic policy
const objects = [
  service(AGENCY, 'travels', { app: 'travels' }),
  deployment(AGENCY, 'travels-v1', { app: 'travels', version: 'v1' }),
  destinationRule(AGENCY, 'travels', { host: 'travels', trafficPolicy: { connectionPool: { tcp: { maxConnections: 1 } } }, subsets: [{ name: 'v1', labels: { version: 'v1' } }] }),
  virtualService(AGENCY, 'root', { hosts: ['travels'], http: [{ name: 'api', delegate: { name: 'leaf' } }] }),
  virtualService(AGENCY, 'leaf', { http: [{
    route: [{ destination: { host: 'travels', subset: 'v1' } }],
    mirror: { host: 'travels', subset: 'v1' },
    fault: { abort: { httpStatus: 503, percentage: { value: 1 } }, delay: { fixedDelay: '1s', percentage: { value: 1 } } },
    retries: { attempts: 1 },
  }] }),
];
const e: Explanation = explain(objects, { host: 'travels.travel-agency', fromNamespace: 'travel-portal' });

test('the sample fills every optional part', () => {
  expect(e).toMatchObject({ outcome: 'route', delegate: { matchedRule: 0 } });
  expect(e.mirrors).toHaveLength(1);
  expect(e.destinations[0].trafficPolicy).not.toBeNull();
});

test.each([
  ['Explanation', () => e],
  ['request', () => e.request],
  ['target', () => e.target],
  ['rules[]', () => e.rules[0]],
  ['destinations[]', () => e.destinations[0]],
])('the fields of %s are documented, in order', (heading, value) => {
  expect(Object.keys(value()!)).toEqual(table(heading).map((r) => r.field));
});

test('objects described inline list their fields in order', () => {
  const rows = new Map([...table('Explanation'), ...table('destinations[]')].map((r) => [r.field, r.meaning]));
  expect(Object.keys(e.delegate!)).toEqual(inline(rows.get('delegate')!));
  expect(Object.keys(e.mirrors[0])).toEqual(inline(rows.get('mirrors')!));
  expect(Object.keys(e.retries!)).toEqual(inline(rows.get('retries')!));
  expect(Object.keys(e.fault!)).toEqual(['abort', 'delay']);
  expect(rows.get('fault')).toContain(`abort: { ${Object.keys(e.fault!.abort!).join(', ')} }`);
  expect(rows.get('fault')).toContain(`delay: { ${Object.keys(e.fault!.delay!).join(', ')} }`);
  expect(Object.keys(e.destinations[0].trafficPolicy!)).toEqual(inline(rows.get('trafficPolicy')!));
});

test('the documented outcomes are the ones explain gives', () => {
  expect(table('Explanation').find((r) => r.field === 'outcome')!.meaning)
    .toBe('`route`, `redirect`, `direct-response`, `default-route` or `no-route`');
});
