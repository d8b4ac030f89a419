// The modules this program uses, rather than the package index ('./lib'), which loads every construct and every
// generated CRD type: loading code is most of what a synth of the workshop costs.
import { formatFinding } from './lib/analysis/format';
import { formatSynthWarning } from './lib/core/synth-warnings';
import { travelsDeliveryFromEnv } from './lib/travels/delivery-environment';
import { writeTravelsDelivery } from './lib/travels/workshop-delivery';

// Synthesizes the workshop into dist/ (or $CDK8S_OUTDIR): validated, analyzed, then written as a whole. With
// CLUSTERS_FILE, one tree per cluster in clusters/<name>/; with GITOPS_REPO_URL, the Argo CD output in argocd/.
// Settings come from the environment (CLUSTER_BASE_DOMAIN, MESH_TRACING, MESH_IOR, KIALI_VERSION, ...; see the README).
try {
  // an empty CDK8S_OUTDIR counts as unset: resolved, '' would be the current folder
  const outdir = process.env.CDK8S_OUTDIR || 'dist';
  const report = writeTravelsDelivery(travelsDeliveryFromEnv(process.env, outdir), { outdir });
  for (const finding of report.findings) console.warn(formatFinding(finding));
  for (const warning of report.warnings) console.warn(formatSynthWarning(warning));
  console.log(`${report.objects} objects in ${report.files.length} files written to ${outdir}/`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
