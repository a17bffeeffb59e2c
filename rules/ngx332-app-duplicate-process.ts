import { defineRule } from '../src/engine/define.js';
import { APP_SERVERS, appTrees } from '../src/live/apps.js';
import { describeProcess, stopAdvice, stopCommand } from '../src/live/holders.js';
import { hasCapabilities, liveInputOf, sourceAnchor } from '../src/live/live-input.js';
import type { LiveProcess, LiveSnapshot } from '../src/live/types.js';

interface Options {
  servers: string[];
}

export default defineRule<Options>({
  id: 'NGX332',
  name: 'app-duplicate-process',
  description: 'Disallow more than one independent app process tree running at once',
  severity: 'error',
  tags: ['live', 'ports', 'deployment'],
  messages: {
    duplicate:
      '{{count}} independent app process trees run: {{trees}}; keep one and stop the others ({{stops}})',
  },
  options: {
    type: 'object',
    properties: {
      servers: {
        description: 'Command names that start the app, besides those holding the app ports',
        type: 'array',
        items: { type: 'string' },
      },
    },
    additionalProperties: false,
  },
  defaultOptions: { servers: APP_SERVERS },
  create(context, options) {
    const live = liveInputOf(context.project);

    if (!live) return {};

    return {
      end() {
        // Telling trees apart needs parents; seeing those that hold no port needs every process.
        if (!hasCapabilities(live, 'app-duplicate-process', ['parents', 'commandLines'])) return;

        const { policy } = context.project;
        const trees = appTrees(
          live.snapshot,
          [policy.appPort, policy.alternatePort],
          options.servers,
        );

        if (trees.length < 2) return;

        // A tree in a service unit is the managed one; the others are strays to stop.
        const keep = trees.find((t) => t.root.unit) ?? trees[0];
        const describe = trees.map((t) => {
          const ports = t.ports.length > 0 ? ` on ${t.ports.join(', ')}` : ', holding no app port';

          return `${describeProcess(live.snapshot, t.root)}${ports}`;
        });
        const stops = trees.filter((t) => t !== keep).map((t) => stopOf(live.snapshot, t.root));
        const launcher = policy.bindings?.find((b) => b.location);

        context.report({
          messageId: 'duplicate',
          data: { count: trees.length, trees: describe.join('; '), stops: stops.join(', ') },
          location: sourceAnchor(
            [
              launcher && { kind: 'launcher', label: launcher.label, location: launcher.location },
              ...policy.appPortSources,
            ],
            live,
          ),
          key: trees.map((t) => t.root.name).join(' '),
        });
      },
    };
  },
});

/** A tree's stop command in quotes, or for pid 1, which no kill may name, what to do instead. */
function stopOf(snapshot: LiveSnapshot, root: LiveProcess): string {
  const command = stopCommand(root);

  return command !== undefined ? `"${command}"` : stopAdvice(snapshot, root, `pid ${root.pid}`);
}
