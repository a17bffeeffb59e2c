// Lints a fixture of fixtures/nginx-t/ with the parser and every nginx -t rule, against a target.
import { runRules } from '../../src/engine/runner.js';
import { resolveRuleSettings } from '../../src/engine/settings.js';
import type { RuleDefinition } from '../../src/engine/types.js';
import { PRESETS } from '../../src/nginx/presets.js';
import type { NginxTarget } from '../../src/nginx/table.js';
import { parseConfig } from '../../src/syntax/config.js';
import { DIRECTIVE_RULES } from '../corpus/nginx-t-setup.js';
import NGX020 from '../../rules/ngx020-duplicate-listen-options.js';
import NGX021 from '../../rules/ngx021-duplicate-default-server.js';
import NGX022 from '../../rules/ngx022-conflicting-server-name.js';
import NGX023 from '../../rules/ngx023-protocol-options-redefined.js';
import NGX024 from '../../rules/ngx024-listen-dual-stack-conflict.js';
import NGX017 from '../../rules/ngx017-events-missing.js';
import NGX025 from '../../rules/ngx025-listen-invalid-parameter.js';
import NGX026 from '../../rules/ngx026-ssl-certificate-missing.js';
import NGX027 from '../../rules/ngx027-listen-module-conflict.js';
import NGX101 from '../../rules/ngx101-duplicate-location.js';

export const NGINX_T_RULES: RuleDefinition<any>[] = [
  ...DIRECTIVE_RULES,
  NGX017,
  NGX020,
  NGX021,
  NGX022,
  NGX023,
  NGX024,
  NGX025,
  NGX026,
  NGX027,
  NGX101,
];

/** What the conformance suite loads: Debian 12's nginx binary with stream, NDK and Lua. */
export const CONFORMANCE_TARGET: NginxTarget = {
  version: '1.22.1',
  modules: [
    ...PRESETS['debian-12'].configure.filter((c) => !c.endsWith('=dynamic')),
    '--with-stream',
    'ndk@v0.3.2',
    'lua@v0.10.23',
  ],
};

export interface FixtureFinding {
  ruleId: string;
  severity: string;
  file: string;
  line: number;
  /** Last line of the finding's range: nginx names the line a directive ends on. */
  endLine: number;
  message: string;
}

/** Parser syntax errors (as NGX001) and the rules' findings, info left out. */
export function lintFixture(
  entry: string,
  target: NginxTarget = CONFORMANCE_TARGET,
): FixtureFinding[] {
  const config = parseConfig(entry);
  const findings = runRules(
    {
      root: entry.replace(/\/[^/]+$/, ''),
      configs: [config],
      policy: { appPort: 8000, appPortSources: [], alternatePort: 8001, nginxPorts: [80, 443] },
      nginx: target,
    },
    NGINX_T_RULES,
    resolveRuleSettings(NGINX_T_RULES),
  );

  return [
    ...config.errors
      .filter((e) => e.kind === 'syntax')
      .map((e) => ({
        ruleId: 'NGX001',
        severity: 'error',
        file: e.file,
        line: e.line,
        endLine: e.endLine ?? e.line,
        message: e.message,
      })),
    ...findings
      .filter((f) => f.severity !== 'info')
      .map((f) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        file: f.file,
        line: f.line,
        endLine: f.endLine,
        message: f.message,
      })),
  ];
}
