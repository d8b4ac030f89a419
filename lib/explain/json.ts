import { JsonValue } from './types';

/**
 * A copy of configuration data as a {@link JsonValue} with object keys sorted, so the output does not depend on
 * the key order of the input; `undefined` becomes `null`, non-JSON values are dropped.
 */
export function canonicalJson(x: unknown): JsonValue {
  if (x === undefined || x === null) return null;
  if (typeof x === 'string' || typeof x === 'boolean') return x;
  if (typeof x === 'number') return Number.isFinite(x) ? x : null;
  if (Array.isArray(x)) return x.map(canonicalJson);
  if (typeof x === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const key of Object.keys(x).sort()) {
      const value = (x as Record<string, unknown>)[key];
      if (value !== undefined) out[key] = canonicalJson(value);
    }
    return out;
  }
  return null;
}

/** A JSON value in one line of `path=value` pairs: `http.http1MaxPendingRequests=1, tcp.maxConnections=1`. */
export function flattenJson(x: JsonValue, prefix = ''): string {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) {
    const value = typeof x === 'string' ? x : JSON.stringify(x);
    return prefix ? `${prefix}=${value}` : value;
  }
  const parts = Object.entries(x).map(([k, v]) => flattenJson(v, prefix ? `${prefix}.${k}` : k));
  return parts.length > 0 ? parts.join(', ') : (prefix ? `${prefix}={}` : '{}');
}
