/** Small helpers that every rule uses to word its messages and to report each problem once. */
import { ObjectRef } from './context';

/** `namespace/name` of an object, or `name` for cluster-scoped ones. */
export function objectKey(ref: ObjectRef): string {
  return ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
}

/** `k=v,k2=v2` for messages. */
export function formatLabels(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** How many items a message lists before it says "and N more". */
export const MAX_LISTED = 5;

/**
 * `a, b and c`; past {@link MAX_LISTED} items `a, b, c, d, e and 3 more`, so messages stay short.
 * @param total how many items there are in all, or `'more'` when it is not counted (a capped search)
 */
export function formatList(items: readonly string[], total: number | 'more' = items.length): string {
  const shown = items.slice(0, MAX_LISTED);
  if (total === 'more' && items.length > MAX_LISTED) return `${shown.join(', ')} and more`;
  const more = (total === 'more' ? items.length : total) - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  return shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/**
 * The members of `list` other than `self`, formatted by {@link formatList}. Reads at most {@link MAX_LISTED} + 1
 * items, so that reporting every member of a large group stays linear.
 */
export function formatOthers<T>(list: readonly T[], self: T, format: (item: T) => string): string {
  const shown: string[] = [];
  for (const item of list) {
    if (shown.length === MAX_LISTED) break;
    if (item !== self) shown.push(format(item));
  }
  return formatList(shown, list.length - 1);
}

/** Adds `value` to the set of `key` and tells whether it was new. */
export function addOnce<K>(seen: Map<K, Set<string>>, key: K, value: string): boolean {
  let set = seen.get(key);
  if (!set) seen.set(key, (set = new Set()));
  if (set.has(value)) return false;
  set.add(value);
  return true;
}
