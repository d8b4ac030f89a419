import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ServiceMeshMemberRoll } from '../../imports/maistra.io';
import { IMeshMemberSource, MemberNamespaceList } from '../core/members';
import { requireArray, requireDnsLabel, requireObject } from '../core/validation';

/** Props of {@link MeshMemberRoll}. */
export interface MeshMemberRollProps {
  /** The control plane's namespace; OSSM only reads a member roll named `default` there. */
  readonly controlPlaneNamespace: string;
  /**
   * Sources of member namespaces (apps charts, for one). More can be added with `addMembers`.
   * @default - none
   */
  readonly members?: IMeshMemberSource[];
}

/**
 * The `ServiceMeshMemberRoll` named `default` in the control-plane namespace. Its members are derived from
 * member sources; each must be a namespace that some chart of the same app creates, or one declared
 * with `addExistingNamespace` because it already exists on the cluster.
 */
export class MeshMemberRoll extends Construct {
  /** The generated API object. */
  public readonly apiObject: ServiceMeshMemberRoll;
  private readonly memberList: MemberNamespaceList;

  public constructor(scope: Construct, id: string, props: MeshMemberRollProps) {
    super(scope, id);
    requireObject(this, 'props', props);
    const controlPlaneNamespace = requireDnsLabel(this, 'controlPlaneNamespace', props.controlPlaneNamespace);
    this.memberList = new MemberNamespaceList(this, controlPlaneNamespace);
    this.addMembers(...requireArray(this, 'members', props.members ?? []));
    this.apiObject = new ServiceMeshMemberRoll(this, 'Resource', {
      metadata: { name: 'default', namespace: controlPlaneNamespace },
      spec: { members: Lazy.any({ produce: () => this.members }) },
    });
    this.node.addValidation({ validate: () => this.memberList.validate() });
  }

  /**
   * Adds the namespaces of these sources as members. Each source must be an object whose `memberNamespaces` is an
   * array (the namespaces themselves are checked at synth, when every source has its final list).
   */
  public addMembers(...sources: IMeshMemberSource[]): void {
    this.memberList.add(sources);
  }

  /** Adds a namespace that exists on the cluster but is created by no chart of this app. */
  public addExistingNamespace(namespace: string): void {
    this.memberList.addExisting(namespace);
  }

  /** The member namespaces, de-duplicated, in the order they were added. */
  public get members(): string[] {
    return this.memberList.members;
  }
}
