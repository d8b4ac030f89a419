// npm run synth:bookinfo: Bookinfo into examples/bookinfo/dist/, validated, analyzed and written as a whole, as
// `npm run synth` writes the workshop.
import { formatFinding, formatSynthWarning, writeDist } from 'cdk8s-ossm';
import { buildBookinfo } from './bookinfo';

try {
  const outdir = 'examples/bookinfo/dist';
  const report = writeDist(buildBookinfo(), { outdir });
  for (const finding of report.findings) console.warn(formatFinding(finding));
  for (const warning of report.warnings) console.warn(formatSynthWarning(warning));
  console.log(`${report.objects} objects in ${report.files.length} files written to ${outdir}/`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
