// Checkstyle XML, which Jenkins' warnings plugin, reviewdog and many CI dashboards read: one
// <file> per file, one <error> per finding. Paths are relative to the working directory.
import type { Finding } from '../engine/types.js';
import { byPosition, relativePath, reportedFindings, type PathContext } from './compact.js';

/** Escapes text for an XML attribute; characters XML 1.0 forbids become U+FFFD. */
export function xmlAttribute(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/** Groups findings by file, files and findings in position order. */
export function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();

  for (const finding of reportedFindings(findings).sort(byPosition)) {
    const group = groups.get(finding.file) ?? [];

    group.push(finding);
    groups.set(finding.file, group);
  }

  return groups;
}

export function formatCheckstyle(findings: readonly Finding[], context: PathContext): string {
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">\n';

  for (const [file, group] of groupByFile(findings)) {
    out += `  <file name="${xmlAttribute(relativePath(context.cwd, file))}">\n`;

    for (const f of group) {
      const source = `ngxlint.${f.ruleId}.${f.ruleName}`;

      out +=
        `    <error line="${f.line}" column="${f.column}" severity="${f.severity}" ` +
        `message="${xmlAttribute(`${f.message} [${f.ruleId}/${f.ruleName}]`)}" ` +
        `source="${xmlAttribute(source)}"/>\n`;
    }

    out += '  </file>\n';
  }

  return `${out}</checkstyle>\n`;
}
