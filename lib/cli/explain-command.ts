import { CliCommand, CliIo, EXIT_USAGE, InputError, parseCommandLine, UsageError } from './command';
import { INPUT_HELP, INPUT_OPTIONS, loadInputs } from './inputs';
import { DEFAULT_MAX_INPUT_DOCUMENTS } from '../analysis/load';
import { KubeObject } from '../core/kube-object';
import { redactSourceLine } from '../core/validation';
import { checkExplainRequest, explain } from '../explain/explain';
import { formatExplanation } from '../explain/format';
import { ExplainRequest } from '../explain/types';

/** Exit status of `explain`: the request is routed (a rule, a redirect or direct response, or the default route). */
export const EXIT_ROUTED = 0;
/** Exit status of `explain`: nothing routes the request (unknown host, or no rule matches: 404). */
export const EXIT_NO_ROUTE = 1;

/** The arguments of `cdk8s-ossm explain`, every option named. */
const EXPLAIN_SYNOPSIS = '<file, folder or ->... --host HOST [--from-namespace NS] [--from-service-account SA] [--gateway NS/NAME] '
  + '[--port N] [--method M] [--path P] [--authority A] [--scheme S] [--header K=V]... [--source-label K=V]... [--namespace NS] '
  + '[--max-bytes N] [--max-documents N] [--format text|json]';

/** The help text of `cdk8s-ossm explain`. */
export const EXPLAIN_USAGE = `Usage: cdk8s-ossm explain ${EXPLAIN_SYNOPSIS}

Explains where OpenShift Service Mesh 2.6 or 3 sends one request, offline: the VirtualService that applies,
the rule that matches and why each earlier one does not, the destinations with their workloads, the
DestinationRule traffic policy, and whether each workload's AuthorizationPolicies let the request in.
Routing follows Istio 1.20; OSSM 3's v1 objects are read alike.

${INPUT_HELP}

Options:
      --host HOST           the host the client calls (required): travels, travels.travel-agency or an FQDN
      --from-namespace NS   namespace of the calling pod; default: "default"
      --from-service-account SA
                            ServiceAccount of the calling pod, for AuthorizationPolicy principals; default: "default"
      --gateway NS/NAME     a request from outside through this Istio Gateway (its server, the VirtualServices
                            bound to it) or Gateway API Gateway (its listener, the HTTPRoutes attached to it), then
                            the mesh hop; default: the Gateway whose server or listener admits an external HOST
      --port N              the port called; default: the Service's port
      --method M            default: GET
      --path P              the path, optionally with ?query; default: /
      --authority A         the Host header (and TLS SNI); default: HOST
      --scheme S            default: http
  -H, --header K=V          a request header (repeat for more)
      --source-label K=V    a label of the calling pod, for sourceLabels matches (repeat for more)
  -n, --namespace NS        namespace of objects that have none (as "oc apply -n"); default: "default"
      --max-bytes N         read at most N bytes of input in all (K, M, G suffixes); default: 1G
      --max-documents N     read at most N YAML documents in all; default: ${DEFAULT_MAX_INPUT_DOCUMENTS}
  -f, --format FORMAT       text (default) or json (documented in docs/EXPLAIN.md)
  -h, --help                show this help

Exit status: 0 routed (a rule, a redirect or direct response, or the default route to the Service),
1 no route (unknown host, or no rule matches: Envoy answers 404), 2 usage or input error.
`;

/** Parses repeated `K=V` options into a map; a string is the error. */
function pairs(option: string, values: readonly string[] | undefined): Record<string, string> | string {
  const entries: [string, string][] = [];
  for (const v of values ?? []) {
    const eq = v.indexOf('=');
    // the text may be a credential written curl's way ("authorization: Bearer …"): shown as a YAML line would be
    if (eq <= 0) return `${option} ${JSON.stringify(redactSourceLine(v))} is not valid; allowed: NAME=VALUE`;
    entries.push([v.slice(0, eq), v.slice(eq + 1)]);
  }
  return Object.fromEntries(entries); // keys defined as data: a name such as __proto__ stays a name
}

/**
 * Runs `cdk8s-ossm explain <args>` (the arguments after `explain`) and returns the exit status; `main` dispatches
 * to it with its writers.
 */
export function explainCommand(argv: readonly string[], io: Required<CliIo>): number {
  const { stdout: out, stderr: err } = io;
  const usageError = (message: string): number => {
    err(`cdk8s-ossm explain: ${message}\n\n${EXPLAIN_USAGE}`);
    return EXIT_USAGE;
  };

  let parsed;
  try {
    parsed = parseCommandLine(argv, {
        'host': { type: 'string' },
        'from-namespace': { type: 'string' },
        'from-service-account': { type: 'string' },
        'gateway': { type: 'string' },
        'port': { type: 'string' },
        'method': { type: 'string' },
        'path': { type: 'string' },
        'authority': { type: 'string' },
        'scheme': { type: 'string' },
        'header': { type: 'string', short: 'H', multiple: true },
        'source-label': { type: 'string', multiple: true },
        ...INPUT_OPTIONS, // --namespace, --max-bytes, --max-documents, as analyze and migrate read them
        'format': { type: 'string', short: 'f', default: 'text' },
        'help': { type: 'boolean', short: 'h', default: false },
    });
  } catch (e) {
    return usageError((e as Error).message);
  }
  const values = parsed.values as {
    'host'?: string; 'from-namespace'?: string; 'from-service-account'?: string; 'gateway'?: string; 'port'?: string; 'method'?: string; 'path'?: string; 'authority'?: string;
    'scheme'?: string; 'header'?: string[]; 'source-label'?: string[]; 'namespace'?: string; 'max-bytes'?: string; 'max-documents'?: string;
    'format'?: string; 'help'?: boolean;
  };
  const paths = parsed.positionals;
  if (values.help) {
    out(EXPLAIN_USAGE);
    return EXIT_ROUTED;
  }
  if (paths.length === 0) return usageError('needs at least one file or folder');
  if (values.host === undefined) return usageError('--host is required');
  const format = values.format;
  if (format !== 'text' && format !== 'json') return usageError(`--format ${JSON.stringify(format)} is not allowed; allowed: text, json`);
  const namespace = values.namespace; // checked by loadInputs, as for every command that reads manifests
  const headers = pairs('--header', values.header);
  if (typeof headers === 'string') return usageError(headers);
  const sourceLabels = pairs('--source-label', values['source-label']);
  if (typeof sourceLabels === 'string') return usageError(sourceLabels);
  if (values.port !== undefined && !/^\d+$/.test(values.port)) {
    return usageError(`--port ${JSON.stringify(values.port)} is not valid; allowed: a whole number from 1 to 65535`);
  }
  const request: ExplainRequest = {
    host: values.host,
    fromNamespace: values['from-namespace'],
    fromServiceAccount: values['from-service-account'],
    gateway: values.gateway,
    port: values.port === undefined ? undefined : Number(values.port),
    method: values.method,
    path: values.path,
    authority: values.authority,
    scheme: values.scheme,
    headers,
    sourceLabels,
  };
  try {
    checkExplainRequest(request);
  } catch (e) {
    return usageError((e as Error).message.replace(/^explain: /, ''));
  }

  let objects: KubeObject[];
  try {
    objects = loadInputs(paths, namespace, { out, err }, values);
  } catch (e) {
    if (e instanceof UsageError) return usageError(e.message);
    if (!(e instanceof InputError)) throw e;
    err(`cdk8s-ossm: ${e.message}\n`);
    return EXIT_USAGE;
  }
  const explanation = explain(objects, request, namespace === undefined ? {} : { defaultNamespace: namespace });
  out(format === 'json' ? `${JSON.stringify(explanation, null, 2)}\n` : formatExplanation(explanation));
  return explanation.routed ? EXIT_ROUTED : EXIT_NO_ROUTE;
}

/** `cdk8s-ossm explain` in the CLI's command table. */
export const EXPLAIN_COMMAND: CliCommand = {
  name: 'explain',
  synopsis: EXPLAIN_SYNOPSIS,
  summary: 'Explains where OpenShift Service Mesh 2.6 or 3 sends one request, offline.',
  run: (argv, context) => explainCommand(argv, { stdout: context.out, stderr: context.err }),
};
