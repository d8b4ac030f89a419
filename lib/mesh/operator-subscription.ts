import { Construct } from 'constructs';
import { Subscription } from '../../imports/operators.coreos.com';
import { requireInChart } from '../core/chart-scope';
import { invalidInput, requireDnsLabel, requireDnsSubdomain, requireObject, requireOneOf, ValidationScope } from '../core/validation';

const CHANNEL = /^[A-Za-z0-9]([-A-Za-z0-9._]*[A-Za-z0-9])?$/;

/** Throws unless `value` is a catalog channel name such as `stable` or `stable-2.6`. @internal */
export function requireChannel(scope: ValidationScope, what: string, value: string): string {
  if (typeof value !== 'string' || value.length > 63 || !CHANNEL.test(value)) {
    throw invalidInput(scope, what, value, 'Allowed: a catalog channel name — 1 to 63 letters, digits, \'-\', \'.\' or \'_\', starting and ending with a letter or digit, e.g. "stable".');
  }
  return value;
}

/** How OLM applies new versions of an operator. */
export enum InstallPlanApproval {
  /** OLM installs every new version in the channel on its own. */
  AUTOMATIC = 'Automatic',
  /** Every InstallPlan, the first one included, waits until someone approves it. */
  MANUAL = 'Manual',
}

/** Props of {@link OperatorSubscription}. */
export interface OperatorSubscriptionProps {
  /** The operator's package name in the catalog, e.g. `servicemeshoperator`. */
  readonly packageName: string;
  /**
   * Name of the Subscription object.
   * @default - the package name
   */
  readonly name?: string;
  /**
   * Namespace of the Subscription. `openshift-operators` has the cluster-wide OperatorGroup, so no
   * OperatorGroup is needed there.
   * @default 'openshift-operators'
   */
  readonly namespace?: string;
  /** Catalog channel, e.g. `stable` or `stable-2.6`. @default 'stable' */
  readonly channel?: string;
  /** The catalog source. @default 'redhat-operators' */
  readonly source?: string;
  /** The catalog source's namespace. @default 'openshift-marketplace' */
  readonly sourceNamespace?: string;
  /**
   * Pin the operator to a version: the ClusterServiceVersion (an object name) to start from, e.g. `kiali-operator.v1.89.8`.
   * A pin only holds with {@link InstallPlanApproval.MANUAL}; with automatic approval OLM upgrades past it
   * at once, so a pin with `AUTOMATIC` is rejected.
   * @default - no pin: the channel's head
   */
  readonly startingCsv?: string;
  /**
   * Whether OLM installs and upgrades on its own or waits for an approval of each InstallPlan (a pin needs Manual).
   * @default - `MANUAL` when `startingCsv` is set, `AUTOMATIC` otherwise
   */
  readonly installPlanApproval?: InstallPlanApproval;
}

/**
 * An OLM Subscription that installs one operator from a catalog (the console's "Install" button).
 */
export class OperatorSubscription extends Construct {
  /** The package this subscription installs. */
  public readonly packageName: string;
  /** The Subscription's namespace. */
  public readonly namespace: string;
  /** The approval mode in effect. */
  public readonly installPlanApproval: InstallPlanApproval;
  /** The generated API object. */
  public readonly apiObject: Subscription;

  public constructor(scope: Construct, id: string, props: OperatorSubscriptionProps) {
    super(scope, id);
    requireInChart(this, 'OperatorSubscription');
    requireObject(this, 'props', props);
    this.packageName = requireDnsSubdomain(this, 'packageName', props.packageName);
    this.namespace = requireDnsLabel(this, 'namespace', props.namespace ?? 'openshift-operators');
    this.installPlanApproval = requireOneOf(this, 'installPlanApproval', props.installPlanApproval
      ?? (props.startingCsv ? InstallPlanApproval.MANUAL : InstallPlanApproval.AUTOMATIC), Object.values(InstallPlanApproval));
    if (props.startingCsv !== undefined) {
      requireDnsSubdomain(this, 'startingCsv', props.startingCsv);
      if (this.installPlanApproval !== InstallPlanApproval.MANUAL) {
        throw invalidInput(this, 'installPlanApproval', this.installPlanApproval,
          `Allowed with startingCsv "${props.startingCsv}": "Manual" — with "Automatic" OLM upgrades past the pinned version.`);
      }
    }
    this.apiObject = new Subscription(this, 'Resource', {
      metadata: { name: requireDnsSubdomain(this, 'name', props.name ?? this.packageName), namespace: this.namespace },
      spec: {
        channel: requireChannel(this, 'channel', props.channel ?? 'stable'),
        installPlanApproval: this.installPlanApproval,
        name: this.packageName,
        source: requireDnsSubdomain(this, 'source', props.source ?? 'redhat-operators'),
        sourceNamespace: requireDnsLabel(this, 'sourceNamespace', props.sourceNamespace ?? 'openshift-marketplace'),
        startingCsv: props.startingCsv,
      },
    });
  }
}
