import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as net20 from '../../imports/networking.istio.io';
import type * as net30 from '../../imports/ossm3-networking.istio.io';
import type * as sec30 from '../../imports/ossm3-security.istio.io';
import * as sec20 from '../../imports/security.istio.io';
import { lazyModule } from '../core/lazy-module';
import { IstioApiVersion } from '../core/mesh-control-plane';

// Istio objects in the API version a control plane serves. Props are written once, in the Istio 1.20 (OSSM 2.6) types
// of the generated imports; for `v1` the same props go to the Istio 1.30 (OSSM 3) class. The two generated modules
// spell enums as distinct TypeScript types, hence the cast; the JSON they produce is the same for every field that
// exists in both, and the tests validate every emitted object against the CRD schema of its platform.

/** Istio 1.30's networking types (600 kB of code), loaded when a `v1` object is made. */
const networkingV1 = lazyModule(() => require('../../imports/ossm3-networking.istio.io') as typeof net30);
/** Istio 1.30's security types, loaded when a `v1` object is made. */
const securityV1 = lazyModule(() => require('../../imports/ossm3-security.istio.io') as typeof sec30);

/** A generated Istio class: `new (scope, id, props)`. */
type IstioClass<P> = new (scope: Construct, id: string, props: P) => ApiObject;

/**
 * Makes an object of `istio120` on OSSM 2.6 (`v1beta1`), of the class `istio130()` returns, with the same props, on
 * `v1` (a function, so that Istio 1.30's module loads only when a `v1` object is made).
 */
function versioned<P>(istio120: IstioClass<P>, istio130: () => IstioClass<never>) {
  return (scope: Construct, id: string, version: IstioApiVersion, props: P): ApiObject => (version === IstioApiVersion.V1
    ? new (istio130() as unknown as IstioClass<P>)(scope, id, props)
    : new istio120(scope, id, props));
}

/** @internal A VirtualService in `networking.istio.io/<version>`. */
export const newVirtualService = versioned(net20.VirtualServiceV1Beta1, () => networkingV1().VirtualService);

/** @internal A DestinationRule in `networking.istio.io/<version>`. */
export const newDestinationRule = versioned(net20.DestinationRuleV1Beta1, () => networkingV1().DestinationRule);

/** @internal A Gateway in `networking.istio.io/<version>`. */
export const newGateway = versioned(net20.GatewayV1Beta1, () => networkingV1().Gateway);

/** @internal A PeerAuthentication: `security.istio.io/v1beta1` on Istio 1.20 (its only version there), `v1` after. */
export const newPeerAuthentication = versioned(sec20.PeerAuthentication, () => securityV1().PeerAuthentication);

/**
 * @internal An AuthorizationPolicy: `security.istio.io/v1beta1` on Istio 1.20 (OSSM 2.6 documents that version,
 * although 1.20 also serves v1), `v1` after.
 */
export const newAuthorizationPolicy = versioned(sec20.AuthorizationPolicyV1Beta1, () => securityV1().AuthorizationPolicy);
