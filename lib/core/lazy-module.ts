/**
 * A module loaded on its first use instead of when the importing module loads. For the generated CRD types of a
 * platform or an output that a synth may not need: each is hundreds of kilobytes to megabytes of code (Argo CD's
 * 3 MB), and loading code is most of what a cold `npm run synth` costs. `load` is a `require` of the module, typed
 * with a type-only import of it, e.g.
 *
 * ```ts
 * import type * as sail from '../../imports/ossm3-sailoperator.io';
 * const sailTypes = lazyModule(() => require('../../imports/ossm3-sailoperator.io') as typeof sail);
 * ```
 * @internal
 */
export function lazyModule<T>(load: () => T): () => T {
  let loaded: { readonly module: T } | undefined;
  return () => (loaded ??= { module: load() }).module;
}
