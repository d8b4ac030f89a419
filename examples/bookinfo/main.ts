// npm run synth:bookinfo: Bookinfo into examples/bookinfo/dist/, validated, analyzed and written as a whole, as
// `npm run synth` writes the workshop. OSSM_VERSION=3 writes it for the workshop's OSSM 3 mesh instead of OSSM 2.6.
import { App } from 'cdk8s';
import { MeshBaseChart, OssmVersion, writeDist } from 'cdk8s-ossm';
import { buildBookinfo } from './bookinfo';

try {
  const ossmVersion = process.env.OSSM_VERSION || OssmVersion.V2_6;
  if (ossmVersion !== OssmVersion.V2_6 && ossmVersion !== OssmVersion.V3) {
    throw new Error(`OSSM_VERSION ${JSON.stringify(ossmVersion)} is not valid. Allowed: "2.6" or "3".`);
  }
  // the mesh Bookinfo joins, as the workshop describes it (only its reference is used; nothing of it is written)
  const controlPlane = new MeshBaseChart(new App(), 'mesh', { ossmVersion }).meshControlPlane;
  const outdir = 'examples/bookinfo/dist';
  // writeDist prints its analyzer and synth warnings itself
  const report = writeDist(buildBookinfo({ controlPlane }), { outdir, assumeIstio: ossmVersion === OssmVersion.V3 ? '1.30' : undefined });
  console.log(`${report.objects} objects in ${report.files.length} files written to ${outdir}/`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
