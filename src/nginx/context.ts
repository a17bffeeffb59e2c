// Which nginx context a block opens, as nginx's block handlers set cf->module_type and
// cf->cmd_type (ngx_http_block, ngx_http_core_server, ngx_http_core_location, ngx_http_rewrite_if,
// ngx_stream_block …). Bodies read by a custom handler (map, geo, types …) hold no directives.
import type { ModuleType } from './table.js';

export interface NginxContext {
  /** Module type whose directives apply; `BODY` for a handler-read body, `UNKNOWN` when the
   * block is not one whose context ngxlint knows (its children are not checked). */
  type: ModuleType | 'BODY' | 'UNKNOWN';
  /** Context bit without NGX_ and _CONF: `MAIN`, `HTTP_LOC`, `STREAM_SRV` … */
  mask: string;
  /** Name of the block that opened it. */
  block: string;
}

export const MAIN_CONTEXT: NginxContext = { type: 'CORE', mask: 'MAIN', block: '' };

/** Blocks whose body a custom handler reads line by line: https://nginx.org/r/map and others. */
export const BODY_BLOCKS = new Set([
  'map',
  'geo',
  'types',
  'split_clients',
  'charset_map',
  'geoip2',
  'match',
]);

const TRANSITIONS: Record<string, Record<string, [ModuleType, string]>> = {
  MAIN: {
    http: ['HTTP', 'HTTP_MAIN'],
    events: ['EVENT', 'EVENT'],
    stream: ['STREAM', 'STREAM_MAIN'],
    mail: ['MAIL', 'MAIL_MAIN'],
    rtmp: ['RTMP', 'RTMP_MAIN'],
  },
  HTTP_MAIN: { server: ['HTTP', 'HTTP_SRV'], upstream: ['HTTP', 'HTTP_UPS'] },
  HTTP_SRV: { location: ['HTTP', 'HTTP_LOC'], if: ['HTTP', 'HTTP_SIF'] },
  HTTP_LOC: {
    location: ['HTTP', 'HTTP_LOC'],
    if: ['HTTP', 'HTTP_LIF'],
    limit_except: ['HTTP', 'HTTP_LMT'],
  },
  STREAM_MAIN: { server: ['STREAM', 'STREAM_SRV'], upstream: ['STREAM', 'STREAM_UPS'] },
  MAIL_MAIN: { server: ['MAIL', 'MAIL_SRV'] },
  RTMP_MAIN: { server: ['RTMP', 'RTMP_SRV'] },
  RTMP_SRV: { application: ['RTMP', 'RTMP_APP'], recorder: ['RTMP', 'RTMP_REC'] },
  RTMP_APP: { application: ['RTMP', 'RTMP_APP'], recorder: ['RTMP', 'RTMP_REC'] },
};

/** The context inside `name { … }` written in `parent`. */
export function enterBlock(parent: NginxContext, name: string): NginxContext {
  if (parent.type === 'BODY' || parent.type === 'UNKNOWN') return { ...parent, block: name };

  const next = TRANSITIONS[parent.mask]?.[name];

  if (next) return { type: next[0], mask: next[1], block: name };
  if (BODY_BLOCKS.has(name)) return { type: 'BODY', mask: parent.mask, block: name };

  return { type: 'UNKNOWN', mask: parent.mask, block: name };
}

// A walk shares one `context` array among the siblings of a block, and several passes ask for
// each directive's context: remember the answer per array (callers never change either), and
// hand out one object per distinct context, so that checks can cache by context.
const known = new WeakMap<readonly string[], NginxContext>();
const distinct = new Map<string, NginxContext>();
let last: { blocks: readonly string[]; ctx: NginxContext } | undefined;

/** The context after entering each named block in turn from nginx's main context. */
export function contextOf(blocks: readonly string[]): NginxContext {
  if (last?.blocks === blocks) return last.ctx;

  let ctx = known.get(blocks);

  if (!ctx) {
    ctx = MAIN_CONTEXT;
    for (const name of blocks) ctx = enterBlock(ctx, name);

    const key = `${ctx.type} ${ctx.mask} ${ctx.block}`;

    ctx = distinct.get(key) ?? ctx;
    if (distinct.size < 10_000) distinct.set(key, ctx);
    known.set(blocks, ctx);
  }

  last = { blocks, ctx };

  return ctx;
}

/** Words for messages: `HTTP_LOC` → `location`. */
export function describeContext(ctx: NginxContext): string {
  return ctx.block === '' ? 'main' : ctx.block;
}
