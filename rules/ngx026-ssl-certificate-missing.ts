// nginx's `no "ssl_certificate" is defined for the "listen ... ssl" directive`: an address that
// takes TLS needs a certificate in the server nginx picks by default there (or, when that
// server rejects handshakes, in every server on it). The `ssl on` of nginx before 1.25.1 needs
// one too. nginx names the server block; the finding does, with the ssl listen related.
import { defineRule } from '../src/engine/define.js';
import { anchorOf } from '../src/engine/runner.js';
import { targetOf } from '../src/nginx/report.js';
import { entryLocation, entryWhere, projectSockets } from '../src/nginx/socket-report.js';
import { serverTlsOf } from '../src/nginx/ssl.js';
import { compareVersions, loadTable } from '../src/nginx/table.js';
import type { Directive } from '../src/syntax/tree.js';

/** `listen 127.0.0.1:443 ssl` as written. */
function listenText(listen: Directive | undefined): string {
  return ['listen', ...(listen?.args.map((a) => a.raw) ?? [])].join(' ');
}

const FIX =
  'expected ssl_certificate and ssl_certificate_key in this server or in http, or ssl_reject_handshake on';

export default defineRule({
  id: 'NGX026',
  name: 'ssl-certificate-missing',
  description: 'Require a certificate for every server that takes TLS',
  severity: 'error',
  tags: ['nginx-t', 'listen', 'ssl'],
  messages: {
    listen:
      'no "ssl_certificate" is defined for the "listen ... {{kind}}" directive in this server ({{listen}} at {{at}}), ' +
      FIX,
    sslOn: 'no "ssl_certificate" is defined for the "ssl" directive, ' + FIX,
  },
  create: (context) => ({
    config(config) {
      const tls = serverTlsOf(config);
      const reported = new Set<Directive>();
      const lacks = (server: Directive) => {
        const settings = tls.get(server);

        return settings !== undefined && !settings.certificate && !settings.rejectHandshake;
      };

      // HTTP/3 (`listen … quic`, nginx 1.25) needs a certificate as TLS does.
      const table = loadTable(targetOf(context.project));
      const quic = compareVersions(table.version, '1.25.0') >= 0;

      for (const group of projectSockets(context, config).addresses) {
        const entry = group.entries.find((e) =>
          e.protocol === 'tcp' ? e.protocols.ssl : quic && e.address.params.includes('quic'),
        );
        const first = group.defaultServer.block;

        if (!entry || tls.get(first)?.certificate) continue;

        // A default server that rejects handshakes leaves each named server to bring its own.
        const servers = lacks(first) ? [first] : group.servers.map((s) => s.block).filter(lacks);

        for (const server of servers) {
          if (reported.has(server)) continue;

          reported.add(server);

          // The server's own listen on the address, when the ssl was switched on by another.
          const own = group.entries.find((e) => e.server.block === server) ?? entry;

          context.report({
            messageId: 'listen',
            location: anchorOf(server),
            data: {
              kind: entry.protocol === 'udp' ? 'quic' : 'ssl',
              listen: listenText(own.directive),
              at: entryWhere(context, own),
            },
            related: [
              { ...entryLocation(own), message: 'this server listens here' },
              ...(own === entry
                ? []
                : [
                    {
                      ...entryLocation(entry),
                      message: `${entry.protocol === 'udp' ? 'quic' : 'ssl'} is set here`,
                    },
                  ]),
            ],
          });
        }
      }

      // `ssl on` is gone from nginx 1.25.1: there NGX010 reports it as unknown.
      if (table.lookup('ssl').length === 0) return;

      for (const [server, settings] of tls) {
        if (!settings.sslOn || !lacks(server) || reported.has(settings.sslOn)) continue;

        reported.add(settings.sslOn);
        context.report({
          messageId: 'sslOn',
          location: anchorOf(settings.sslOn),
          related: [{ ...anchorOf(server), message: 'the server it applies to' }],
        });
      }
    },
  }),
});
