import { Construct, IConstruct } from 'constructs';
import { IMeshControlPlane, OssmVersion } from './mesh-control-plane';
import { invalidInput, requireObject, requireOneOf, scopePath } from './validation';

/**
 * Where the meshes of a scope are kept: a property under a `Symbol.for` key, so that two copies of this library in
 * one program (a user's and a dependency's) still find each other's declarations.
 */
const DECLARATIONS = Symbol.for('cdk8s-ossm.Mesh.declarations');
/** Where a construct that looked its mesh up keeps the scope it found it in (for {@link Mesh.declare}'s order check). */
const FOUND_IN = Symbol.for('cdk8s-ossm.Mesh.foundIn');

interface Declarations { [DECLARATIONS]?: IMeshControlPlane[]; [FOUND_IN]?: IConstruct }

/**
 * The mesh a construct lives in, known from the construct tree, in the style of AWS CDK's `Stack.of(this)`: a mesh
 * (an {@link IMeshControlPlane}, which carries the OSSM version, the Istio API version, how workloads join and the
 * ingress gateway) is declared once for a scope, and every app, ingress, traffic and security construct below it that
 * is given no `controlPlane` finds it by walking up its scopes; the nearest declaration wins.
 *
 * `MeshBaseChart` declares its control plane for the scope it is created in (the App, or a per-cluster Construct of a
 * fleet), so the one-mesh composition needs no `controlPlane` anywhere:
 *
 * ```ts
 * const app = new App();
 * const meshBase = new MeshBaseChart(app, 'mesh-base', { ossmVersion: OssmVersion.V3 }); // declares the mesh of `app`
 * const apps = new TravelsAppsChart(app, 'travels-apps');                               // finds it: OSSM 3 objects
 * meshBase.addMembers(apps);
 * ```
 *
 * A mesh made elsewhere (another App, or a control plane already on the cluster) is declared with
 * {@link Mesh.declare}. `controlPlane` on a construct's props still wins over the tree.
 *
 * **Order.** A construct looks its mesh up when it is created, because the platform decides which objects it writes
 * (API version, Route, labels). So the mesh must be declared before the constructs under it are created: create the
 * `MeshBaseChart` first (then `meshBase.addMembers(apps)`), or declare the mesh first. A construct created before any
 * declaration is refused with a ValidationError naming both fixes, and a declaration that comes after constructs
 * below it took their mesh from further up is refused too, rather than leaving them on another platform.
 *
 * **Several meshes** (a fleet, one per cluster): declare each in its own scope (e.g. a `Construct` per cluster with
 * its `MeshBaseChart` and apps charts below it); each scopes its own constructs. Two different meshes declared in the
 * very same scope are ambiguous: a construct below that needs one is refused, with both named.
 */
export class Mesh {
  /**
   * Declares `controlPlane` as the mesh of `scope` and of every construct below it that is given no `controlPlane`
   * (unless a scope nearer to it declares another). Declaring the same control plane again is a no-op.
   * @param scope the scope the mesh is declared for, e.g. the App, or a per-cluster Construct
   * @param controlPlane the mesh's control plane, e.g. `MeshBaseChart.meshControlPlane` of a chart in another App
   * @throws ValidationError when constructs below `scope` were already created with a mesh from further up (declare
   * the mesh before creating them)
   */
  public static declare(scope: IConstruct, controlPlane: IMeshControlPlane): void {
    if (!Construct.isConstruct(scope)) throw invalidInput('Mesh.declare', 'scope', scope, 'Allowed: a construct (an App, a Chart, a Construct).');
    requireObject(scope, 'controlPlane', controlPlane);
    requireOneOf(scope, 'controlPlane.ossmVersion', controlPlane.ossmVersion, Object.values(OssmVersion));
    const holder = scope as IConstruct & Declarations;
    const declared = holder[DECLARATIONS] ?? [];
    if (declared.includes(controlPlane)) return;
    const early = scope.node.findAll().find((c) => {
      const foundIn = (c as IConstruct & Declarations)[FOUND_IN];
      return foundIn !== undefined && (foundIn === scope || isAbove(foundIn, scope));
    });
    if (early) {
      const foundIn = (early as IConstruct & Declarations)[FOUND_IN]!;
      throw invalidInput(scope, 'Mesh.declare controlPlane', describe(controlPlane), `Allowed: a mesh declared before the constructs under "${scopePath(scope)}" are created: `
        + `"${scopePath(early)}" was created earlier and took ${describe(Mesh.tryOf(early)!)} from "${scopePath(foundIn)}". `
        + 'Create the MeshBaseChart (or call Mesh.declare) first, then the charts that use the mesh.');
    }
    if (!holder[DECLARATIONS]) Object.defineProperty(holder, DECLARATIONS, { value: declared, enumerable: false });
    declared.push(controlPlane);
  }

  /**
   * The mesh of `construct`: the control plane declared for the nearest scope above it (itself included).
   * @throws ValidationError naming the construct path and the two fixes when no scope above declares a mesh, and
   * naming both meshes when the nearest scope declares two
   */
  public static of(construct: IConstruct): IMeshControlPlane {
    const found = Mesh.tryOf(construct);
    if (found === undefined) throw noMesh(construct);
    return found;
  }

  /**
   * The mesh of `construct` as {@link Mesh.of} finds it, or `undefined` when no scope above declares one.
   * @throws ValidationError naming both meshes when the nearest scope that declares a mesh declares two
   */
  public static tryOf(construct: IConstruct): IMeshControlPlane | undefined {
    const found = nearestDeclaration(construct);
    return found?.controlPlane;
  }

  private constructor() {}
}

/**
 * The control plane a construct works for: the one it is given (`controlPlane` of its props), else its mesh from the
 * construct tree ({@link Mesh.of}); the construct remembers where it found it, so that a later declaration in
 * between is refused. Never a default platform.
 * @internal
 */
export function meshControlPlaneOf(scope: IConstruct, given: IMeshControlPlane | undefined): IMeshControlPlane {
  if (given !== undefined) return requireObject(scope, 'controlPlane', given);
  const found = nearestDeclaration(scope);
  if (found === undefined) throw noMesh(scope);
  if (!(scope as IConstruct & Declarations)[FOUND_IN]) Object.defineProperty(scope, FOUND_IN, { value: found.scope, enumerable: false });
  return found.controlPlane;
}

function nearestDeclaration(construct: IConstruct): { controlPlane: IMeshControlPlane; scope: IConstruct } | undefined {
  for (const scope of [...construct.node.scopes].reverse()) {
    const declared = (scope as IConstruct & Declarations)[DECLARATIONS];
    if (declared === undefined || declared.length === 0) continue;
    if (declared.length > 1) {
      throw invalidInput(construct, 'controlPlane', undefined, `Allowed: one mesh for this construct, but "${scopePath(scope)}" declares ${declared.length}: `
        + `${declared.map(describe).join(' and ')}. Declare each mesh in a scope of its own (e.g. a Construct per cluster, with its MeshBaseChart and `
        + 'apps below it), or pass controlPlane.');
    }
    return { controlPlane: declared[0], scope };
  }
  return undefined;
}

function noMesh(construct: IConstruct) {
  return invalidInput(construct, 'controlPlane', undefined, 'Allowed: a control plane, given as controlPlane or found in the construct tree, and no scope above '
    + 'this construct declares a mesh (none is assumed). Either declare the mesh in a scope above before creating this construct — create the '
    + 'MeshBaseChart first in the same App (it declares its control plane for the App), or call Mesh.declare(app, controlPlane) — or pass controlPlane.');
}

/** Whether `upper` is a proper ancestor of `lower`. */
function isAbove(upper: IConstruct, lower: IConstruct): boolean {
  return upper !== lower && lower.node.scopes.includes(upper);
}

/** A control plane as messages name it: its construct path when it is a construct, else its platform and namespace. */
function describe(controlPlane: IMeshControlPlane): string {
  const what = `OSSM ${controlPlane.ossmVersion} control plane`;
  return Construct.isConstruct(controlPlane) ? `the ${what} "${scopePath(controlPlane)}"` : `an ${what} in namespace "${controlPlane.namespace}"`;
}
