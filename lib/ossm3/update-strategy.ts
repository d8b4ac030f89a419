// Apart from control-plane.ts, so that reading the setting (MESH_UPDATE_STRATEGY) does not load the sail operator's types.

/** How the sail operator moves the control plane to a new Istio version (the `Istio` resource's `spec.updateStrategy.type`). */
export enum UpdateStrategy {
  /** The one revision, named like the `Istio`, is upgraded in place: bump `version`, restart the workloads. */
  IN_PLACE = 'InPlace',
  /**
   * Each version runs as a revision of its own (`<name>-<version>`, e.g. `default-v1-30-3`) next to the old one
   * (canary upgrade): workloads move when restarted. An `IstioRevisionTag` named `default`, pointing to the `Istio`,
   * keeps `istio-injection=enabled` namespaces injected by whichever revision is current.
   */
  REVISION_BASED = 'RevisionBased',
}

/** The name of the revision tag a RevisionBased control plane gets: the one `istio-injection=enabled` selects. */
export const DEFAULT_REVISION_TAG = 'default';
