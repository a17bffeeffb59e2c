// Expected findings written inline in fixtures: `# expect: NGX301` (or several codes,
// comma-separated) on the line a finding must be.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** `file:line CODE` for every marker in the folder's files. */
export function expectedMarkers(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const stat = lstatSync(path);

      if (stat.isSymbolicLink()) continue;
      if (stat.isDirectory()) visit(path);
      else {
        readFileSync(path, 'latin1')
          .split('\n')
          .forEach((line, i) => {
            const match = /#\s*expect:\s*([A-Z0-9, ]+)/.exec(line);

            for (const code of match?.[1]
              .split(',')
              .map((c) => c.trim())
              .filter(Boolean) ?? []) {
              out.push(`${relative(dir, path)}:${i + 1} ${code}`);
            }
          });
      }
    }
  };

  visit(dir);

  return out.sort();
}
