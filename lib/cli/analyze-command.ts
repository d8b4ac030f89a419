import { analyze } from '../analysis/analyze';
import { formatText } from '../analysis/format';
import { CliCommand, defineCommand, EXIT_FINDINGS, EXIT_OK, UsageError } from './command';
import { INPUT_HELP, INPUT_OPTIONS, INPUT_OPTIONS_HELP, loadInputs } from './inputs';

/** `cdk8s-ossm analyze`: the mesh analyzer over manifests. */
export const ANALYZE_COMMAND: CliCommand = defineCommand({
  name: 'analyze',
  synopsis: '<file, folder or ->... [--namespace NS] [--max-bytes N] [--max-documents N] [--format text|json]',
  summary: 'Analyzes Kubernetes manifests for OpenShift Service Mesh 2.6 (Istio 1.20) and 3 (Istio 1.30) mistakes.',
  help: `Each finding names the file and line of its object.

${INPUT_HELP}

Options:
${INPUT_OPTIONS_HELP}
  -f, --format FORMAT    text (default) or json (the AnalysisResult)
  -h, --help             show this help

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage or input error (also when no Kubernetes object
was found).
Suppress a finding on an object with the annotation suppress.analysis.cdk8s-ossm.io/<CODE>: "<reason>".`,
  options: {
    ...INPUT_OPTIONS,
    format: { type: 'string', short: 'f', default: 'text' },
  },
  run({ values, positionals }, context) {
    const format = values.format;
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format ${JSON.stringify(format)} is not allowed; allowed: text, json`);
    const namespace = values.namespace as string | undefined;
    const objects = loadInputs(positionals, namespace, context, values);
    const result = analyze(objects, namespace === undefined ? {} : { defaultNamespace: namespace });
    context.out(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatText(result));
    return result.errors > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
});
