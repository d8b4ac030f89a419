import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { formatValue, invalidInput, isDnsLabel, requireDnsLabel, requireObject } from './validation';

/**
 * Something whose namespaces belong in the mesh: an apps chart, a set of namespaces made elsewhere.
 * The mesh base chart derives its member roll (OSSM 2.6) or the namespaces its discovery selectors must select
 * (OSSM 3) from these, so the list of members has one source of truth.
 * It lives outside the mesh folder so app charts can implement it without depending on maistra or sail types.
 */
export interface IMeshMemberSource {
  /** The namespaces to list as mesh members, in a stable order. */
  readonly memberNamespaces: readonly string[];
}

/**
 * The member namespaces of one mesh, from its member sources plus the namespaces declared to exist on the cluster,
 * checked the same way for both platforms: each must be a DNS label, not the control plane's own namespace, and a
 * namespace some chart of the same app creates (or one declared existing).
 * @internal
 */
export class MemberNamespaceList {
  private readonly sources: IMeshMemberSource[] = [];
  private readonly existingNamespaces: string[] = [];

  /** @param owner the construct that reports errors; @param controlPlaneNamespace never a member */
  public constructor(private readonly owner: IConstruct, private readonly controlPlaneNamespace: string) {}

  /** Adds sources: each must be an object whose `memberNamespaces` is an array (the names are checked at synth). */
  public add(sources: readonly IMeshMemberSource[]): void {
    sources.forEach((source, i) => {
      requireObject(this.owner, `member source [${i}]`, source);
      if (!Array.isArray(source.memberNamespaces)) {
        throw invalidInput(this.owner, `member source [${i}] memberNamespaces`, source.memberNamespaces, 'Allowed: an array of namespace names.');
      }
    });
    this.sources.push(...sources);
  }

  /** Declares a namespace that exists on the cluster but that no chart of this app creates. */
  public addExisting(namespace: string): void {
    this.existingNamespaces.push(requireDnsLabel(this.owner, 'existing member namespace', namespace));
  }

  /** The namespaces declared to exist on the cluster. */
  public get existing(): readonly string[] {
    return [...this.existingNamespaces];
  }

  /** The member namespaces, de-duplicated, in the order they were added (sources first, then existing ones). */
  public get members(): string[] {
    return [...new Set([...this.sources.flatMap((s) => (Array.isArray(s.memberNamespaces) ? s.memberNamespaces : [])), ...this.existingNamespaces])];
  }

  /** One message per member that is not valid, each naming the owner's path, the member and what is allowed. */
  public validate(): string[] {
    const created = namespacesCreatedIn(this.owner.node.root);
    const path = this.owner.node.path;
    const errors: string[] = [];
    for (const member of this.members) {
      if (member === this.controlPlaneNamespace) {
        errors.push(`${path}: member namespace "${member}" is not valid. Allowed: any namespace but the control plane's own ("${this.controlPlaneNamespace}").`);
      } else if (!isDnsLabel(member)) {
        errors.push(`${path}: member namespace ${formatValue(member)} is not valid. Allowed: a DNS-1123 label.`);
      } else if (!created.has(member) && !this.existingNamespaces.includes(member)) {
        errors.push(`${path}: member namespace "${member}" is unknown: no chart of this app creates it. `
          + `Allowed: ${[...created.keys()].filter((n) => n !== this.controlPlaneNamespace).map((n) => `"${n}"`).join(', ') || 'none'}; `
          + `for a namespace that already exists on the cluster, call addExistingNamespace("${member}").`);
      }
    }
    return errors;
  }
}

/** The `v1` Namespace objects under `root`, by name. @internal */
export function namespacesCreatedIn(root: IConstruct): Map<string, ApiObject> {
  return new Map(root.node.findAll()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c) && c.kind === 'Namespace' && c.apiVersion === 'v1')
    .map((ns) => [ns.name, ns]));
}
