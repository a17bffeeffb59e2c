// Inline suppressions: marks the findings that a suppression comment covers (kept, so SARIF
// can show them as suppressed) and reports the suppressions that are themselves wrong
// (NGX901 no reason, NGX902 unknown rule, NGX903 suppresses nothing).
import { diskFileSystem, type FileSystem } from '../include/fs.js';
import { findRule } from '../engine/define.js';
import { fingerprintBase, uniquifyFingerprints } from '../engine/fingerprint.js';
import { compareFindings } from '../engine/runner.js';
import { formatMessage } from '../engine/messages.js';
import type { RuleSetting } from '../engine/settings.js';
import type { Finding, Fix, Location, RuleDefinition, Severity } from '../engine/types.js';
import { scanComments } from './comments.js';
import { parseDirective, type NamedRule, type SuppressionDirective } from './directives.js';
import { syntaxForPath, type SuppressionSource } from './sources.js';
import { editDistance, MAX_DISTANCE } from '../nginx/suggest.js';
import { rangeOf } from '../syntax/tree.js';

export { scanComments, type CommentSyntax, type SourceComment } from './comments.js';
export { parseDirective, type SuppressionDirective } from './directives.js';
export { sourcesOfProject, syntaxForPath, type SuppressionSource } from './sources.js';

export const SUPPRESSION_RULE_IDS = { reason: 'NGX901', unknown: 'NGX902', unused: 'NGX903' };

export interface SuppressOptions {
  findings: readonly Finding[];
  /** Files of the run and their comment syntax; a finding's file missing here is guessed. */
  sources: readonly SuppressionSource[];
  /** The registry: suppressions name rules by code or name. */
  rules: readonly RuleDefinition<any>[];
  /** This run's rule settings: NGX9xx severities, and rules that are off. */
  settings?: Map<string, RuleSetting>;
  root: string;
  fs?: FileSystem;
}

/** One rule that one directive suppresses, and where. */
interface Scope {
  directive: SuppressionDirective;
  name: NamedRule;
  ruleId: string;
  from: { line: number; column: number };
  to: { line: number; column: number };
  used: boolean;
}

const END = { line: Number.MAX_SAFE_INTEGER, column: 0 };

/**
 * Returns every finding, those under a suppression marked `suppressed` (inline, with the
 * reason as justification), followed by the NGX9xx findings about the suppressions.
 */
export function applySuppressions(options: SuppressOptions): Finding[] {
  const fs = options.fs ?? diskFileSystem;
  const syntaxOf = new Map(options.sources.map((s) => [s.path, s.syntax]));
  const results = options.findings.map((f) => ({ ...f }));
  const problems: Finding[] = [];
  const files = new Set([...syntaxOf.keys(), ...results.map((f) => f.file)]);
  const report = reporterFor(options, problems);

  for (const file of files) {
    const syntax = syntaxOf.get(file) ?? syntaxForPath(file);
    const text = readMarked(fs, file);

    if (text === undefined) continue;

    const directives = scanComments(text, syntax)
      .map(parseDirective)
      .filter((d): d is SuppressionDirective => d !== undefined);
    const scopes = buildScopes(directives, options.rules, file, report);

    for (const finding of results) {
      if (finding.file !== file || finding.suppressed) continue;

      const covering = scopes.filter((s) => s.ruleId === finding.ruleId && covers(s, finding));

      if (covering.length === 0) continue;

      for (const scope of covering) scope.used = true;

      const { directive } = covering[0];

      finding.suppressed = {
        kind: 'inline',
        ...(directive.reason ? { justification: directive.reason } : {}),
        location: { file, ...rangeOf(directive.comment) },
      };
    }

    reportUnused(scopes, options.settings, file, text, report, syntax !== 'env');
  }

  uniquifyFingerprints(problems.sort(compareFindings));

  return [...results, ...problems].sort(compareFindings);
}

type Report = (
  ruleId: string,
  messageId: string,
  location: Location,
  data: Record<string, string>,
  fix?: Fix,
) => void;

function reporterFor(options: SuppressOptions, out: Finding[]): Report {
  return (ruleId, messageId, location, data, fix) => {
    const rule = findRule(options.rules, ruleId);
    const setting = options.settings?.get(ruleId)?.severity;

    if (!rule || setting === 'off') return;

    out.push({
      ruleId: rule.id,
      ruleName: rule.name,
      severity: (setting ?? rule.severity) as Severity,
      message: formatMessage(rule.messages[messageId], data),
      ...location,
      related: [],
      fingerprint: fingerprintBase({
        ruleId: rule.id,
        file: rootPath(options.root, location.file),
        messageId,
        anchor: Object.values(data).join(' '),
        context: '',
      }),
      ...(fix ? { fixes: [fix] } : {}),
    });
  };
}

function buildScopes(
  directives: SuppressionDirective[],
  rules: readonly RuleDefinition<any>[],
  file: string,
  report: Report,
): Scope[] {
  const scopes: Scope[] = [];
  const open: Scope[] = [];
  const nextLineTargets = targetLines(directives);

  for (const directive of directives) {
    const { comment, kind } = directive;
    const at = { line: comment.line, column: comment.column };
    const known: { name: NamedRule; ruleId: string }[] = [];

    for (const name of directive.rules) {
      const rule = findRule(rules, name.text);

      if (rule) known.push({ name, ruleId: rule.id });
      else
        report(
          SUPPRESSION_RULE_IDS.unknown,
          'unknownRule',
          { file, ...rangeOf(name) },
          { name: name.text, near: nearestRule(rules, name.text) },
        );
    }

    if (kind === 'enable') {
      closeScopes(directive, known, open, at, file, report);
      continue;
    }

    if (directive.rules.length === 0) {
      report(SUPPRESSION_RULE_IDS.unknown, 'noRule', { file, ...rangeOf(comment) }, { kind });
    } else if (!directive.reason) {
      const names = directive.rules.map((r) => r.text).join(', ');

      report(
        SUPPRESSION_RULE_IDS.reason,
        'missingReason',
        { file, ...rangeOf(comment) },
        { names },
      );
    }

    for (const { name, ruleId } of known) {
      const scope: Scope = { directive, name, ruleId, from: at, to: END, used: false };

      if (kind === 'disable-line' || kind === 'disable-next-line') {
        const line = kind === 'disable-line' ? comment.line : nextLineTargets.get(directive)!;

        scope.from = { line, column: 0 };
        scope.to = { line: line + 1, column: 0 };
      } else {
        open.push(scope);
      }

      scopes.push(scope);
    }
  }

  return scopes;
}

/** An `ngxlint-enable` ends the open regions it names, or all of them when it names none. */
function closeScopes(
  directive: SuppressionDirective,
  known: { name: NamedRule; ruleId: string }[],
  open: Scope[],
  at: { line: number; column: number },
  file: string,
  report: Report,
): void {
  if (directive.rules.length === 0) {
    for (const scope of open.splice(0)) scope.to = at;

    return;
  }

  for (const { name, ruleId } of known) {
    const closing = open.filter((s) => s.ruleId === ruleId);

    if (closing.length === 0) {
      report(
        SUPPRESSION_RULE_IDS.unused,
        'unmatchedEnable',
        { file, ...rangeOf(name) },
        { name: name.text },
      );
    }

    for (const scope of closing) {
      scope.to = at;
      open.splice(open.indexOf(scope), 1);
    }
  }
}

/** The line a disable-next-line covers: the next one that is not itself such a comment. */
function targetLines(directives: SuppressionDirective[]): Map<SuppressionDirective, number> {
  const stacked = new Set(
    directives
      .filter((d) => d.kind === 'disable-next-line' && d.comment.ownLine)
      .map((d) => d.comment.line),
  );
  const targets = new Map<SuppressionDirective, number>();

  for (const directive of directives) {
    let line = directive.comment.line + 1;

    while (stacked.has(line)) line += 1;
    targets.set(directive, line);
  }

  return targets;
}

function covers(scope: Scope, finding: Finding): boolean {
  return !before(finding, scope.from) && before(finding, scope.to);
}

function before(a: { line: number; column: number }, b: { line: number; column: number }): boolean {
  return a.line < b.line || (a.line === b.line && a.column < b.column);
}

function reportUnused(
  scopes: Scope[],
  settings: Map<string, RuleSetting> | undefined,
  file: string,
  text: string,
  report: Report,
  // No fix in an env file: its diff (--fix-dry-run) would print the values around the comment.
  fixable: boolean,
): void {
  const byDirective = new Map<SuppressionDirective, Scope[]>();

  for (const scope of scopes) {
    byDirective.set(scope.directive, [...(byDirective.get(scope.directive) ?? []), scope]);
  }

  for (const [directive, own] of byDirective) {
    // A rule that is off this run cannot show its findings: its suppression is not stale.
    const unused = own.filter((s) => !s.used && settings?.get(s.ruleId)?.severity !== 'off');
    const wholeComment = unused.length === directive.rules.length;

    for (const scope of unused) {
      const fix = wholeComment && fixable ? removalFix(directive, file, text) : undefined;

      report(
        SUPPRESSION_RULE_IDS.unused,
        'unused',
        { file, ...rangeOf(scope.name) },
        { kind: directive.kind, name: scope.name.text, where: describeScope(scope) },
        fix,
      );
    }
  }
}

function describeScope(scope: Scope): string {
  if (scope.directive.kind === 'disable') {
    return scope.to === END
      ? `after line ${scope.from.line}`
      : `between lines ${scope.from.line} and ${scope.to.line}`;
  }

  return `on line ${scope.from.line}`;
}

/** Deletes a stale suppression: its whole line when it stands alone, else the comment. */
function removalFix(directive: SuppressionDirective, file: string, text: string): Fix {
  const { comment } = directive;
  const lineStart = comment.start - (comment.column - 1);
  let from = comment.start;

  while (from > lineStart && (text[from - 1] === ' ' || text[from - 1] === '\t')) from -= 1;

  const range =
    comment.ownLine && text[comment.end] !== undefined
      ? { line: comment.line, column: 1, endLine: comment.line + 1, endColumn: 1 }
      : {
          line: comment.line,
          column: from - lineStart + 1,
          endLine: comment.line,
          endColumn: comment.endColumn,
        };

  return {
    description: 'Remove the suppression comment that suppresses nothing',
    edits: [{ file, range, text: '' }],
    certain: true,
  };
}

/** The text of a file that mentions `ngxlint-`; most files do not, and stay bytes. */
function readMarked(fs: FileSystem, file: string): string | undefined {
  try {
    const bytes = fs.readFile(file);

    return bytes.includes('ngxlint-') ? bytes.toString('utf8') : undefined;
  } catch {
    return undefined;
  }
}

function rootPath(root: string, file: string): string {
  return file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file;
}

/** `; did you mean "restart-without-stop"?` for a misspelt rule name or code, or ''. */
function nearestRule(rules: readonly RuleDefinition<any>[], text: string): string {
  const wanted = text.toLowerCase();
  // Codes are all alike: one digit off is a typo, two is another rule.
  const reach = /^ngx\d/.test(wanted) ? 1 : MAX_DISTANCE;
  let best = reach + 1;
  let found: string | undefined;

  for (const rule of rules) {
    for (const name of [rule.name, rule.id.toLowerCase()]) {
      const d = editDistance(wanted, name, Math.min(reach, best));

      if (d < best) [best, found] = [d, name === rule.name ? name : rule.id];
    }
  }

  return found && best <= reach ? `; did you mean "${found}"?` : '';
}
