// Durations between Istio's form (protobuf Duration: `10s`, `1.5s`, `1500ms`, `1h2m`) and Gateway API's
// (`^([0-9]{1,5}(h|m|s|ms)){1,4}$`: at most four parts, each of at most five digits).

const UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };
const ISTIO_DURATION = /^(?:(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns))+$/;
const PART = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g;

/** Milliseconds of an Istio duration string, or undefined when it is none (or not whole milliseconds). @internal */
export function istioDurationMs(value: unknown): number | undefined {
  if (typeof value !== 'string' || !ISTIO_DURATION.test(value)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of value.matchAll(PART)) ms += Number(amount) * UNIT_MS[unit];
  const rounded = Math.round(ms * 1e6) / 1e6;
  return Number.isSafeInteger(rounded) ? rounded : undefined;
}

/** The largest duration Gateway API can write: 99999h 59m 59s 999ms. */
const MAX_GATEWAY_API_MS = 99_999 * 3_600_000 + 59 * 60_000 + 59 * 1000 + 999;

/**
 * Gateway API's form of a whole number of milliseconds (`10s`, `1500ms` as `1s500ms`, `2h`), or undefined when it
 * does not fit (more than 99999 hours). @internal
 */
export function gatewayApiDuration(ms: number): string | undefined {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms > MAX_GATEWAY_API_MS) return undefined;
  if (ms === 0) return '0s';
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n}${unit}`);
  }
  return parts.join('');
}
