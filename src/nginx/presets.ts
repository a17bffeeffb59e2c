// Builds people install, for `nginx.modules` in ngxlint.config.json. A preset names the nginx
// release, the configure switches of its binary, and the third-party modules (at the versions
// the distribution ships) that its packages provide.

export interface Preset {
  name: string;
  description: string;
  version: string;
  /** configure switches of the nginx binary, `=dynamic` ones included. */
  configure: string[];
  /** Third-party module id → tag of its generated snapshot. */
  thirdParty: Record<string, string>;
}

/** Debian 12 (bookworm): nginx 1.22.1 as `nginx -V` prints it, plus every libnginx-mod-*. */
const DEBIAN_12: Preset = {
  name: 'debian-12',
  description: 'Debian 12 (bookworm): nginx 1.22.1 with every libnginx-mod-* package',
  version: '1.22.1',
  configure: [
    '--with-pcre-jit',
    '--with-http_ssl_module',
    '--with-http_stub_status_module',
    '--with-http_realip_module',
    '--with-http_auth_request_module',
    '--with-http_v2_module',
    '--with-http_dav_module',
    '--with-http_slice_module',
    '--with-threads',
    '--with-http_addition_module',
    '--with-http_flv_module',
    '--with-http_gunzip_module',
    '--with-http_gzip_static_module',
    '--with-http_mp4_module',
    '--with-http_random_index_module',
    '--with-http_secure_link_module',
    '--with-http_sub_module',
    '--with-mail_ssl_module',
    '--with-stream_ssl_module',
    '--with-stream_ssl_preread_module',
    '--with-stream_realip_module',
    '--with-http_geoip_module=dynamic',
    '--with-http_image_filter_module=dynamic',
    '--with-http_perl_module=dynamic',
    '--with-http_xslt_module=dynamic',
    '--with-mail=dynamic',
    '--with-stream=dynamic',
    '--with-stream_geoip_module=dynamic',
  ],
  thirdParty: {
    ndk: 'v0.3.2',
    lua: 'v0.10.23',
    'headers-more': 'v0.34',
    njs: '0.7.9',
    brotli: 'v1.0.0rc',
    geoip2: '3.4',
    modsecurity: 'v1.0.3',
    echo: 'v0.63',
    'set-misc': 'v0.33',
    srcache: 'v0.33',
    memc: 'v0.19',
    'cache-purge': '2.3',
    'dav-ext': 'v3.0.0',
    fancyindex: 'v0.5.2',
    'subs-filter': 'v0.6.4',
    uploadprogress: 'v0.9.2',
    'upstream-fair': 'a18b409',
    'auth-pam': 'v1.5.3',
    nchan: 'v1.3.6',
    rtmp: 'v1.2.2',
  },
};

export const PRESETS: Record<string, Preset> = { 'debian-12': DEBIAN_12 };

/** Debian 12 packages of the modules nginx's own source builds as dynamic ones. */
export const DEBIAN_CORE_PACKAGES: Record<string, string> = {
  ngx_http_geoip_module: 'libnginx-mod-http-geoip',
  ngx_http_image_filter_module: 'libnginx-mod-http-image-filter',
  ngx_http_perl_module: 'libnginx-mod-http-perl',
  ngx_http_xslt_filter_module: 'libnginx-mod-http-xslt-filter',
  ngx_stream_geoip_module: 'libnginx-mod-stream-geoip',
};

/** Package for an nginx module built dynamically by Debian, by its name. */
export function debianPackageOf(module: string): string | undefined {
  if (DEBIAN_CORE_PACKAGES[module]) return DEBIAN_CORE_PACKAGES[module];
  if (module.startsWith('ngx_mail_')) return 'libnginx-mod-mail';
  if (module.startsWith('ngx_stream_')) return 'libnginx-mod-stream';

  return undefined;
}
