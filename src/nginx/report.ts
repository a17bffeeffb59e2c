// How the directive rules (NGX010–NGX016) turn an analysis issue into a finding: at the
// directive, with the include chain that reached it, and, when the same line was fine where
// another include brought it in, that place as a related location.
import { anchorOf } from '../engine/runner.js';
import type { Project, RelatedLocation, ReportDescriptor, RuleContext } from '../engine/types.js';
import type { Directive, ParsedConfig } from '../syntax/tree.js';
import type { WalkPath } from '../syntax/walk.js';
import { analyzeConfig, type DirectiveIssue } from './analysis.js';
import type { NginxTarget } from './table.js';

/** The build a project targets (`nginx.version`, `nginx.modules` in ngxlint.config.json). */
export function targetOf(project: Project): NginxTarget {
  return project.nginx ?? {};
}

function where(context: RuleContext, d: Directive): string {
  return `${context.relativePath(d.file)}:${d.line}`;
}

function chainText(context: RuleContext, path: WalkPath): string {
  return path.includeChain.map((d) => where(context, d)).join(' > ');
}

/** The include chain as written, no line numbers: a fingerprint part that survives edits. */
function chainKey(context: RuleContext, path: WalkPath): string {
  return path.includeChain
    .map((d) => `${context.relativePath(d.file)} ${d.args.map((a) => a.raw).join(' ')}`)
    .join(' > ');
}

export type IssueReport = Pick<ReportDescriptor, 'messageId' | 'data' | 'related' | 'severity'>;

/** Reports every issue of the given kinds in `config`; `describe` picks message and data. */
export function reportIssues(
  context: RuleContext,
  config: ParsedConfig,
  kinds: readonly DirectiveIssue['problem']['kind'][],
  describe: (issue: DirectiveIssue) => IssueReport | undefined,
): void {
  const analysis = analyzeConfig(config, targetOf(context.project));

  for (const issue of analysis.issues) {
    if (!kinds.includes(issue.problem.kind)) continue;

    const described = describe(issue);

    if (!described) continue;

    const related: RelatedLocation[] = [...(described.related ?? [])];

    for (const include of issue.path.includeChain) {
      related.push({ ...anchorOf(include), message: 'included from here' });
    }

    let via = '';

    if (issue.fineBefore && issue.path.includeChain.length > 0) {
      const first = issue.fineBefore.includeChain.at(-1);

      via = ` (included by ${chainText(context, issue.path)}; the same line is accepted where ${
        first ? where(context, first) : 'the entry file'
      } includes it)`;

      if (first) related.push({ ...anchorOf(first), message: 'the same line is accepted here' });
    }

    context.report({
      ...described,
      data: { name: issue.directive.name, via, version: analysis.table.version, ...described.data },
      location: anchorOf(issue.directive),
      related,
      key: chainKey(context, issue.path),
    });
  }
}
