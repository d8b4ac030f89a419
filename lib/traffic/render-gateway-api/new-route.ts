import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type * as gwapi121 from '../../../imports/gwapi121-gateway.networking.k8s.io';
import { invalidInput } from '../../core/validation';
import { IMeshService } from '../../workload/mesh-service';
import { GatewayApiHttpRule } from './convert-http';
import { grpcRulesOf, isGrpcPortName } from './convert-grpc';
import { gatewayApi, valueAt } from './render-intent';

/**
 * The route of `service` with these rules: a GRPCRoute when Istio takes the service's port as gRPC (port name `grpc`,
 * `grpc-*`), its method matches from the intent's exact paths, else an HTTPRoute. What a GRPCRoute cannot express is
 * refused with the intent field of `props` (where `http` came from). `spec` gives parentRefs (and hostnames).
 * @internal
 */
export function newServiceRoute(scope: Construct, id: string, service: IMeshService, rules: GatewayApiHttpRule[], props: object,
  metadata: Record<string, unknown>, spec: Record<string, unknown>): ApiObject {
  if (!isGrpcPortName(service.portName)) {
    return new (gatewayApi().HttpRoute)(scope, id, { metadata, spec: { ...spec, rules } as unknown as gwapi121.HttpRouteSpec });
  }
  const grpc = grpcRulesOf(rules);
  if (!Array.isArray(grpc)) {
    throw invalidInput(scope, grpc.field, valueAt(props, grpc.field),
      `Allowed: only what a GRPCRoute of Gateway API v1.2.1 expresses (port ${service.portName} of ${service.name} is gRPC): ${grpc.detail}.`);
  }
  // the construct id stays the HTTPRoute's, so that a service's port name does not move the object in the tree
  return new (gatewayApi().GrpcRoute)(scope, id, { metadata, spec: { ...spec, rules: grpc } as unknown as gwapi121.GrpcRouteSpec });
}
