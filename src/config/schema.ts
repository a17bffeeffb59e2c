import { docsUrl } from '../engine/define.js';
import type { RuleDefinition } from '../engine/types.js';

const SEVERITIES = ['off', 'info', 'warning', 'error'];

/** The JSON Schema of ngxlint.config.json, built from the rule registry (scripts/gen-docs). */
export function buildConfigSchema(rules: readonly RuleDefinition<any>[]): Record<string, unknown> {
  const ruleProperties: Record<string, unknown> = {};

  for (const rule of [...rules].sort((a, b) => a.id.localeCompare(b.id))) {
    const entry = ruleSettingSchema(rule);

    ruleProperties[rule.id] = entry;
    ruleProperties[rule.name] = { ...entry, description: `${rule.id}: ${rule.description}` };
  }

  const port = { type: 'integer', minimum: 1, maximum: 65535 };

  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/ngxlint/ngxlint/blob/main/schemas/ngxlint.config.schema.json',
    title: 'ngxlint project configuration',
    description: 'ngxlint.config.json: the port policy and per-rule settings.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'Path or URL of this schema, for editors.' },
      app: {
        type: 'object',
        description: 'The FastAPI/uvicorn app behind nginx.',
        additionalProperties: false,
        properties: {
          port: { ...port, description: 'The port the app listens on (default 8000).' },
          alternatePort: {
            ...port,
            description: 'The other port the app may use, never together with port (default 8001).',
          },
          launcher: {
            type: 'string',
            description:
              'The launcher meant to start the app, when several do: a path relative to the root (optionally with ":line") or a kind (systemd, script, supervisor, cron, compose, procfile). The app port is taken from it first. Default: the first systemd unit, else the first launcher found.',
          },
        },
      },
      nginx: {
        type: 'object',
        description: 'How nginx is found and run.',
        additionalProperties: false,
        properties: {
          ports: {
            type: 'array',
            items: port,
            minItems: 1,
            uniqueItems: true,
            description: 'Ports nginx may listen on (default [80, 443]).',
          },
          conf: { type: 'string', description: 'Entry config, relative to this file.' },
          prefix: {
            type: 'string',
            description: 'Folder relative includes resolve against, relative to this file.',
          },
          context: {
            type: 'string',
            enum: ['main', 'http', 'server', 'location', 'stream', 'events'],
            description: 'Context an entry file is read in (main unless it is a fragment).',
          },
          version: {
            type: 'string',
            pattern: '^\\d+\\.\\d+(\\.\\d+)?$',
            description: 'nginx version the directive checks follow (default: current stable).',
          },
          modules: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description:
              'Third-party modules the server loads (default: every module ngxlint knows).',
          },
          asRoot: {
            type: 'boolean',
            description:
              'nginx starts as root (default true); else a server with no listen takes *:8000.',
          },
        },
      },
      pathMap: {
        type: 'object',
        description: 'Absolute server paths mapped into this tree, e.g. {"/etc/nginx": "nginx"}.',
        additionalProperties: { type: 'string' },
      },
      rules: {
        type: 'object',
        description: 'Rule settings by code or name: a severity, or [severity, options].',
        additionalProperties: false,
        properties: ruleProperties,
      },
    },
  };
}

function ruleSettingSchema(rule: RuleDefinition<any>): Record<string, unknown> {
  const options = rule.options ?? { type: 'object', properties: {}, additionalProperties: false };

  return {
    description: `${rule.name}: ${rule.description} (${docsUrl(rule.id)})`,
    anyOf: [
      { type: 'string', enum: SEVERITIES },
      {
        type: 'array',
        items: [
          { type: 'string', enum: SEVERITIES },
          { additionalProperties: false, ...options },
        ],
        minItems: 1,
        maxItems: 2,
      },
    ],
  };
}
