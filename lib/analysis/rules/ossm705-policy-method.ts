import { API_GROUP } from '../../core/api-groups';
import { HTTP_METHODS } from '../authorization';
import { arr, rec, strings } from '../kube';
import { Rule } from '../rule';

const GRPC_METHOD = /^\/[A-Za-z0-9_.]+\/[A-Za-z0-9_]+$/;

/**
 * OSSM705 (warning): an AuthorizationPolicy operation names a method (`to[].operation.methods`, `notMethods`) that is
 * neither an upper-case HTTP method nor a fully-qualified gRPC method (`/package.Service/Method`). Methods compare
 * exactly: `get` never matches a request, so an ALLOW rule for it allows nothing and a DENY rule denies nothing.
 */
export const policyMethod: Rule = {
  code: 'OSSM705',
  severity: 'warning',
  title: 'AuthorizationPolicy method that is no HTTP method (upper case) nor a gRPC method',
  reference: 'KIA0102',
  fix: 'Write the HTTP method in upper case (GET, POST, …) or the gRPC method as /package.Service/Method.',
  check(ctx, report) {
    for (const policy of ctx.ofKind(API_GROUP.ISTIO_SECURITY, 'AuthorizationPolicy')) {
      arr(policy.spec.rules).forEach((r, i) => {
        arr(rec(r)?.to).forEach((t, j) => {
          const op = rec(rec(t)?.operation);
          for (const field of ['methods', 'notMethods'] as const) {
            strings(op?.[field]).forEach((m, k) => {
              if (HTTP_METHODS.has(m) || GRPC_METHOD.test(m) || m === '*') return;
              const upper = m.toUpperCase();
              report(policy, `rules[${i}].to[${j}].operation.${field}[${k}] "${m}" is no HTTP method${HTTP_METHODS.has(upper) ? ` (methods compare exactly: write ${upper})` : ''} nor a gRPC method: it matches no request`);
            });
          }
        });
      });
    }
  },
};
