import { ManifestSource } from './types';

// Where a loaded object was read, kept apart from the loader (and its YAML parser) so that the analyzer can ask
// without loading it.

/**
 * Key of the (non-enumerable) property that holds a loaded object's {@link ManifestSource}: cheaper than a WeakMap
 * for hundreds of thousands of objects, and invisible to JSON, spreads and deep-equality checks.
 */
const SOURCE = Symbol('cdk8s-ossm.manifestSource');

/**
 * The file and line an object returned by `loadManifests` or `parseManifests` came from; `undefined` for any other
 * object. The analyzer uses it to name the place of each finding.
 */
export function manifestSource(object: object): ManifestSource | undefined {
  return (object as { [SOURCE]?: ManifestSource })[SOURCE];
}

/**
 * Records where the loader read `object` (configurable: an object may be listed twice, a `kind: List` item repeated by
 * an alias; the last place wins). @internal
 */
export function setManifestSource(object: object, source: ManifestSource): void {
  Object.defineProperty(object, SOURCE, { value: source, configurable: true });
}
