// Names every generated table so the compiler copies it next to the compiled loader
// (src/nginx/table.ts reads them on first use, synchronously, with require).
import type _h from './directives/history.json';
import type _1 from './directives/nginx-1.22.1.json';
import type _2 from './directives/nginx-1.24.0.json';
import type _3 from './directives/nginx-1.26.3.json';
import type _4 from './directives/nginx-1.28.3.json';
import type _5 from './directives/nginx-1.30.4.json';
import type _6 from './directives/nginx-1.31.4.json';
import type _m1 from './modules/auth-pam.json';
import type _m2 from './modules/brotli.json';
import type _m3 from './modules/cache-purge.json';
import type _m4 from './modules/dav-ext.json';
import type _m5 from './modules/echo.json';
import type _m6 from './modules/fancyindex.json';
import type _m7 from './modules/geoip2.json';
import type _m8 from './modules/headers-more.json';
import type _m9 from './modules/lua.json';
import type _m10 from './modules/memc.json';
import type _m11 from './modules/modsecurity.json';
import type _m12 from './modules/nchan.json';
import type _m13 from './modules/ndk.json';
import type _m14 from './modules/njs.json';
import type _m15 from './modules/rtmp.json';
import type _m16 from './modules/set-misc.json';
import type _m17 from './modules/srcache.json';
import type _m18 from './modules/stream-lua.json';
import type _m19 from './modules/subs-filter.json';
import type _m20 from './modules/uploadprogress.json';
import type _m21 from './modules/upstream-fair.json';

/** nginx releases with a generated table, oldest first. */
export const NGINX_TABLES = ['1.22.1', '1.24.0', '1.26.3', '1.28.3', '1.30.4', '1.31.4'];

/** Third-party module tables (src/nginx/modules/ID.json). */
export const MODULE_TABLES = [
  'ndk',
  'lua',
  'stream-lua',
  'headers-more',
  'njs',
  'brotli',
  'geoip2',
  'modsecurity',
  'echo',
  'set-misc',
  'srcache',
  'memc',
  'cache-purge',
  'dav-ext',
  'fancyindex',
  'subs-filter',
  'uploadprogress',
  'upstream-fair',
  'auth-pam',
  'nchan',
  'rtmp',
];

export type Tables = [
  typeof _h,
  typeof _1,
  typeof _2,
  typeof _3,
  typeof _4,
  typeof _5,
  typeof _6,
  typeof _m1,
  typeof _m2,
  typeof _m3,
  typeof _m4,
  typeof _m5,
  typeof _m6,
  typeof _m7,
  typeof _m8,
  typeof _m9,
  typeof _m10,
  typeof _m11,
  typeof _m12,
  typeof _m13,
  typeof _m14,
  typeof _m15,
  typeof _m16,
  typeof _m17,
  typeof _m18,
  typeof _m19,
  typeof _m20,
  typeof _m21,
];
