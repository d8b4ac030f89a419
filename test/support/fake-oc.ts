// A fake `oc` for the tests of cdk8s-ossm apply (test/cli/apply-command*.test.ts): a script on $OC that records its
// arguments and answers the queries the plan makes (a Subscription's InstallPlan and installed CSV, a CSV's CRDs), and
// the outputs it is run on (the workshop on OSSM 2.6 and 3, GitOps off, and Bookinfo).
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTravelsWorkshop, OssmVersion, writeDist } from '../../lib';
import { buildBookinfo } from '../../examples/bookinfo/bookinfo';
import { OSSM2_MESH } from './control-planes';

/**
 * The fake oc. `get subscriptions…/<name> … installPlanRef.name` → nothing the first time it is asked (OLM has not
 * made the plan yet), then `install-<name>`; `… installedCSV` → nothing the first time, then `<name>.v1`; a CSV's owned CRDs → two names derived from
 * it (never with $FAKE_OC_NEVER set: OLM never installs). `wait` fails (as oc does on a timeout) when an argument equals $FAKE_OC_FAIL. Everything else succeeds silently.
 */
const FAKE_OC = `#!/bin/sh
printf '%s\\n' "$*" >> "$FAKE_OC_LOG"
case "$*" in
  *installPlanRef.name*) sub=\${2##*/}
    if [ -e "$FAKE_OC_STATE/$sub.plan" ]; then echo "install-$sub"; else : > "$FAKE_OC_STATE/$sub.plan"; fi ;;
  *installedCSV*) sub=\${2##*/}
    if [ -n "\${FAKE_OC_NEVER:-}" ]; then :; elif [ -e "$FAKE_OC_STATE/$sub" ]; then echo "$sub.v1"; else : > "$FAKE_OC_STATE/$sub"; fi ;;
  *customresourcedefinitions.owned*) csv=\${2##*/}; echo "widgets.$csv.example.io gadgets.$csv.example.io" ;;
  wait*) for a in "$@"; do if [ "$a" = "\${FAKE_OC_FAIL:-}" ]; then echo "error: timed out waiting for the condition on $a" >&2; exit 1; fi; done ;;
esac
exit 0
`;

/** A temporary folder with the fake oc and the three outputs; `remove()` deletes it. */
export interface FakeOcWorld {
  readonly root: string;
  readonly dist26: string;
  readonly dist3: string;
  readonly bookinfo: string;
  /** Runs `fn` with the fake oc on $OC and a fresh log; returns the recorded calls, one line of arguments each. */
  withFakeOc(fn: (env: NodeJS.ProcessEnv) => void, fail?: string, never?: boolean): string[];
  remove(): void;
}

/** Makes the fake oc and writes the workshop (OSSM 2.6 and 3) and Bookinfo (OSSM 2.6) outputs it is run on. */
export function fakeOcWorld(): FakeOcWorld {
  const root = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-apply-'));
  const fakeOc = join(root, 'oc');
  writeFileSync(fakeOc, FAKE_OC);
  chmodSync(fakeOc, 0o755);
  const world = { root, dist26: join(root, 'dist-26'), dist3: join(root, 'dist-3'), bookinfo: join(root, 'bookinfo') };
  writeDist(buildTravelsWorkshop({ clusterBaseDomain: 'example.com', ossmVersion: OssmVersion.V2_6 }), { outdir: world.dist26, analyze: false, quiet: true });
  writeDist(buildTravelsWorkshop({ clusterBaseDomain: 'example.com', ossmVersion: OssmVersion.V3 }), { outdir: world.dist3, analyze: false, quiet: true });
  writeDist(buildBookinfo({ controlPlane: OSSM2_MESH }), { outdir: world.bookinfo, analyze: false, quiet: true });
  let run = 0;
  return {
    ...world,
    withFakeOc(fn, fail, never = false) {
      const dir = join(root, `run-${++run}`);
      mkdirSync(dir);
      const fakeEnv = { OC: fakeOc, FAKE_OC_LOG: join(dir, 'log'), FAKE_OC_STATE: dir, ...(fail && { FAKE_OC_FAIL: fail }), ...(never && { FAKE_OC_NEVER: '1' }) };
      const saved = { ...process.env };
      Object.assign(process.env, fakeEnv);
      try {
        fn({ ...process.env, ...fakeEnv });
      } finally {
        for (const key of Object.keys(fakeEnv)) if (saved[key] === undefined) delete process.env[key]; else process.env[key] = saved[key];
      }
      try {
        return readFileSync(fakeEnv.FAKE_OC_LOG, 'utf8').trimEnd().split('\n');
      } catch {
        return [];
      }
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

export function at(calls: string[], pattern: RegExp): number {
  const i = calls.findIndex((c) => pattern.test(c));
  if (i < 0) throw new Error(`no call matches ${pattern}:\n${calls.join('\n')}`);
  return i;
}

