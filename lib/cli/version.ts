import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The version of this package, from its package.json: the first one named `cdk8s-ossm` above this module (which
 * runs from lib/cli/ in the sources and from build/lib/cli/ once compiled). @internal
 */
export function packageVersion(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'cdk8s-ossm' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // no package.json here: look further up
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}
