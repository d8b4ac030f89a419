import { Construct } from 'constructs';
import { ServiceMeshMember } from '../../imports/maistra.io';
import { meshControlPlaneOf } from '../core/mesh';
import { IMeshControlPlane, OssmVersion } from '../core/mesh-control-plane';
import { invalidInput, requireDnsLabel, requireDnsSubdomain, requireObject } from '../core/validation';

/** Props of {@link MeshMember}. */
export interface MeshMemberProps {
  /** The namespace that joins the mesh (it must exist). */
  readonly namespace: string;
  /** Name of the `ServiceMeshControlPlane` to join. @default 'basic' (the workshop's) */
  readonly controlPlaneName?: string;
  /**
   * The control plane to join: its namespace is the one referenced. Only an OSSM 2 control plane has members;
   * OSSM 3 selects namespaces by discovery selectors instead.
   * @default - the mesh of a scope above (`Mesh.of(this)`: e.g. the App's, declared by its `MeshBaseChart`); refused when no scope declares one
   */
  readonly controlPlane?: IMeshControlPlane;
}

/**
 * A `ServiceMeshMember` (named `default`, in the namespace that joins): adds one namespace to an OSSM 2 mesh without
 * writing the `ServiceMeshMemberRoll`, whose members another composition (the workshop's mesh base) owns. The
 * operator adds the namespace to the member roll's status; the member roll's own list is left alone.
 */
export class MeshMember extends Construct {
  /** The namespace that joins. */
  public readonly namespace: string;
  /** The generated API object. */
  public readonly apiObject: ServiceMeshMember;

  public constructor(scope: Construct, id: string, props: MeshMemberProps) {
    super(scope, id);
    requireObject(this, 'props', props);
    const controlPlane = meshControlPlaneOf(this, props.controlPlane);
    if (controlPlane.ossmVersion !== OssmVersion.V2_6) {
      throw invalidInput(this, 'controlPlane.ossmVersion', controlPlane.ossmVersion,
        'Allowed: an OSSM 2 control plane; OSSM 3 has no ServiceMeshMember (namespaces join through its discovery selectors).');
    }
    this.namespace = requireDnsLabel(this, 'namespace', props.namespace);
    if (this.namespace === controlPlane.namespace) {
      throw invalidInput(this, 'namespace', this.namespace, `Allowed: any namespace but the control plane's own ("${controlPlane.namespace}").`);
    }
    this.apiObject = new ServiceMeshMember(this, 'Resource', {
      metadata: { name: 'default', namespace: this.namespace },
      spec: {
        controlPlaneRef: {
          name: requireDnsSubdomain(this, 'controlPlaneName', props.controlPlaneName ?? 'basic'),
          namespace: requireDnsLabel(this, 'controlPlane.namespace', controlPlane.namespace),
        },
      },
    });
  }
}
