// The rule engine: definitions, settings, the runner and fingerprints. It depends on no rule.
export * from './types.js';
export { defineRule, docsUrl, findRule, rulesOf, DOCS_BASE, INFORMATION_URI } from './define.js';
export { formatMessage } from './messages.js';
export { LintInputError } from './errors.js';
export {
  resolveRuleSettings,
  SEVERITY_SETTINGS,
  type RuleSetting,
  type RuleSettingInput,
} from './settings.js';
export { runRules, anchorOf, toRootPath, compareFindings } from './runner.js';
export { fingerprintBase, uniquifyFingerprints } from './fingerprint.js';
