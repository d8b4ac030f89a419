/**
 * Something whose namespaces belong in the mesh: an apps chart, a set of namespaces made elsewhere.
 * The mesh base chart derives its member roll from these, so the list of members has one source of truth.
 * It lives outside the mesh folder so app charts can implement it without depending on maistra types.
 */
export interface IMeshMemberSource {
  /** The namespaces to list as mesh members, in a stable order. */
  readonly memberNamespaces: readonly string[];
}
