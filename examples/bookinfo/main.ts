// npm run synth:bookinfo: Bookinfo into examples/bookinfo/dist/, validated, analyzed and written as a whole, as
// `npm run synth` writes the workshop, for the workshop's OSSM 3 mesh (the default) or with OSSM_VERSION=2.6 its OSSM 2.6 one.
import { App } from 'cdk8s';
import { MeshBaseChart, OssmVersion, writeDist } from 'cdk8s-ossm';
import { buildBookinfo } from './bookinfo';

try {
  const ossmVersion = process.env.OSSM_VERSION || OssmVersion.V3;
  if (ossmVersion !== OssmVersion.V2_6 && ossmVersion !== OssmVersion.V3) {
    throw new Error(`OSSM_VERSION ${JSON.stringify(ossmVersion)} is not valid. Allowed: "2.6" or "3".`);
  }
  // the mesh Bookinfo joins, as the workshop describes it (only its reference is used; nothing of it is written):
  // buildBookinfo declares it as the mesh of Bookinfo's Apps, where every construct finds it
  const controlPlane = new MeshBaseChart(new App(), 'mesh', { ossmVersion }).meshControlPlane;
  const outdir = 'examples/bookinfo/dist';
  // writeDist prints its analyzer and synth warnings itself
  // the analyzer judges the output (no control plane in it) by the mesh declared for its Apps
  const report = writeDist(buildBookinfo({ controlPlane }), { outdir });
  console.log(`${report.objects} objects in ${report.files.length} files written to ${outdir}/`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
