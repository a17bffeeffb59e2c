// GitHub Actions workflow commands (`::error file=…,line=…::message`), escaped the way
// GitHub's toolkit escapes them. GitHub shows at most 10 annotations of each level in a step
// (https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions), so
// the most severe come first and one closing line counts what the annotations left out.
import { SEVERITY_RANK, type Finding, type Severity } from '../engine/types.js';
import { byPosition, relativePath, reportedFindings, type PathContext } from './compact.js';

/** Annotations GitHub shows per level and step. */
export const GITHUB_ANNOTATIONS_PER_LEVEL = 10;

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escapes a command's message: `%`, CR and LF. */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value: the message's escapes plus `:` and `,`, which end a property. */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** The properties of one annotation, in the order they are written. */
export function githubProperties(finding: Finding, root: string): [string, string][] {
  const properties: [string, string][] = [
    ['file', relativePath(root, finding.file)],
    ['line', String(finding.line)],
  ];

  // GitHub applies columns only within one line; its end column is taken as inclusive (its docs
  // do not say; the toolkit passes it through), ours is exclusive.
  if (finding.endLine === finding.line) {
    properties.push(['col', String(finding.column)]);
    properties.push(['endLine', String(finding.endLine)]);
    properties.push(['endColumn', String(Math.max(finding.column, finding.endColumn - 1))]);
  } else {
    properties.push(['endLine', String(finding.endLine)]);
  }

  properties.push(['title', `${finding.ruleId} ${finding.ruleName}`]);

  return properties;
}

/** The annotation's text: the message, then each related place on a line of its own. */
export function githubMessage(finding: Finding, root: string): string {
  const related = finding.related.map(
    (r) => `\n${relativePath(root, r.file)}:${r.line}:${r.column}: ${r.message}`,
  );

  return finding.message + related.join('');
}

export function formatGithub(findings: readonly Finding[], context: PathContext): string {
  const sorted = reportedFindings(findings).sort(
    (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || byPosition(a, b),
  );
  const shown: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const omitted: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  let out = '';

  for (const finding of sorted) {
    if (shown[finding.severity] >= GITHUB_ANNOTATIONS_PER_LEVEL) {
      omitted[finding.severity] += 1;
      continue;
    }

    shown[finding.severity] += 1;

    const properties = githubProperties(finding, context.root)
      .map(([key, value]) => `${key}=${escapeGithubProperty(value)}`)
      .join(',');

    out += `::${COMMAND[finding.severity]} ${properties}::`;
    out += `${escapeGithubData(githubMessage(finding, context.root))}\n`;
  }

  return out + omittedLine(omitted);
}

function omittedLine(omitted: Record<Severity, number>): string {
  const total = omitted.error + omitted.warning + omitted.info;

  if (total === 0) return '';

  const parts = (['error', 'warning', 'info'] as const)
    .filter((s) => omitted[s] > 0)
    .map((s) => `${omitted[s]} ${s === 'info' ? 'notice' : s}${omitted[s] === 1 ? '' : 's'}`);

  return (
    `ngxlint: ${total} more finding${total === 1 ? ' was' : 's were'} not annotated ` +
    `(${parts.join(', ')}; GitHub shows ${GITHUB_ANNOTATIONS_PER_LEVEL} per level in a step); ` +
    'the SARIF upload carries them all\n'
  );
}
