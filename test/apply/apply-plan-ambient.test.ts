// The apply plan of an ambient-mode output: the ZTunnel is waited on (Ready) in the control-plane stage, before the
// apps, whose pods get no traffic capture until ztunnel runs on their node.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTravelsWorkshop, DataPlaneMode, writeDist } from '../../lib';
import { planApply } from '../../lib/apply/apply-plan';

let dir = '';
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'cdk8s-ossm-apply-ambient-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const waits = (dist: string) => planApply(dist).stages.map((s) => ({
  folder: s.folder.slice(dist.length + 1),
  waits: s.actions.filter((a) => a.type === 'wait').map((a) => a.waitsFor),
}));

test('ambient mode: the ZTunnel is Ready before 02-apps; sidecar mode has no ZTunnel to wait for', () => {
  const ambient = join(dir, 'ambient');
  writeDist(buildTravelsWorkshop({ clusterBaseDomain: 'example.com', ossm3: { dataPlane: DataPlaneMode.AMBIENT } }), { outdir: ambient, analyze: false, quiet: true });
  const stages = waits(ambient);
  const controlPlane = stages.find((s) => s.folder === '01-control-plane')!;
  expect(controlPlane.waits).toEqual(expect.arrayContaining([expect.stringMatching(/^ZTunnel .*default to be Ready$/)]));
  expect(stages.map((s) => s.folder)).toEqual(['00-operators', '01-control-plane', '02-apps']);

  const sidecar = join(dir, 'sidecar');
  writeDist(buildTravelsWorkshop({ clusterBaseDomain: 'example.com' }), { outdir: sidecar, analyze: false, quiet: true });
  expect(waits(sidecar).flatMap((s) => s.waits).filter((w) => w.startsWith('ZTunnel'))).toEqual([]);
});
