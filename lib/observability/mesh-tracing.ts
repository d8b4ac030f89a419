// Apart from mesh-observability.ts, so that reading the setting (MESH_TRACING) does not load the tracing operators' types.

/** Where an OSSM 3 mesh's traces go (`MESH_TRACING`). */
export enum MeshTracing {
  /** The Red Hat builds of Tempo and OpenTelemetry, installed and wired by this library (OSSM 3's default). */
  TEMPO = 'tempo',
  /** No tracing: no Subscriptions, collector, provider nor `Telemetry`. */
  NONE = 'none',
}
