import { storedIdentity } from '../../core/kube-object';
import { ObjectRef } from '../context';
import { addToList } from '../kube';
import { formatList, objectKey } from '../messages';
import { Rule } from '../rule';

/** JSON with sorted keys: equal for objects with equal content. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v));
}

/**
 * OSSM002 (error): two objects of the set with one identity — the same kind (and API group; `v1beta1` and `v1` are one
 * object), namespace and name. Applied together, the later silently replaces the earlier, and deleting one deletes
 * "both": an ingress route replaced by a traffic step, a policy lost. A **warning** when the two are identical (only
 * one is needed). Each finding names where the other copies are written (file and line).
 */
export const duplicateObject: Rule = {
  code: 'OSSM002',
  severity: 'error',
  title: 'Two objects with the same kind, namespace and name (a warning when they are identical)',
  reference: '—',
  fix: 'Give one of them another name, or keep only one.',
  check(ctx, report) {
    const byIdentity = new Map<string, ObjectRef[]>();
    const position = new Map<ObjectRef, number>();
    ctx.objects.forEach((ref, i) => {
      position.set(ref, i + 1);
      if (ref.kind !== '' && ref.name !== '') addToList(byIdentity, storedIdentity(ref.group, ref.kind, ref.namespace, ref.name), ref);
    });
    const where = (ref: ObjectRef) => {
      const source = ctx.locate(ref.obj);
      return source ? `${source.file}:${source.line}` : `object ${position.get(ref)} of the input`;
    };
    for (const copies of byIdentity.values()) {
      if (copies.length < 2) continue;
      const identical = new Set(copies.map((c) => canonical(c.obj))).size === 1;
      for (const ref of copies) {
        const others = copies.filter((c) => c !== ref).map(where);
        report(ref, `${ref.kind} ${objectKey(ref)} is also written at ${formatList(others)}: applied together, the later replaces the earlier`
          + (identical ? ' (they are identical, so one is enough)' : ', and what differs in the earlier is lost'),
        undefined, identical ? 'warning' : 'error');
      }
    }
  },
};
