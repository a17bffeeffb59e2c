// Port 80 belongs to the server blocks of one file. When two files each bring a server on 80,
// nginx starts, but which one answers depends on Host headers and include order: the classic
// leftover `sites-enabled/default` beside the app's site.
import { anchorOf } from '../src/engine/runner.js';
import { defineRule } from '../src/engine/define.js';
import type { RuleContext } from '../src/engine/types.js';
import type { Directive, ParsedConfig } from '../src/syntax/tree.js';
import { analyzeConfig } from '../src/nginx/analysis.js';
import { serversOf, serverNameOf, type ServerListen } from '../src/nginx/collections.js';
import { targetOf } from '../src/nginx/report.js';

interface Options {
  scope: 'file' | 'server';
}

export default defineRule<Options>({
  id: 'NGX301',
  name: 'single-listen-80',
  description: 'Require port 80 to be served by the server blocks of exactly one file',
  severity: 'error',
  tags: ['ports', 'nginx'],
  messages: {
    otherFile:
      '"listen {{listen}}" serves port 80 from a second file, "{{first}}" already does; requests whose Host matches no server_name go to {{pick}}',
    implicitOtherFile:
      'server without "listen" serves port 80 (nginx started as root listens on *:80) from a second file, "{{first}}" already does; requests whose Host matches no server_name go to {{pick}}',
    secondServer:
      '{{what}} gives port 80 a second server block, expected one (option scope "server"); requests whose Host matches no server_name go to {{pick}}',
    noListener: 'no server listens on port 80, expected the server blocks of one file to serve it',
  },
  options: {
    type: 'object',
    properties: {
      scope: {
        description:
          '"file": one file may hold several servers on 80; "server": only one server block',
        enum: ['file', 'server'],
      },
    },
    additionalProperties: false,
  },
  defaultOptions: { scope: 'file' },
  create(context, options) {
    const configs: ParsedConfig[] = [];

    return {
      config: (config) => void configs.push(config),
      end() {
        const asRoot = context.project.policy.nginxAsRoot ?? true;
        const on80 = serversOf(context.project.configs)
          .listens({ asRoot })
          .filter((l) => l.module === 'http' && l.address.kind === 'inet' && l.address.port === 80);

        if (on80.length === 0) return reportNone(configs, context);

        const first = on80[0];
        const firstFile = first.server.file;
        const pick = describePick(on80, context.relativePath);
        const firstAt = anchorOf(first.listen ?? first.server);
        const related = [{ ...firstAt, message: 'port 80 is first served here' }];

        for (const use of on80) {
          const text = use.listen ? use.listen.args.map((a) => a.raw).join(' ') : '';

          if (use.server.file !== firstFile) {
            context.report({
              messageId: use.listen ? 'otherFile' : 'implicitOtherFile',
              node: use.listen ?? use.server,
              path: use.path,
              data: { listen: text, first: context.relativePath(firstFile), pick },
              related,
            });
          } else if (options.scope === 'server' && use.server !== first.server) {
            context.report({
              messageId: 'secondServer',
              node: use.listen ?? use.server,
              path: use.path,
              data: { what: use.listen ? `"listen ${text}"` : 'server without "listen"', pick },
              related,
            });
          }
        }
      },
    };
  },
});

/** The server nginx picks for a request whose Host matches no server_name. */
function describePick(on80: ServerListen[], relativePath: (f: string) => string): string {
  const chosen = on80.find((l) => l.address.defaultServer) ?? on80[0];
  const name = serverNameOf(chosen.server);
  const at = `${relativePath(chosen.server.file)}:${chosen.server.line}`;
  const why = chosen.address.defaultServer
    ? 'marked default_server'
    : 'the first server on port 80';

  return `the server at ${at}${name ? ` ("${name}")` : ''}, ${why}`;
}

function reportNone(configs: ParsedConfig[], context: RuleContext): void {
  // A file nginx cannot read or parse is already an error: it is not "nothing on 80". Nor is
  // a server block where nginx allows none (a site file read in the main context: NGX011).
  if (configs.some((c) => c.errors.some((e) => e.kind !== 'include'))) return;
  if (configs.some((c) => misplacedServer(c, context))) return;

  const entry = configs[0]?.files[0];

  if (!entry) return;

  const firstDirective = entry.nodes.find((n): n is Directive => n.kind === 'directive');

  context.report({
    messageId: 'noListener',
    ...(firstDirective
      ? { node: firstDirective }
      : { location: { file: entry.path, line: 1, column: 1, endLine: 1, endColumn: 1 } }),
  });
}

function misplacedServer(config: ParsedConfig, context: RuleContext): boolean {
  return analyzeConfig(config, targetOf(context.project)).issues.some(
    (i) => i.directive.name === 'server' && i.problem.kind === 'not-allowed',
  );
}
