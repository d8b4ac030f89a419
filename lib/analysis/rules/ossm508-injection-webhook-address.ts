import { arr, rec, str } from '../kube';
import { Rule } from '../rule';

const IP_HOST = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:]+\])$/i;

/**
 * OSSM508 (warning): a MutatingWebhookConfiguration of sidecar injection (a webhook named `*sidecar-injector*` or
 * `*.istio.io`) calls the injector at a URL whose host is an IP address. Pod IPs and Service IPs change when istiod is
 * redeployed or its Service recreated; the webhook then fails and pods are created without sidecar, or not at all
 * (`failurePolicy: Fail`).
 */
export const injectionWebhookAddress: Rule = {
  code: 'OSSM508',
  severity: 'warning',
  title: 'Sidecar-injection webhook that calls the injector at an IP address',
  reference: 'IST0139',
  fix: 'Point clientConfig at the istiod Service (clientConfig.service: name, namespace, path /inject), as the operator writes it.',
  check(ctx, report) {
    for (const cfg of ctx.ofKind('admissionregistration.k8s.io', 'MutatingWebhookConfiguration')) {
      arr(cfg.obj.webhooks).forEach((w, i) => {
        const hook = rec(w);
        const name = str(hook?.name) ?? '';
        if (!/sidecar-injector|istio\.io$/.test(name) && !/istio|sidecar-injector/.test(cfg.name)) return;
        const url = str(rec(hook?.clientConfig)?.url);
        if (url === undefined) return;
        let host: string;
        try {
          host = new URL(url).hostname;
        } catch {
          return;
        }
        if (IP_HOST.test(host)) report(cfg, `webhooks[${i}] (${name}) calls ${url}, an IP address: when istiod moves, injection fails`);
      });
    }
  },
};
