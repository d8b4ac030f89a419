import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as net20 from '../../imports/networking.istio.io';
import * as net30 from '../../imports/ossm3-networking.istio.io';
import * as sec30 from '../../imports/ossm3-security.istio.io';
import * as sec20 from '../../imports/security.istio.io';
import { IstioApiVersion } from '../core/mesh-control-plane';

// Istio objects in the API version a control plane serves. Props are written once, in the Istio 1.20 (OSSM 2.6) types
// of the generated imports; for `v1` the same props go to the Istio 1.30 (OSSM 3) class. The two generated modules
// spell enums as distinct TypeScript types, hence the casts; the JSON they produce is the same for every field that
// exists in both, and the tests validate every emitted object against the CRD schema of its platform.

/** @internal A VirtualService in `networking.istio.io/<version>`. */
export function newVirtualService(scope: Construct, id: string, version: IstioApiVersion, props: net20.VirtualServiceV1Beta1Props): ApiObject {
  return version === IstioApiVersion.V1
    ? new net30.VirtualService(scope, id, props as unknown as net30.VirtualServiceProps)
    : new net20.VirtualServiceV1Beta1(scope, id, props);
}

/** @internal A DestinationRule in `networking.istio.io/<version>`. */
export function newDestinationRule(scope: Construct, id: string, version: IstioApiVersion, props: net20.DestinationRuleV1Beta1Props): ApiObject {
  return version === IstioApiVersion.V1
    ? new net30.DestinationRule(scope, id, props as unknown as net30.DestinationRuleProps)
    : new net20.DestinationRuleV1Beta1(scope, id, props);
}

/** @internal A Gateway in `networking.istio.io/<version>`. */
export function newGateway(scope: Construct, id: string, version: IstioApiVersion, props: net20.GatewayV1Beta1Props): ApiObject {
  return version === IstioApiVersion.V1
    ? new net30.Gateway(scope, id, props as unknown as net30.GatewayProps)
    : new net20.GatewayV1Beta1(scope, id, props);
}

/** @internal A ServiceEntry in `networking.istio.io/<version>`. */
export function newServiceEntry(scope: Construct, id: string, version: IstioApiVersion, props: net20.ServiceEntryV1Beta1Props): ApiObject {
  return version === IstioApiVersion.V1
    ? new net30.ServiceEntry(scope, id, props as unknown as net30.ServiceEntryProps)
    : new net20.ServiceEntryV1Beta1(scope, id, props);
}

/** @internal A Sidecar in `networking.istio.io/<version>`. */
export function newSidecar(scope: Construct, id: string, version: IstioApiVersion, props: net20.SidecarV1Beta1Props): ApiObject {
  return version === IstioApiVersion.V1
    ? new net30.Sidecar(scope, id, props as unknown as net30.SidecarProps)
    : new net20.SidecarV1Beta1(scope, id, props);
}

/** @internal A PeerAuthentication: `security.istio.io/v1beta1` on Istio 1.20 (its only version there), `v1` after. */
export function newPeerAuthentication(scope: Construct, id: string, version: IstioApiVersion, props: sec20.PeerAuthenticationProps): ApiObject {
  return version === IstioApiVersion.V1
    ? new sec30.PeerAuthentication(scope, id, props as unknown as sec30.PeerAuthenticationProps)
    : new sec20.PeerAuthentication(scope, id, props);
}

/**
 * @internal An AuthorizationPolicy: `security.istio.io/v1beta1` on Istio 1.20 (OSSM 2.6 documents that version,
 * although 1.20 also serves v1), `v1` after.
 */
export function newAuthorizationPolicy(scope: Construct, id: string, version: IstioApiVersion, props: sec20.AuthorizationPolicyV1Beta1Props): ApiObject {
  return version === IstioApiVersion.V1
    ? new sec30.AuthorizationPolicy(scope, id, props as unknown as sec30.AuthorizationPolicyProps)
    : new sec20.AuthorizationPolicyV1Beta1(scope, id, props);
}
