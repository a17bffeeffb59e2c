// JUnit XML for CI systems that show test reports (GitLab's `artifacts:reports:junit`, Jenkins,
// Azure Pipelines): one <testsuite> per file with findings, one failed <testcase> per finding.
// A clean run is one passing test case, so the report is never empty.
import type { Finding } from '../engine/types.js';
import { groupByFile, xmlAttribute } from './checkstyle.js';
import { relativePath, reportedFindings, type PathContext } from './compact.js';

/** Element text: the attribute escapes are also valid there. */
const xmlText = xmlAttribute;

export function formatJunit(findings: readonly Finding[], context: PathContext): string {
  const reported = reportedFindings(findings);
  const total = Math.max(reported.length, 1);
  let out =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="ngxlint" tests="${total}" failures="${reported.length}" errors="0">\n`;

  if (reported.length === 0) {
    out +=
      '  <testsuite name="ngxlint" tests="1" failures="0" errors="0">\n' +
      '    <testcase classname="ngxlint" name="no findings"/>\n' +
      '  </testsuite>\n';
  }

  for (const [file, group] of groupByFile(reported)) {
    const path = xmlAttribute(relativePath(context.cwd, file));

    out += `  <testsuite name="${path}" tests="${group.length}" failures="${group.length}" errors="0">\n`;

    for (const f of group) {
      const name = `${f.ruleId} ${f.ruleName} at ${f.line}:${f.column}`;
      const where = `${relativePath(context.cwd, f.file)}:${f.line}:${f.column}`;

      out +=
        `    <testcase classname="${path}" name="${xmlAttribute(name)}">\n` +
        `      <failure type="${f.severity}" message="${xmlAttribute(f.message)}">` +
        `${xmlText(`${where}: ${f.severity}: ${f.message} [${f.ruleId}/${f.ruleName}]`)}` +
        '</failure>\n' +
        '    </testcase>\n';
    }

    out += '  </testsuite>\n';
  }

  return `${out}</testsuites>\n`;
}
