// Properties of explain's authorization decision (Istio's CUSTOM → DENY → ALLOW order) over generated policy sets.
import fc from 'fast-check';
import { explain, KubeObject } from '../../lib';
import { AGENCY, cleanMesh } from '../analysis/fixtures';

const RUNS = Math.max(20, Math.round(Number(process.env.FUZZ_RUNS ?? 300) / 3));
const SEED = 20;
const SEC = 'security.istio.io/v1beta1';
const NAMESPACES = [AGENCY, 'travel-portal', 'istio-system'];

const source = fc.record({
  namespaces: fc.option(fc.subarray(NAMESPACES, { minLength: 1 }), { nil: undefined }),
  principals: fc.option(fc.subarray(NAMESPACES.map((ns) => `cluster.local/ns/${ns}/sa/default`), { minLength: 1 }), { nil: undefined }),
}, { requiredKeys: [] });
const operation = fc.record({ methods: fc.option(fc.subarray(['GET', 'POST', 'DELETE'], { minLength: 1 }), { nil: undefined }), paths: fc.option(fc.constantFrom(['/'], ['/api/*']), { nil: undefined }) }, { requiredKeys: [] });
const rule = fc.record({ from: fc.option(fc.array(fc.record({ source }), { minLength: 1, maxLength: 2 }), { nil: undefined }), to: fc.option(fc.array(fc.record({ operation }), { minLength: 1, maxLength: 2 }), { nil: undefined }) }, { requiredKeys: [] });
const policies = fc.array(fc.record({
  action: fc.constantFrom('ALLOW', 'DENY'),
  selector: fc.constantFrom(undefined, { app: 'travels' }, { version: 'v1' }, { app: 'other' }),
  rules: fc.array(rule, { maxLength: 3 }),
}), { maxLength: 4 }).map((list) => list.map((p, i): KubeObject => ({
  apiVersion: SEC, kind: 'AuthorizationPolicy', metadata: { name: `p${i}`, namespace: AGENCY, creationTimestamp: `2026-01-01T00:00:0${i}Z` },
  spec: { action: p.action, ...(p.selector ? { selector: { matchLabels: p.selector } } : {}), rules: p.rules },
})));
const request = fc.record({ fromNamespace: fc.constantFrom(...NAMESPACES), method: fc.constantFrom('GET', 'POST', 'DELETE'), path: fc.constantFrom('/', '/api/x') });

const decisions = (objects: KubeObject[], req: { fromNamespace: string; method: string; path: string }) =>
  explain(objects, { host: 'travels.travel-agency', ...req }).destinations.flatMap((d) => d.authorizations);
const policy = (name: string, spec: object): KubeObject => ({ apiVersion: SEC, kind: 'AuthorizationPolicy', metadata: { name, namespace: AGENCY, creationTimestamp: '2026-01-01T00:00:59Z' }, spec });

test('every workload gets a decision; a DENY names a policy that exists unless mTLS refused; an ALLOW without policy means no ALLOW policy applies', () => {
  fc.assert(fc.property(policies, request, (set, req) => {
    const all = decisions([...cleanMesh(), ...set], req);
    expect(all.map((a) => a.workload)).toEqual([`${AGENCY}/travels-v1`, `${AGENCY}/travels-v2`, `${AGENCY}/travels-v3`].slice(0, all.length));
    for (const a of all) {
      const { decision, policy: p, rule: r } = a.authorization;
      if (p !== null) expect(set.map((o) => `${AGENCY}/${o.metadata!.name}`)).toContain(p);
      if (r !== null) expect(p).not.toBeNull();
      if (decision === 'DENY' && r !== null) expect(set.find((o) => `${AGENCY}/${o.metadata!.name}` === p)!.spec.action).toBe('DENY');
      if (decision === 'ALLOW' && p === null) {
        const version = a.workload.slice(-2);
        const applies = (o: KubeObject) => {
          const sel = o.spec.selector?.matchLabels as Record<string, string> | undefined;
          return !sel || Object.entries(sel).every(([k, v]) => ({ app: 'travels', version } as Record<string, string>)[k] === v);
        };
        expect(set.filter((o) => o.spec.action === 'ALLOW' && applies(o))).toEqual([]);
      }
    }
  }), { numRuns: RUNS, seed: SEED });
});

test('adding an allow-all DENY decides DENY by it; adding an allow-all ALLOW never turns an ALLOW into a DENY', () => {
  fc.assert(fc.property(policies, request, (set, req) => {
    const before = decisions([...cleanMesh(), ...set], req);
    const denied = decisions([...cleanMesh(), ...set, policy('zz-deny-all', { action: 'DENY', rules: [{}] })], req);
    for (const a of denied) {
      // an earlier matching DENY rule may decide first; either way the request is denied
      expect(a.authorization.decision).toBe('DENY');
    }
    const opened = decisions([...cleanMesh(), ...set, policy('zz-allow-all', { action: 'ALLOW', rules: [{}] })], req);
    before.forEach((a, i) => {
      if (a.authorization.decision === 'ALLOW') expect(opened[i].authorization.decision).toBe('ALLOW');
      // with an allow-all policy, only a DENY rule can deny
      if (opened[i].authorization.decision === 'DENY') expect(opened[i].authorization.rule).not.toBeNull();
    });
  }), { numRuns: RUNS, seed: SEED });
});
