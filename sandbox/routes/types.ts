import type { Sandbox, TokenRec } from '../core';

export interface Ctx {
  sb: Sandbox;
  dist: string;
  body: any;
  query: Record<string, string>;
  op: string;
  token?: TokenRec;
  headers: Record<string, string | string[] | undefined>;
}
export const EMPTY = Symbol('empty-200');
export type Result = unknown | typeof EMPTY | { __status: number; body: unknown };
export type Handler = (ctx: Ctx) => Result | Promise<Result>;
export type HandlerMap = Record<string, Handler>;
