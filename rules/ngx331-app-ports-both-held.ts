import { defineRule } from '../src/engine/define.js';
import { describeProcess, holdersOfPort, socketsOnPort, stopAdvice } from '../src/live/holders.js';
import { liveInputOf, socketsListed, sourceAnchor } from '../src/live/live-input.js';

export default defineRule({
  id: 'NGX331',
  name: 'app-ports-both-held',
  description: 'Disallow the app port and its alternate being held at the same time',
  severity: 'error',
  tags: ['live', 'ports'],
  messages: {
    bothHeld:
      'app port "{{appPort}}" and its alternate "{{alternatePort}}" are both held ({{appHolders}}; {{alternateHolders}}): nginx reaches only one; {{stop}}',
  },
  create(context) {
    const live = liveInputOf(context.project);

    if (!live) return {};

    return {
      end() {
        const { policy } = context.project;
        const { snapshot } = live;
        const { appPort, alternatePort } = policy;

        if (socketsOnPort(snapshot, appPort).length === 0) return;
        if (socketsOnPort(snapshot, alternatePort).length === 0) return;

        const appHolders = holdersOfPort(snapshot, appPort);
        const alternateHolders = holdersOfPort(snapshot, alternatePort);
        const describe = (port: number, holders: typeof appHolders): string =>
          holders.length > 0
            ? `${port} by ${holders.map((h) => describeProcess(snapshot, h)).join(', ')}`
            : `${port} by a process that could not be named`;

        // The alternate is the one to stop, unless the declared port's holder is the stray.
        const stray = alternateHolders[0];
        const alternateBinding = policy.bindings?.find((b) => b.port === alternatePort);

        // The alternate's socket first: its holder is the one to stop.
        const sockets = [
          ...socketsOnPort(snapshot, alternatePort),
          ...socketsOnPort(snapshot, appPort),
        ];
        const location = sourceAnchor(
          [
            alternateBinding
              ? {
                  kind: 'launcher',
                  label: alternateBinding.label,
                  location: alternateBinding.location,
                }
              : undefined,
            ...(policy.alternatePortSources ?? []),
            ...policy.appPortSources,
          ],
          live,
          sockets,
        );

        context.report({
          messageId: 'bothHeld',
          data: {
            appPort,
            alternatePort,
            appHolders: describe(appPort, appHolders),
            alternateHolders: describe(alternatePort, alternateHolders),
            stop: stray
              ? stopAdvice(snapshot, stray, 'the other')
              : `stop the other with "the process on ${alternatePort}"`,
          },
          location,
          related: socketsListed(live, sockets, location),
          key: `${appPort} ${alternatePort}`,
        });
      },
    };
  },
});
