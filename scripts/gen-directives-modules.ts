// What scripts/gen-directives.ts reads: the nginx releases to snapshot and the third-party
// modules, each at the version Debian 12 ships (first tag) and at its newest release (last).

/** nginx releases that get a full table: Debian 12, Ubuntu 24.04, Debian 13, stable, mainline. */
export const NGINX_SNAPSHOTS = ['1.22.1', '1.24.0', '1.26.3', '1.28.3', '1.30.4', '1.31.4'];

export interface ThirdPartySpec {
  id: string;
  repo: string;
  title: string;
  /** Debian packages that ship it (bookworm names). */
  debian: string[];
  /** Tags to snapshot, oldest first; the last is the module's newest release. */
  tags: string[];
  skip?: RegExp;
}

const TESTS = /^(t|test|tests|examples?|patches|dev|util|misc|docs?)\//;

export const THIRD_PARTY: ThirdPartySpec[] = [
  {
    id: 'ndk',
    repo: 'vision5/ngx_devel_kit',
    title: 'Nginx Development Kit',
    debian: ['libnginx-mod-http-ndk'],
    tags: ['v0.3.2', 'v0.3.4'],
    skip: TESTS,
  },
  {
    id: 'lua',
    repo: 'openresty/lua-nginx-module',
    title: 'Lua (OpenResty lua-nginx-module)',
    debian: ['libnginx-mod-http-lua'],
    tags: ['v0.10.23', 'v0.10.31'],
    skip: TESTS,
  },
  {
    id: 'stream-lua',
    repo: 'openresty/stream-lua-nginx-module',
    title: 'Lua for stream (OpenResty)',
    debian: [],
    tags: ['v0.0.17'],
    skip: TESTS,
  },
  {
    id: 'headers-more',
    repo: 'openresty/headers-more-nginx-module',
    title: 'headers-more',
    debian: ['libnginx-mod-http-headers-more-filter'],
    tags: ['v0.34', 'v0.39'],
    skip: TESTS,
  },
  {
    id: 'njs',
    repo: 'nginx/njs',
    title: 'njs (JavaScript)',
    debian: ['libnginx-mod-http-js', 'libnginx-mod-stream-js'],
    tags: ['0.7.9', '1.0.0'],
    skip: /^(?!nginx\/)/,
  },
  {
    id: 'brotli',
    repo: 'google/ngx_brotli',
    title: 'Brotli',
    debian: ['libnginx-mod-http-brotli-filter', 'libnginx-mod-http-brotli-static'],
    tags: ['v1.0.0rc', 'master'],
    skip: /^deps\//,
  },
  {
    id: 'geoip2',
    repo: 'leev/ngx_http_geoip2_module',
    title: 'GeoIP2',
    debian: ['libnginx-mod-http-geoip2', 'libnginx-mod-stream-geoip2'],
    tags: ['3.4'],
  },
  {
    id: 'modsecurity',
    repo: 'owasp-modsecurity/ModSecurity-nginx',
    title: 'ModSecurity',
    debian: ['libnginx-mod-http-modsecurity'],
    tags: ['v1.0.3'],
    skip: TESTS,
  },
  {
    id: 'echo',
    repo: 'openresty/echo-nginx-module',
    title: 'echo',
    debian: ['libnginx-mod-http-echo'],
    tags: ['v0.63', 'v0.65'],
    skip: TESTS,
  },
  {
    id: 'set-misc',
    repo: 'openresty/set-misc-nginx-module',
    title: 'set-misc',
    debian: ['libnginx-mod-http-set-misc'],
    tags: ['v0.33'],
    skip: TESTS,
  },
  {
    id: 'srcache',
    repo: 'openresty/srcache-nginx-module',
    title: 'srcache',
    debian: ['libnginx-mod-http-srcache-filter'],
    tags: ['v0.33'],
    skip: TESTS,
  },
  {
    id: 'memc',
    repo: 'openresty/memc-nginx-module',
    title: 'memc',
    debian: ['libnginx-mod-http-memc'],
    tags: ['v0.19', 'v0.20'],
    skip: TESTS,
  },
  {
    id: 'cache-purge',
    repo: 'nginx-modules/ngx_cache_purge',
    title: 'cache purge',
    debian: ['libnginx-mod-http-cache-purge'],
    tags: ['2.3', '2.5.6'],
    skip: TESTS,
  },
  {
    id: 'dav-ext',
    repo: 'arut/nginx-dav-ext-module',
    title: 'WebDAV extensions',
    debian: ['libnginx-mod-http-dav-ext'],
    tags: ['v3.0.0'],
    skip: TESTS,
  },
  {
    id: 'fancyindex',
    repo: 'aperezdc/ngx-fancyindex',
    title: 'fancy index',
    debian: ['libnginx-mod-http-fancyindex'],
    tags: ['v0.5.2', 'v0.6.0'],
    skip: TESTS,
  },
  {
    id: 'subs-filter',
    repo: 'yaoweibin/ngx_http_substitutions_filter_module',
    title: 'substitutions filter',
    debian: ['libnginx-mod-http-subs-filter'],
    tags: ['v0.6.4'],
    skip: TESTS,
  },
  {
    id: 'uploadprogress',
    repo: 'masterzen/nginx-upload-progress-module',
    title: 'upload progress',
    debian: ['libnginx-mod-http-uploadprogress'],
    tags: ['v0.9.2'],
    skip: TESTS,
  },
  {
    id: 'upstream-fair',
    repo: 'itoffshore/nginx-upstream-fair',
    title: 'upstream fair',
    debian: ['libnginx-mod-http-upstream-fair'],
    tags: ['a18b409'],
    skip: TESTS,
  },
  {
    id: 'auth-pam',
    repo: 'sto/ngx_http_auth_pam_module',
    title: 'PAM authentication',
    debian: ['libnginx-mod-http-auth-pam'],
    tags: ['v1.5.3'],
    skip: TESTS,
  },
  {
    id: 'nchan',
    repo: 'slact/nchan',
    title: 'Nchan pub/sub',
    debian: ['libnginx-mod-nchan'],
    tags: ['v1.3.6', 'v1.3.7'],
    skip: TESTS,
  },
  {
    id: 'rtmp',
    repo: 'arut/nginx-rtmp-module',
    title: 'RTMP',
    debian: ['libnginx-mod-rtmp'],
    tags: ['v1.2.2'],
    skip: TESTS,
  },
];
