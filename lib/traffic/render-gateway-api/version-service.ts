import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '../../core/mesh-conventions';
import { IMeshService } from '../../workload/mesh-service';
import { VersionService } from './convert-http';

/** The label that names the Service a per-version Service selects a version of. */
export const VERSION_OF_LABEL = 'cdk8s-ossm.io/version-of';

/**
 * The Service of one version of an app, `<service>-<version>` (selector `app` and `version`), that an HTTPRoute sends
 * to where a VirtualService would name a DestinationRule subset: Gateway API cannot address subsets. Its port has the
 * name and target port of `of`, the Service whose version it selects (so that Istio reads the same protocol, and the
 * pods are reached where they listen); `http` and the Service port when `of` is not known.
 * @internal
 */
export function newVersionService(scope: Construct, id: string, service: VersionService, of?: IMeshService): k8s.KubeService {
  const targetPort = of?.targetPort;
  return new k8s.KubeService(scope, id, {
    metadata: {
      name: service.name,
      namespace: service.namespace,
      labels: { app: service.service, version: service.version, [VERSION_OF_LABEL]: service.service, [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
    },
    spec: {
      // as MeshService writes its Service (built-in defaults are no Argo CD drift; CRD defaults are, see the HTTPRoute)
      ports: [{
        name: of?.portName ?? 'http', port: service.port,
        ...(targetPort !== undefined && targetPort !== service.port && { targetPort: k8s.IntOrString.fromNumber(targetPort) }),
      }],
      selector: { app: service.service, version: service.version },
    },
  });
}
