// nginx's `invalid parameter "x"` for listen: a word after the address that ngx_http_core_listen
// (or the stream module's listen) does not know. nginx compares each word exactly, so `SSL` or a
// misspelt `default-server` stops it. Duplicates are not checked: nginx 1.22 to 1.29 accept them.
// Before the parameters nginx reads the address: a port outside 1-65535 (or not a number) is
// `invalid port in "…" of the "listen" directive` (a bad bracket `invalid host`, a lone `:port`
// `no host`, a bare `unix:` `no path in the unix domain socket`, a host no resolver can find,
// such as `$port`, `host not found`), and then nothing else of the line is read.
import { defineRule } from '../src/engine/define.js';
import { parseListen } from '../src/nginx/listen.js';
import { compareVersions } from '../src/nginx/table.js';
import { rangeOf } from '../src/syntax/tree.js';

/** Parameters a listen knows: a name, or a prefix when it holds `=`; and the release that added it. */
type Known = Array<[string, string?]>;

const SHARED: Known = [
  ['bind'],
  ['fastopen='],
  ['backlog='],
  ['rcvbuf='],
  ['sndbuf='],
  ['ipv6only=o'],
  ['reuseport'],
  ['ssl'],
  ['so_keepalive='],
  ['proxy_protocol'],
  ['multipath', '1.29.7'],
];

// https://nginx.org/en/docs/http/ngx_http_core_module.html#listen
const HTTP: Known = [
  ...SHARED,
  ['default_server'],
  ['default'],
  ['setfib='],
  ['accept_filter='],
  ['deferred'],
  ['http2'],
  ['quic', '1.25.0'],
];

// https://nginx.org/en/docs/stream/ngx_stream_core_module.html#listen
const STREAM: Known = [
  ...SHARED,
  ['udp'],
  ['default_server', '1.25.5'],
  ['setfib=', '1.25.5'],
  ['accept_filter=', '1.25.5'],
  ['deferred', '1.25.5'],
];

const KNOWN: Record<string, Known> = { http: HTTP, stream: STREAM };

function knows(list: Known, word: string, version: string | undefined): boolean {
  return list.some(
    ([name, since]) =>
      (name.includes('=') ? word.startsWith(name) : word === name) &&
      (!since || !version || compareVersions(version, since) >= 0),
  );
}

export default defineRule({
  id: 'NGX025',
  name: 'listen-invalid-parameter',
  description: 'Disallow listen parameters nginx does not know, and addresses it refuses',
  severity: 'error',
  tags: ['nginx-t', 'listen'],
  messages: {
    invalid: 'invalid parameter "{{param}}"',
    // The stream module's wording before its listen was reworked in 1.25.5.
    invalidStream: 'the invalid "{{param}}" parameter',
    // `invalid port in "…"`, `no host in "…"`, `no path in the unix domain socket in "…"` …
    invalidAddress: '{{problem}} of the "listen" directive',
  },
  directives: ['listen'],
  create: (context) => ({
    directive: (directive, path) => {
      const known = KNOWN[path.context[path.context.length - 2] ?? ''];

      // A listen with a block lacks its `;` (NGX014): nginx stops there, before the parameters.
      if (!known || directive.block || path.context[path.context.length - 1] !== 'server') return;

      const version = context.project.nginx?.version;
      const older = version !== undefined && compareVersions(version, '1.25.5') < 0;
      const messageId = known === STREAM && older ? 'invalidStream' : 'invalid';
      const [address] = directive.args;
      const read = address && parseListen([address.value]);

      if (read && 'error' in read) {
        context.report({
          messageId: 'invalidAddress',
          data: { problem: read.error },
          location: { file: directive.file, ...rangeOf(address) },
          path,
        });

        return;
      }

      directive.args.forEach((arg, index) => {
        if (index === 0 || knows(known, arg.value, version)) return;

        context.report({
          messageId,
          data: { param: arg.value },
          location: { file: directive.file, ...rangeOf(arg) },
          path,
          key: `${index}`,
        });
      });
    },
  }),
});
