// nginx resolves `localhost` to every address it has, 127.0.0.1 and ::1, and tries them in
// turn; an app bound to 127.0.0.1 refuses the ::1 attempts, which fill the error log and add
// latency (https://nginx.org/r/proxy_pass: "If a domain name resolves to several addresses").
import { defineRule } from '../src/engine/define.js';
import type { AppBinding, Fix } from '../src/engine/types.js';
import { ProxyCollector, type ProxyUse } from '../src/nginx/listen.js';
import type { Directive } from '../src/syntax/tree.js';

const IPV6_HOSTS = new Set(['::', '::1', '[::]', '[::1]', 'localhost']);

export default defineRule({
  id: 'NGX304',
  name: 'proxy-pass-localhost',
  description: 'Disallow proxy_pass to "localhost" while the app binds 127.0.0.1 only',
  severity: 'warning',
  tags: ['ports', 'proxy'],
  messages: {
    localhost:
      'proxy_pass targets "localhost", which nginx resolves to "127.0.0.1" and "::1" while the app binds "{{host}}" only ({{from}}); expected "127.0.0.1"',
  },
  directives: ['proxy_pass', 'upstream'],
  create(context) {
    const proxies = new ProxyCollector();
    const bindings = (context.project.policy.bindings ?? []).filter((b) => b.host !== undefined);

    return {
      directive: (directive, path) => proxies.visit(directive, path),
      end() {
        // uvicorn binds 127.0.0.1 unless told otherwise.
        const hosts: AppBinding[] = bindings.length
          ? bindings
          : [{ host: '127.0.0.1', label: "uvicorn's default --host" }];

        if (hosts.some((b) => IPV6_HOSTS.has(b.host!))) return;

        for (const use of proxies.uses()) {
          if (use.target.kind !== 'inet' || use.target.host !== 'localhost') continue;

          const node = use.via?.server ?? use.proxyPass;
          const fix = replaceLocalhost(node);

          context.report({
            messageId: 'localhost',
            node,
            data: { host: hosts[0].host!, from: hosts.map((b) => b.label).join(', ') },
            related: related(use, hosts),
            ...(fix ? { fixes: [fix] } : {}),
          });
        }
      },
    };
  },
});

function related(use: ProxyUse, hosts: AppBinding[]) {
  const out = hosts.flatMap((b) =>
    b.location ? [{ ...b.location, message: `the app binds ${b.host} here` }] : [],
  );

  if (use.via) {
    out.unshift({ ...use.proxyPass, file: use.proxyPass.file, message: 'proxy_pass through this upstream' });
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
        range: { line: arg.line, column, endLine: arg.line, endColumn: column + 'localhost'.length },
        text: '127.0.0.1',
      },
    ],
  };
}
