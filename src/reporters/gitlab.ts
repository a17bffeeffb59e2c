// GitLab Code Quality report (https://docs.gitlab.com/ci/testing/code_quality/): a JSON array
// of issues with description, check_name, a fingerprint unique per finding, severity and a
// location whose path is relative to the repository root.
import { hash } from 'node:crypto';
import type { Finding, Severity } from '../engine/types.js';
import { byPosition, relativePath, reportedFindings, type PathContext } from './compact.js';

/** GitLab's scale is info, minor, major, critical, blocker; errors rank above warnings. */
const GITLAB_SEVERITY: Record<Severity, string> = {
  error: 'major',
  warning: 'minor',
  info: 'info',
};

export interface GitlabIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number; end: number } };
}

export function formatGitlab(findings: readonly Finding[], context: PathContext): string {
  const seen = new Set<string>();
  const issues = reportedFindings(findings)
    .sort(byPosition)
    .map((finding): GitlabIssue => {
      const path = relativePath(context.root, finding.file);

      return {
        description: `${finding.message} [${finding.ruleId}/${finding.ruleName}]`,
        check_name: finding.ruleId,
        fingerprint: uniqueFingerprint(`${path}\0${finding.fingerprint}`, seen),
        severity: GITLAB_SEVERITY[finding.severity],
        location: { path, lines: { begin: finding.line, end: finding.endLine } },
      };
    });

  return `${JSON.stringify(issues, null, 2)}\n`;
}

/** GitLab shows only the first issue of a fingerprint, so a repeat gets a counter. */
function uniqueFingerprint(seed: string, seen: Set<string>): string {
  let fingerprint = md5Like(seed);

  for (let n = 2; seen.has(fingerprint); n += 1) fingerprint = md5Like(`${seed}\0${n}`);
  seen.add(fingerprint);

  return fingerprint;
}

function md5Like(text: string): string {
  return hash('sha256', text, 'hex').slice(0, 32);
}
