// nginx resolves `localhost` to every address it has, 127.0.0.1 and ::1, and tries them in
// turn; an app bound to 127.0.0.1 refuses the ::1 attempts, which fill the error log and add
// latency (https://nginx.org/r/proxy_pass: "If a domain name resolves to several addresses").
import { at, deploymentOf } from '../src/deploy/project.js';
import type { Launcher } from '../src/deploy/types.js';
import { defineRule } from '../src/engine/define.js';
import type { Fix, Location, RelatedLocation } from '../src/engine/types.js';
import { proxyUsesOf, type ProxyUse } from '../src/nginx/collections.js';
import type { Directive } from '../src/syntax/tree.js';

/** A launcher that binds 127.0.0.1 and nothing that answers ::1. */
interface LoopbackOnly {
  what: string;
  location?: Location;
}

export default defineRule({
  id: 'NGX304',
  name: 'proxy-pass-localhost',
  description: 'Disallow proxy_pass to "localhost" while the app binds 127.0.0.1 only',
  severity: 'warning',
  tags: ['ports', 'proxy'],
  messages: {
    localhost:
      'proxy_pass targets "localhost", which nginx resolves to "127.0.0.1" and "::1" while the app binds "127.0.0.1" only ({{from}}); expected "127.0.0.1"',
  },
  create(context) {
    const launchers = deploymentOf(context.project)?.launchers ?? [];

    return {
      end() {
        for (const use of proxyUsesOf(context.project.configs)) {
          if (use.target.kind !== 'inet' || use.target.host !== 'localhost') continue;

          // No launcher found: uvicorn binds 127.0.0.1 unless told otherwise.
          const only: LoopbackOnly[] = launchers.length
            ? loopbackOnly(launchers, use.target.port, context.relativePath)
            : [{ what: "uvicorn's default --host" }];

          if (only.length === 0) continue;

          const node = use.via?.server ?? use.proxyPass;
          const fix = replaceLocalhost(node);

          context.report({
            messageId: 'localhost',
            node,
            data: { from: only.map((l) => l.what).join(', ') },
            related: related(use, only),
            ...(fix ? { fixes: [fix] } : {}),
          });
        }
      },
    };
  },
});

/**
 * The launchers on the target's port (or an unknown one) whose every TCP address is 127.0.0.1.
 * One that also binds ::1, binds ::, 0.0.0.0 or localhost, or an address not known statically,
 * is left out: nginx reaches it on ::1 too, or another rule speaks of it (app-bind-public).
 */
function loopbackOnly(
  launchers: Launcher[],
  port: number,
  relativePath: (f: string) => string,
): LoopbackOnly[] {
  return launchers.flatMap((launcher) => {
    const binds = launcher.binds.filter(
      (b) => b.kind === 'tcp' && (b.port === undefined || b.port.value === port),
    );

    if (binds.length === 0 || !binds.every((b) => b.host?.value === '127.0.0.1')) return [];

    return [
      {
        what: `${launcher.serverLabel} in ${at(launcher.location, relativePath)}`,
        location: launcher.location,
      },
    ];
  });
}

function related(use: ProxyUse, only: LoopbackOnly[]): RelatedLocation[] {
  const out = only.flatMap((l) =>
    l.location ? [{ ...l.location, message: 'the app binds 127.0.0.1 only here' }] : [],
  );

  if (use.via) {
    out.unshift({
      ...use.proxyPass,
      file: use.proxyPass.file,
      message: 'proxy_pass through this upstream',
    });
  }

  return out;
}

/** Offers 127.0.0.1 in place of `localhost` (a suggestion: the app could bind ::1 instead). */
function replaceLocalhost(node: Directive): Fix | undefined {
  const arg = node.args[0];
  const at = arg?.raw.indexOf('localhost') ?? -1;

  if (!arg || at < 0 || arg.line !== arg.endLine) return undefined;

  const column = arg.column + at;

  return {
    description: 'proxy to 127.0.0.1, the address the app binds',
    certain: false,
    edits: [
      {
        file: node.file,
        range: {
          line: arg.line,
          column,
          endLine: arg.line,
          endColumn: column + 'localhost'.length,
        },
        text: '127.0.0.1',
      },
    ],
  };
}
