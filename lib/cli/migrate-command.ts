import { MigrationInputError, migrateOssm2 } from '../migrate/migrate';
import { formatMigrationReport } from '../migrate/report';
import { OutputFolderError, writeTreeAtomically } from '../synth/write-tree';
import { stringifyYaml } from '../synth/yaml-text';
import { CliCommand, defineCommand, EXIT_FINDINGS, EXIT_OK, InputError, UsageError } from './command';
import { INPUT_HELP, INPUT_OPTIONS, INPUT_OPTIONS_HELP, loadInputs } from './inputs';

/** `cdk8s-ossm migrate`: OSSM 2.6 control planes to OSSM 3. */
export const MIGRATE_COMMAND: CliCommand = defineCommand({
  name: 'migrate',
  synopsis: '<file, folder or ->... [--out DIR] [--istio-version V] [--namespace NS]',
  summary: 'Converts OpenShift Service Mesh 2.6 control planes (ServiceMeshControlPlane, member roll and members) to OSSM 3.',
  help: `Reads ServiceMeshControlPlane, ServiceMeshMemberRoll, ServiceMeshMember, Gateway and Namespace objects
(anything else is ignored) and writes their OSSM 3 equivalent: per control plane an Istio named after its namespace
(in that namespace, InPlace updates, the mapped fields and discovery selectors), one IstioCNI, the labels that hand
each member namespace over (istio.io/rev, maistra.io/ignore-namespace), Kiali, a STRICT PeerAuthentication for
data-plane mTLS, and the Routes IOR made for the Gateway hosts of the input. The YAML goes to standard output, or
with --out to files in DIR in apply order; the report goes to standard error: every field of each control plane's
spec, mapped to what, or not migratable and why. It follows Red Hat's "ServiceMeshControlPlane resource to Istio
resource fields mapping" and the sail-operator's docs/ossm/ossm2-migration/.

${INPUT_HELP}

Options:
  -o, --out DIR          write 01-control-plane.yaml, 02-member-namespaces.yaml and 03-routes.yaml to DIR (replaced
                         as a whole; a folder with files this tool did not write is refused)
      --istio-version V  Istio version of the OSSM 3 control planes; default v1.30-latest
      --cni-namespace NS namespace of the IstioCNI; default istio-cni
${INPUT_OPTIONS_HELP}
  -h, --help             show this help

Exit status: 0 every field in use migrated, 1 some field in use cannot be migrated (everything else is still
written), 2 usage or input error (no ServiceMeshControlPlane in the input).`,
  options: {
    ...INPUT_OPTIONS,
    out: { type: 'string', short: 'o' },
    'istio-version': { type: 'string' },
    'cni-namespace': { type: 'string' },
  },
  run({ values, positionals }, context) {
    const objects = loadInputs(positionals, values.namespace as string | undefined, context, values);
    let result;
    try {
      result = migrateOssm2(objects, { istioVersion: values['istio-version'] as string | undefined, cniNamespace: values['cni-namespace'] as string | undefined });
    } catch (e) {
      if (e instanceof MigrationInputError) throw (/^no ServiceMeshControlPlane/.test(e.message) ? new InputError(e.message) : new UsageError(e.message));
      throw e;
    }
    const out = values.out as string | undefined;
    const yaml = (objects: readonly object[]) => `${stringifyYaml(...objects).replace(/\n*$/, '')}\n`;
    if (out === undefined) {
      context.out(yaml(result.files.flatMap((f) => f.objects)));
    } else {
      try {
        writeTreeAtomically(out, new Map(result.files.map((f) => [f.name, yaml(f.objects)])));
      } catch (e) {
        if (e instanceof OutputFolderError) throw new InputError(e.message);
        throw e;
      }
    }
    context.err(formatMigrationReport(result));
    return result.complete ? EXIT_OK : EXIT_FINDINGS;
  },
});
