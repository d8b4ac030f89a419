import { analyze } from '../analysis/analyze';
import { AnalyzeOptions, OSSM2_ISTIO_VERSION, OSSM3_ISTIO_VERSION } from '../analysis/context';
import { formatText } from '../analysis/format';
import { CliCommand, defineCommand, EXIT_FINDINGS, EXIT_OK, UsageError } from './command';
import { INPUT_HELP, INPUT_OPTIONS, INPUT_OPTIONS_HELP, loadInputs } from './inputs';

/** `cdk8s-ossm analyze`: the mesh analyzer over manifests. */
export const ANALYZE_COMMAND: CliCommand = defineCommand({
  name: 'analyze',
  synopsis: '<file, folder or ->... [--namespace NS] [--platform 2.6|3] [--max-bytes N] [--max-documents N] [--format text|json]',
  summary: 'Analyzes Kubernetes manifests for OpenShift Service Mesh 2.6 (Istio 1.20) and 3 (Istio 1.30) mistakes.',
  help: `Each finding names the file and line of its object.

${INPUT_HELP}

Options:
${INPUT_OPTIONS_HELP}
  -p, --platform P       the OSSM version of a set that holds no control plane: 3 (Istio ${OSSM3_ISTIO_VERSION}) or 2.6
                         (Istio ${OSSM2_ISTIO_VERSION}); default: 3, or 2.6 when the set holds a ServiceMeshMemberRoll
                         or ServiceMeshMember. A ServiceMeshControlPlane or Istio in the set decides for itself.
                         (explain reads both platforms alike and takes no such option.)
  -f, --format FORMAT    text (default) or json (the AnalysisResult)
  -h, --help             show this help

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage or input error (also when no Kubernetes object
was found).
Suppress a finding on an object with the annotation suppress.analysis.cdk8s-ossm.io/<CODE>: "<reason>".`,
  options: {
    ...INPUT_OPTIONS,
    format: { type: 'string', short: 'f', default: 'text' },
    platform: { type: 'string', short: 'p' },
  },
  run({ values, positionals }, context) {
    const format = values.format;
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format ${JSON.stringify(format)} is not allowed; allowed: text, json`);
    const namespace = values.namespace as string | undefined;
    const assumeIstio = istioOfPlatform(values.platform);
    const objects = loadInputs(positionals, namespace, context, values);
    const options: AnalyzeOptions = {
      ...(namespace === undefined ? {} : { defaultNamespace: namespace }),
      ...(assumeIstio === undefined ? {} : { assumeIstio }),
    };
    const result = analyze(objects, options);
    context.out(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatText(result));
    return result.errors > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
});

/** The Istio version `--platform` stands for (`AnalyzeOptions.assumeIstio`), or `undefined` when not given. */
function istioOfPlatform(platform: unknown): string | undefined {
  if (platform === undefined) return undefined;
  const version = platform === '3' ? OSSM3_ISTIO_VERSION : platform === '2.6' ? OSSM2_ISTIO_VERSION : undefined;
  if (version === undefined) throw new UsageError(`--platform ${JSON.stringify(platform)} is not allowed; allowed: 3, 2.6`);
  return version;
}
