// GitHub Actions workflow commands (`::error file=…,line=…::message`), escaped the way
// GitHub's toolkit escapes them. GitHub shows at most 10 annotations of each level in a step
// (https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions), so
// the most severe come first and one closing line counts what the annotations left out.
import { SEVERITY_RANK, type Finding, type Severity } from '../engine/types.js';
import { escapeControlKeepingLines } from '../security/escape.js';
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
    // Terminal controls (ESC …) are escaped as \xNN first: a job log is shown in a terminal
    // too. CR and LF are left to GitHub's own escaping.
    ['file', escapeControlKeepingLines(relativePath(root, finding.file))],
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

  return escapeControlKeepingLines(finding.message + related.join(''));
}

export function formatGithub(findings: readonly Finding[], context: PathContext): string {
  const sorted = reportedFindings(findings).sort(
    (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || byPosition(a, b),
  );
  const shown: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const omitted: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const limit = annotationLimits(sorted);
  let out = '';

  for (const finding of sorted) {
    if (shown[finding.severity] >= limit[finding.severity]) {
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

/** 10 per level, but when some are left out the closing notice needs a notice's place. */
function annotationLimits(findings: readonly Finding[]): Record<Severity, number> {
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const over = (['error', 'warning', 'info'] as const).some(
    (s) => count(s) > GITHUB_ANNOTATIONS_PER_LEVEL,
  );
  const notices = over ? GITHUB_ANNOTATIONS_PER_LEVEL - 1 : GITHUB_ANNOTATIONS_PER_LEVEL;

  return {
    error: GITHUB_ANNOTATIONS_PER_LEVEL,
    warning: GITHUB_ANNOTATIONS_PER_LEVEL,
    info: notices,
  };
}

/** A notice without a file: GitHub shows it in the run's summary, where a plain line is lost. */
function omittedLine(omitted: Record<Severity, number>): string {
  const total = omitted.error + omitted.warning + omitted.info;

  if (total === 0) return '';

  const parts = (['error', 'warning', 'info'] as const)
    .filter((s) => omitted[s] > 0)
    .map((s) => `${omitted[s]} ${s === 'info' ? 'notice' : s}${omitted[s] === 1 ? '' : 's'}`);

  const text =
    `ngxlint: ${total} more finding${total === 1 ? ' was' : 's were'} not annotated ` +
    `(${parts.join(', ')}; GitHub shows ${GITHUB_ANNOTATIONS_PER_LEVEL} per level in a step); ` +
    'the SARIF upload carries them all';

  return `::notice::${escapeGithubData(text)}\n`;
}
