// Minimal declarations of the parts of fengari and luaparse the tests use (neither ships types).
declare module 'fengari' {
  export const lua: any;
  export const lauxlib: any;
  export const lualib: any;
  export function to_luastring(s: string): Uint8Array;
}
declare module 'luaparse' {
  export function parse(code: string, options?: { luaVersion?: '5.1' | '5.2' | '5.3' | 'LuaJIT' }): unknown;
}
