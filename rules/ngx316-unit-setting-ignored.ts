// Settings that systemd ignores, or a unit it refuses, as `systemd-analyze verify` reports
// them: the unit then runs without what its author meant (or not at all).
import { defineRule } from '../src/engine/define.js';
import { deploymentOf } from '../src/deploy/project.js';

export default defineRule({
  id: 'NGX316',
  name: 'unit-setting-ignored',
  description: 'Disallow unit settings that systemd ignores or refuses',
  severity: 'warning',
  tags: ['deployment', 'systemd'],
  messages: {
    absoluteDirectory:
      '{{key}}= takes a name relative to its base folder, not the absolute path "{{value}}"; systemd ignores the setting',
    badValue: '{{key}}= "{{value}}" is not a value systemd accepts; it ignores the setting',
    relativePath: 'EnvironmentFile= path "{{value}}" is not absolute; systemd ignores the setting',
    badEnvironment: 'Environment= word "{{value}}" is not NAME=value; systemd ignores it',
    manyExecStart:
      'a second ExecStart= in a Type={{value}} unit; systemd refuses to load the unit (only Type=oneshot takes several)',
  },
  create(context) {
    return {
      end() {
        for (const issue of deploymentOf(context.project)?.unitIssues ?? []) {
          // Never an assigned value: an Environment= word may carry a secret after its "=".
          const value =
            issue.messageId === 'badEnvironment' ? issue.value.split('=')[0] : issue.value;

          context.report({
            messageId: issue.messageId,
            location: issue.location,
            data: { key: issue.key, value },
            key: `${issue.key}:${issue.messageId}`,
          });
        }
      },
    };
  },
});
