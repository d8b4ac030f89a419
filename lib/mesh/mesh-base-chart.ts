import { Chart, ChartProps } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { IMeshMemberSource } from '../core/members';
import { MaistraControlPlane, MaistraControlPlaneProps, TracingType } from './control-plane';
import { MeshMemberRoll } from './member-roll';
import { InstallPlanApproval, OperatorSubscription, requireChannel } from './operator-subscription';
import { requireBoolean, requireObject, requireSemver } from '../core/validation';

/** Which operators {@link MeshBaseChart} subscribes to, and how. */
export interface MeshOperatorsOptions {
  /**
   * Subscribe to the OpenShift Elasticsearch operator (optional in the workshop; only Jaeger with Elasticsearch
   * storage uses it).
   * @default false
   */
  readonly elasticsearch?: boolean;
  /**
   * Subscribe to the Red Hat OpenShift distributed tracing platform (Jaeger) operator, `jaeger-product`. It left
   * the redhat-operators catalog on 2025-11-03, so on current clusters this Subscription cannot resolve.
   * @default - true when the control plane's tracing is Jaeger
   */
  readonly jaeger?: boolean;
  /**
   * Kiali operator version to pin, as the workshop installs 1.89.8: a semantic version, with or without a leading
   * `v` (written once either way). A pin is a `startingCSV`
   * (`kiali-operator.v<version>`) with `installPlanApproval: Manual`: OLM would otherwise upgrade past it at once,
   * and with Manual approval even the first InstallPlan waits until you approve it (see the README).
   * `undefined` subscribes to the channel head with automatic upgrades.
   * @default '1.89.8'
   */
  readonly kialiVersion?: string | undefined;
  /** Catalog channel of every subscription, e.g. `stable`. @default 'stable' */
  readonly channel?: string;
}

/** Props of {@link MeshBaseChart}. */
export interface MeshBaseChartProps extends ChartProps {
  /** The `ServiceMeshControlPlane`; every default is the workshop's. @default - the workshop's control plane */
  readonly controlPlane?: MaistraControlPlaneProps;
  /** The operators to subscribe to. @default - Service Mesh, Kiali 1.89.8 and Jaeger; no Elasticsearch */
  readonly operators?: MeshOperatorsOptions;
  /**
   * Where the members of the `ServiceMeshMemberRoll` come from: typically the apps charts. More can be added
   * with {@link MeshBaseChart.addMembers}.
   * @default - none
   */
  readonly members?: IMeshMemberSource[];
}

/**
 * Sections 1-1 to 1-3 of the workshop: the operator Subscriptions, the control-plane namespace, the
 * OSSM 2 `ServiceMeshControlPlane` and the `ServiceMeshMemberRoll` named `default`.
 * App and traffic charts do not depend on this chart's maistra types; they only hand it their namespaces.
 */
export class MeshBaseChart extends Chart {
  /** The control plane. */
  public readonly controlPlane: MaistraControlPlane;
  /** The member roll. */
  public readonly memberRoll: MeshMemberRoll;
  /** The operator subscriptions, in install order. */
  public readonly subscriptions: OperatorSubscription[] = [];

  public constructor(scope: Construct, id: string, props: MeshBaseChartProps = {}) {
    super(scope, id, props);
    requireObject(this, 'props', props);
    const operators = requireObject(this, 'operators', props.operators ?? {});
    const channel = operators.channel === undefined ? undefined : requireChannel(this, 'operators.channel', operators.channel);
    this.controlPlane = new MaistraControlPlane(this, 'ControlPlane', props.controlPlane);
    const namespace = new k8s.KubeNamespace(this, 'ControlPlaneNamespace', { metadata: { name: this.controlPlane.namespace } });
    this.controlPlane.apiObject.node.addDependency(namespace); // emitted (and applied) after its namespace
    this.memberRoll = new MeshMemberRoll(this, 'MemberRoll', {
      controlPlaneNamespace: this.controlPlane.namespace,
      members: props.members,
    });

    if (requireBoolean(this, 'operators.elasticsearch', operators.elasticsearch) ?? false) {
      this.subscriptions.push(new OperatorSubscription(this, 'Elasticsearch', { packageName: 'elasticsearch-operator', channel }));
    }
    if (requireBoolean(this, 'operators.jaeger', operators.jaeger) ?? this.controlPlane.tracing === TracingType.JAEGER) {
      this.subscriptions.push(new OperatorSubscription(this, 'Jaeger', { packageName: 'jaeger-product', channel }));
    }
    const kialiPin = 'kialiVersion' in operators ? operators.kialiVersion : '1.89.8';
    const kialiVersion = kialiPin === undefined ? undefined : requireSemver(this, 'operators.kialiVersion', kialiPin);
    this.subscriptions.push(new OperatorSubscription(this, 'Kiali', {
      packageName: 'kiali-ossm',
      channel,
      startingCsv: kialiVersion === undefined ? undefined : `kiali-operator.v${kialiVersion}`,
      installPlanApproval: kialiVersion === undefined ? InstallPlanApproval.AUTOMATIC : InstallPlanApproval.MANUAL,
    }));
    this.subscriptions.push(new OperatorSubscription(this, 'ServiceMesh', { packageName: 'servicemeshoperator', channel }));
  }

  /** The control-plane namespace (where the ingress gateway runs). */
  public get controlPlaneNamespace(): string {
    return this.controlPlane.namespace;
  }

  /** Adds member sources (apps charts) to the member roll. */
  public addMembers(...sources: IMeshMemberSource[]): void {
    this.memberRoll.addMembers(...sources);
  }
}
