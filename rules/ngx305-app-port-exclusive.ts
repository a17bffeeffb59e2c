// The app runs on its port or on the alternate one (8000 or 8001), never both: a deployment that
// uses both has half its traffic, or half its launchers, pointed at a port nothing serves.
import { defineRule } from '../src/engine/define.js';
import type { Location } from '../src/engine/types.js';
import { anchorOf } from '../src/engine/runner.js';
import { proxyUsesOf } from '../src/nginx/collections.js';
import { isLocalTarget } from '../src/nginx/listen.js';
import type { Directive } from '../src/syntax/tree.js';

const MAX_RELATED = 10;

interface PortUse {
  port: number;
  what: string;
  node?: Directive;
  location?: Location;
  /** A launcher's name without its line (fingerprints). */
  key?: string;
}

export default defineRule({
  id: 'NGX305',
  name: 'app-port-exclusive',
  description: 'Disallow using both the app port and its alternate anywhere in the deployment',
  severity: 'error',
  tags: ['ports'],
  messages: {
    both: '{{what}} uses port "{{port}}" while {{otherWhat}} uses port "{{other}}" ({{otherAt}}), expected only one of them',
  },
  create(context) {
    const { appPort, alternatePort, bindings = [] } = context.project.policy;

    return {
      end() {
        const uses: PortUse[] = [];

        for (const use of proxyUsesOf(context.project.configs)) {
          if (use.target.kind !== 'inet' || !isLocalTarget(use.target)) continue;

          uses.push({
            port: use.target.port,
            what: use.via ? `upstream "${use.via.upstream.args[0]?.value}"` : 'proxy_pass',
            node: use.via?.server ?? use.proxyPass,
          });
        }

        for (const b of bindings) {
          if (b.port !== undefined)
            uses.push({ port: b.port, what: b.label, location: b.location, key: b.key });
        }

        const main = uses.filter((u) => u.port === appPort);
        const other = uses.filter((u) => u.port === alternatePort);

        if (main.length === 0 || other.length === 0) return;

        const first = main[0];
        const firstAt = first.node ? anchorOf(first.node) : first.location;
        const otherAt = firstAt
          ? `${context.relativePath(firstAt.file)}:${firstAt.line}`
          : 'the launcher';

        // The first places only, built once: a tree with thousands of uses on each side would
        // otherwise give every finding thousands of related locations (quadratic output).
        const related = main.slice(0, MAX_RELATED).flatMap((m) => {
          const at = m.node ? anchorOf(m.node) : m.location;

          return at ? [{ ...at, message: `port ${appPort} is used here` }] : [];
        });

        for (const use of other) {
          const data = {
            what: use.what,
            port: use.port,
            otherWhat: first.what,
            other: appPort,
            otherAt,
          };

          if (use.node) context.report({ messageId: 'both', node: use.node, data, related });
          else if (use.location)
            context.report({
              messageId: 'both',
              location: use.location,
              data,
              related,
              key: use.key ?? use.what,
            });
        }
      },
    };
  },
});
