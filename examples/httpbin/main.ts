// npm run synth:httpbin: httpbin + sleep into examples/httpbin/dist/, validated, analyzed and written as a whole, for
// the OSSM 3 mesh the workshop describes (OSSM_VERSION=2.6 for OSSM 2.6). HTTPBIN_HOST sets the external host.
import { App } from 'cdk8s';
import { MeshBaseChart, OssmVersion, writeDist } from 'cdk8s-ossm';
import { buildHttpbin } from './httpbin';

try {
  const ossmVersion = process.env.OSSM_VERSION || OssmVersion.V3;
  if (ossmVersion !== OssmVersion.V2_6 && ossmVersion !== OssmVersion.V3) {
    throw new Error(`OSSM_VERSION ${JSON.stringify(ossmVersion)} is not valid. Allowed: "2.6" or "3".`);
  }
  // the mesh the app joins (only its reference is used; nothing of it is written)
  const controlPlane = new MeshBaseChart(new App(), 'mesh', { ossmVersion }).meshControlPlane;
  const outdir = 'examples/httpbin/dist';
  // writeDist prints its warnings itself (quiet: true would not)
  // the analyzer judges the output (no control plane in it) by the mesh declared for its Apps
  const report = writeDist(buildHttpbin({ controlPlane, host: process.env.HTTPBIN_HOST || undefined }), { outdir });
  console.log(`${report.objects} objects in ${report.files.length} files written to ${outdir}/`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
