import { ApiObject, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ServiceMeshMemberRoll } from '../../imports/maistra.io';
import { IMeshMemberSource } from '../core/members';
import { formatValue, invalidInput, isDnsLabel, requireArray, requireDnsLabel, requireObject } from '../core/validation';

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
  private readonly controlPlaneNamespace: string;
  private readonly sources: IMeshMemberSource[] = [];
  private readonly existing: string[] = [];

  public constructor(scope: Construct, id: string, props: MeshMemberRollProps) {
    super(scope, id);
    requireObject(this, 'props', props);
    this.controlPlaneNamespace = requireDnsLabel(this, 'controlPlaneNamespace', props.controlPlaneNamespace);
    this.addMembers(...requireArray(this, 'members', props.members ?? []));
    this.apiObject = new ServiceMeshMemberRoll(this, 'Resource', {
      metadata: { name: 'default', namespace: this.controlPlaneNamespace },
      spec: { members: Lazy.any({ produce: () => this.members }) },
    });
    this.node.addValidation({ validate: () => this.validateMembers() });
  }

  /**
   * Adds the namespaces of these sources as members. Each source must be an object whose `memberNamespaces` is an
   * array (the namespaces themselves are checked at synth, when every source has its final list).
   */
  public addMembers(...sources: IMeshMemberSource[]): void {
    sources.forEach((source, i) => {
      requireObject(this, `member source [${i}]`, source);
      if (!Array.isArray(source.memberNamespaces)) {
        throw invalidInput(this, `member source [${i}] memberNamespaces`, source.memberNamespaces, 'Allowed: an array of namespace names.');
      }
    });
    this.sources.push(...sources);
  }

  /** Adds a namespace that exists on the cluster but is created by no chart of this app. */
  public addExistingNamespace(namespace: string): void {
    this.existing.push(requireDnsLabel(this, 'existing member namespace', namespace));
  }

  /** The member namespaces, de-duplicated, in the order they were added. */
  public get members(): string[] {
    return [...new Set([...this.sources.flatMap((s) => (Array.isArray(s.memberNamespaces) ? s.memberNamespaces : [])), ...this.existing])];
  }

  private validateMembers(): string[] {
    const created = new Set(namespacesCreatedIn(this.node.root));
    const errors: string[] = [];
    for (const member of this.members) {
      if (member === this.controlPlaneNamespace) {
        errors.push(`${this.node.path}: member namespace "${member}" is not valid. Allowed: any namespace but the control plane's own ("${this.controlPlaneNamespace}").`);
      } else if (!isDnsLabel(member)) {
        errors.push(`${this.node.path}: member namespace ${formatValue(member)} is not valid. Allowed: a DNS-1123 label.`);
      } else if (!created.has(member) && !this.existing.includes(member)) {
        errors.push(`${this.node.path}: member namespace "${member}" is unknown: no chart of this app creates it. `
          + `Allowed: ${[...created].filter((n) => n !== this.controlPlaneNamespace).map((n) => `"${n}"`).join(', ') || 'none'}; `
          + `for a namespace that already exists on the cluster, call addExistingNamespace("${member}").`);
      }
    }
    return errors;
  }
}

function namespacesCreatedIn(root: IConstruct): string[] {
  return root.node.findAll()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c) && c.kind === 'Namespace' && c.apiVersion === 'v1')
    .map((ns) => ns.name);
}
