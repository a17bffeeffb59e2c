import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineRule } from '../../src/engine/define.js';
import { formatMessage } from '../../src/engine/messages.js';
import { runRules } from '../../src/engine/runner.js';
import { resolveRuleSettings } from '../../src/engine/settings.js';
import type { Project } from '../../src/engine/types.js';
import { resolvePolicy } from '../../src/policy.js';
import { parseText } from '../../src/syntax/index.js';

const config = parseText(
  'events {}\nhttp {\n    server {\n        listen 80;\n        listen 8080;\n    }\n}\n',
  '/p/nginx.conf',
);
const project: Project = { root: '/p', configs: [config], policy: resolvePolicy({}) };

const seen: string[] = [];
const listens = defineRule({
  id: 'NGX990',
  name: 'test-listens',
  description: 'Report every listen',
  severity: 'warning',
  tags: [],
  messages: { listen: 'listen "{{port}}" in {{file}}', done: 'saw {{count}} listens' },
  directives: ['listen'],
  create(context) {
    let count = 0;

    return {
      config: () => void seen.push('config'),
      directive(d, path) {
        seen.push(`${d.name}@${path.context.join('>')}`);
        count++;
        context.report({
          messageId: 'listen',
          node: d,
          data: { port: d.args[0].value, file: context.relativePath(d.file) },
          ...(d.args[0].value === '8080' ? { severity: 'info' as const } : {}),
        });
      },
      end: () =>
        context.report({
          messageId: 'done',
          location: { file: '/p/nginx.conf', line: 1, column: 1, endLine: 1, endColumn: 7 },
          data: { count },
        }),
    };
  },
});

test('one walk: directives filtered by name, config and end hooks, messages filled', () => {
  seen.length = 0;

  const findings = runRules(project, [listens], resolveRuleSettings([listens]));

  assert.deepEqual(seen, ['config', 'listen@http>server', 'listen@http>server']);
  assert.deepEqual(
    findings.map((f) => [f.line, f.column, f.endColumn, f.severity, f.message]),
    [
      [1, 1, 7, 'warning', 'saw 2 listens'],
      [4, 9, 19, 'warning', 'listen "80" in nginx.conf'],
      [5, 9, 21, 'info', 'listen "8080" in nginx.conf'],
    ],
  );
  assert.equal(new Set(findings.map((f) => f.fingerprint)).size, 3);
});

test('severities from config and --rule win over per-finding severities; off disables', () => {
  const configured = runRules(
    project,
    [listens],
    resolveRuleSettings([listens], { 'test-listens': 'error' }),
  );

  assert.deepEqual(
    configured.map((f) => f.severity),
    ['error', 'error', 'error'],
  );

  const overridden = resolveRuleSettings([listens], { NGX990: 'error' }, ['test-listens=off']);

  assert.deepEqual(runRules(project, [listens], overridden), []);
  assert.throws(
    () => resolveRuleSettings([listens], {}, ['test-listens=loud']),
    /must be NAME=SEVERITY with SEVERITY one of off, info, warning, error/,
  );
  assert.throws(
    () => resolveRuleSettings([listens], { nope: 'off' }),
    /unknown rule "nope" in the project config "rules"/,
  );
});

test('message templates fill placeholders and refuse a missing value', () => {
  assert.equal(
    formatMessage('port "{{port}}", expected "{{ app }}"', { port: 8001, app: 8000 }),
    'port "8001", expected "8000"',
  );
  assert.throws(() => formatMessage('{{missing}}', {}), /placeholder "missing" has no value/);
});
