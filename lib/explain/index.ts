/**
 * `explain`: where does this request go? Follows one request through the VirtualServices and DestinationRules of a
 * set of objects, offline, as a sidecar of OpenShift Service Mesh 2.6 or 3 would (Istio's routing as of 1.20). docs/EXPLAIN.md.
 * @packageDocumentation
 */
export { checkExplainRequest, explain, ISTIO_DEFAULT_RETRIES, DEFAULT_ROOT_NAMESPACE } from './explain';
export { formatExplanation } from './format';
export {
  ExplainRequest, ExplainOptions, ExplainOutcome, Explanation, ExplainedRequest, ExplainedTarget, ExplainedDestination,
  ExplainedMirror, ExplainedFault, ExplainedRetries, ExplainedTrafficPolicy, RuleVerdict, JsonValue,
  ExplainedGateway, ExplainedAuthorization, ExplainedWorkloadAuthorization,
} from './types';
