import { KubeObject } from '../core/kube-object';
import { MigrationInputError, migrateOssm2, newestIstioVersion } from '../migrate/migrate';
import { formatGatewayApiMigrationReport, migrateToGatewayApi } from '../migrate-gateway-api';
import { formatMigrationReport } from '../migrate/report';
import { OutputFolderError, writeTreeAtomically } from '../synth/write-tree';
import { stringifyYaml } from '../synth/yaml-text';
import { CliCommand, CommandArgs, CommandContext, defineCommand, EXIT_FINDINGS, EXIT_OK, InputError, UsageError } from './command';
import { INPUT_HELP, INPUT_OPTIONS, INPUT_OPTIONS_HELP, loadInputs } from './inputs';

/** `cdk8s-ossm migrate`: OSSM 2.6 control planes to OSSM 3. */
export const MIGRATE_COMMAND: CliCommand = defineCommand({
  name: 'migrate',
  synopsis: '<file, folder or ->... [--to ossm3|gateway-api] [--out DIR] [--istio-version V] [--cni-namespace NS] [--namespace NS] [--max-bytes N] [--max-documents N]',
  summary: 'Converts OSSM 2.6 control planes (ServiceMeshControlPlane, member roll, members) to OSSM 3, or with --to gateway-api Istio routing (VirtualService, DestinationRule, Gateway) to Gateway API.',
  help: `Reads ServiceMeshControlPlane (v2.6; an older one is refused), ServiceMeshMemberRoll, ServiceMeshMember,
Gateway and Namespace objects (federation objects are reported: OSSM 3 has no federation; anything else is ignored)
and writes the OSSM 3 equivalent of what ran (status.appliedSpec, else the spec with 2.6's built-in profiles): per
control plane an Istio named after its namespace (in that namespace, InPlace updates, the mapped fields and discovery
selectors), one IstioCNI, the labels that hand each member namespace over (istio.io/rev,
maistra.io/ignore-namespace), Kiali, a STRICT PeerAuthentication for data-plane mTLS, and the Routes IOR made for the
Gateway hosts of the input; never under a name the 2.6 control plane uses, and never with 2.6's image overrides. The
YAML goes to standard output, or with --out to files in DIR in apply order; the report goes to standard error: every
field, where its value came from, mapped to what, kept for a human or not migratable and why. It follows Red Hat's
"ServiceMeshControlPlane resource to Istio resource fields mapping" and the sail-operator's docs/ossm/ossm2-migration/.

${INPUT_HELP}

With --to gateway-api, reads VirtualService, DestinationRule and Istio Gateway objects (any, not only this
tool's; Services of the input give ports and selectors) and writes their Gateway API v1.2.1 equivalent: Gateways of
class istio (with a ReferenceGrant for a TLS Secret in the gateway pods' namespace), HTTPRoutes (parentRef the Service for the mesh, the Gateway for ingress), one Service
<service>-<version> per subset a route names, and the DestinationRule policies Istio still applies. The report
lists every field: converted, kept, or NOT CONVERTIBLE and why (faults, retries, TCP, matches on the caller, rule
orders Gateway API's precedence would change, ...); with --out the files are 01-gateways.yaml,
02-version-services.yaml, 03-routes.yaml and 04-destination-rules.yaml.

Options:
      --to TARGET        ossm3 (the default: OSSM 2.6 control planes to OSSM 3) or gateway-api
  -o, --out DIR          write 01-control-plane.yaml, 02-member-namespaces.yaml and 03-routes.yaml to DIR (replaced
                         as a whole; a folder with files this tool did not write is refused)
      --istio-version V  Istio version of the OSSM 3 control planes; default ${newestIstioVersion()}, the newest the
                         OSSM 3.4 CRD accepts
      --cni-namespace NS namespace of the IstioCNI; default istio-cni
${INPUT_OPTIONS_HELP}
  -h, --help             show this help

Exit status: 0 every field in use migrated, 1 some field in use cannot be migrated or is kept for a human to decide
(everything else is still written), 2 usage or input error (no ServiceMeshControlPlane in the input, or one below
v2.6: upgrade it to 2.6 first; with --to gateway-api, no VirtualService, DestinationRule or Gateway).`,
  options: {
    ...INPUT_OPTIONS,
    to: { type: 'string' },
    out: { type: 'string', short: 'o' },
    'istio-version': { type: 'string' },
    'cni-namespace': { type: 'string' },
  },
  run({ values, positionals }, context) {
    const to = (values.to as string | undefined) ?? 'ossm3';
    if (to !== 'ossm3' && to !== 'gateway-api') throw new UsageError(`--to "${to}" is not valid. Allowed: ossm3 or gateway-api.`);
    const objects = loadInputs(positionals, values.namespace as string | undefined, context, values);
    if (to === 'gateway-api') return runGatewayApiMigration(objects, values, context);
    let result;
    try {
      result = migrateOssm2(objects, { istioVersion: values['istio-version'] as string | undefined, cniNamespace: values['cni-namespace'] as string | undefined });
    } catch (e) {
      if (e instanceof MigrationInputError) throw (/^(no ServiceMeshControlPlane|ServiceMeshControlPlane|ServiceMeshMemberRoll)/.test(e.message) ? new InputError(e.message) : new UsageError(e.message));
      throw e;
    }
    const out = values.out as string | undefined;
    writeMigratedFiles(result.files, out, context);
    context.err(formatMigrationReport(result, { out }));
    return result.complete ? EXIT_OK : EXIT_FINDINGS;
  },
});

/** `migrate --to gateway-api` (lib/migrate-gateway-api). */
function runGatewayApiMigration(objects: readonly KubeObject[], values: CommandArgs['values'], context: CommandContext): number {
  if (values['istio-version'] !== undefined || values['cni-namespace'] !== undefined) {
    throw new UsageError('--istio-version and --cni-namespace are options of --to ossm3, not of --to gateway-api.');
  }
  const result = migrateToGatewayApi(objects, { defaultNamespace: values.namespace as string | undefined });
  if (result.entries.length === 0) throw new InputError('no VirtualService, DestinationRule or Gateway (networking.istio.io) in the input: nothing to convert');
  writeMigratedFiles(result.files, values.out as string | undefined, context);
  context.err(formatGatewayApiMigrationReport(result));
  return result.complete ? EXIT_OK : EXIT_FINDINGS;
}

/** What a migration writes: one YAML stream on standard output, or the files into `out` as a whole (atomically). */
function writeMigratedFiles(files: ReadonlyArray<{ readonly name: string; readonly objects: readonly object[] }>, out: string | undefined, context: CommandContext): void {
  const yaml = (objects: readonly object[]) => `${stringifyYaml(...objects).replace(/\n*$/, '')}\n`;
  if (out === undefined) {
    context.out(yaml(files.flatMap((f) => f.objects)));
    return;
  }
  try {
    writeTreeAtomically(out, new Map(files.map((f) => [f.name, yaml(f.objects)])));
  } catch (e) {
    if (e instanceof OutputFolderError) throw new InputError(e.message);
    throw e;
  }
}
