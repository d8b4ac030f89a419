/**
 * Test helper: runs an Argo CD health check (a Lua script, as `ResourceHealthCheck.lua`) on an object with a real Lua
 * interpreter (fengari, Lua 5.3), the way Argo CD runs it (gopher-lua, Lua 5.1): the object as the global `obj`
 * (JSON arrays as 1-based tables, null as nil), the returned table read as `{ status, message }`.
 * `lua51SyntaxErrors` parses a script as Lua 5.1 (luaparse), so nothing newer than what Argo CD runs slips in.
 */
import { lauxlib, lua, lualib, to_luastring } from 'fengari';
import * as luaparse from 'luaparse';

/** The statuses Argo CD accepts from a health script. */
export const ARGO_HEALTH_STATUSES = ['Healthy', 'Progressing', 'Suspended', 'Degraded', 'Missing', 'Unknown'];

export interface HealthResult {
  readonly status: string;
  readonly message: string;
}

type LuaState = unknown;

function push(L: LuaState, value: unknown): void {
  if (value === null || value === undefined) lua.lua_pushnil(L);
  else if (typeof value === 'boolean') lua.lua_pushboolean(L, value);
  else if (typeof value === 'number') lua.lua_pushnumber(L, value);
  else if (typeof value === 'string') lua.lua_pushstring(L, to_luastring(value));
  else if (Array.isArray(value)) {
    lua.lua_createtable(L, value.length, 0);
    value.forEach((item, i) => { push(L, item); lua.lua_rawseti(L, -2, i + 1); });
  } else {
    lua.lua_createtable(L, 0, 0);
    for (const [key, item] of Object.entries(value as object)) {
      if (item === null || item === undefined) continue;
      push(L, item);
      lua.lua_setfield(L, -2, to_luastring(key));
    }
  }
}

function field(L: LuaState, name: string): string {
  lua.lua_getfield(L, -1, to_luastring(name));
  const value = lua.lua_isstring(L, -1) ? lua.lua_tojsstring(L, -1) : '';
  lua.lua_pop(L, 1);
  return value;
}

/** Runs `script` with `obj`; throws on a Lua error or a result that is not a table. */
export function runHealthCheck(script: string, obj: object): HealthResult {
  const L = lauxlib.luaL_newstate();
  lualib.luaL_openlibs(L);
  push(L, obj);
  lua.lua_setglobal(L, to_luastring('obj'));
  if (lauxlib.luaL_loadstring(L, to_luastring(script)) !== lua.LUA_OK || lua.lua_pcall(L, 0, 1, 0) !== lua.LUA_OK) {
    throw new Error(`Lua error: ${lua.lua_tojsstring(L, -1)}`);
  }
  if (!lua.lua_istable(L, -1)) throw new Error('the health script returned no table');
  return { status: field(L, 'status'), message: field(L, 'message') };
}

/** Syntax errors of `script` read as Lua 5.1, the language of Argo CD's interpreter (none: empty). */
export function lua51SyntaxErrors(script: string): string[] {
  try {
    luaparse.parse(script, { luaVersion: '5.1' });
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}
