import { plainMapOf, requireSafeMap } from '../core/safe-map';
import { invalidInput, requireDnsLabel, ValidationScope } from '../core/validation';
import { IMeshService, requireMeshService } from '../workload/mesh-service';

/** The namespace and pod labels a security policy applies to. @internal */
export interface WorkloadSelection {
  /** The namespace, when given or implied by the service; `undefined` for a mesh-wide policy. */
  readonly namespace?: string;
  /** The pod labels, for a workload policy. */
  readonly selector?: Record<string, string>;
}

/**
 * Reads the `namespace`, `service` and `selector` props of a security policy: `service` means the pods labelled
 * `app: <service name>` in its namespace; `selector` needs `namespace`; the two exclude each other.
 * @internal
 */
export function workloadSelector(scope: ValidationScope, props: { namespace?: string; service?: IMeshService; selector?: Record<string, string> }): WorkloadSelection {
  if (props.service !== undefined && props.selector !== undefined) {
    throw invalidInput(scope, 'service and selector', { selector: props.selector }, 'Allowed: one of service and selector.');
  }
  if (props.service !== undefined) {
    const service = requireMeshService(scope, 'service', props.service);
    if (props.namespace !== undefined && props.namespace !== service.namespace) {
      throw invalidInput(scope, 'namespace', props.namespace, `Allowed: the service's namespace ("${service.namespace}"), or none.`);
    }
    return { namespace: service.namespace, selector: { app: service.name } };
  }
  const namespace = props.namespace === undefined ? undefined : requireDnsLabel(scope, 'namespace', props.namespace);
  if (props.selector === undefined) return { namespace };
  if (namespace === undefined) {
    throw invalidInput(scope, 'namespace', undefined, 'Allowed: the namespace of the pods the selector selects (a DNS-1123 label).');
  }
  const selector = requireSafeMap(scope, 'selector', props.selector, 'labels');
  if (Object.keys(selector).length === 0) {
    throw invalidInput(scope, 'selector', props.selector, 'Allowed: at least one label; leave selector out for a namespace-wide policy.');
  }
  return { namespace, selector: plainMapOf(selector) };
}
