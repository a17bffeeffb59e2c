// Writes a small deployment tree to a temporary folder and lints it with the library API, so
// rule tests run on real parsed files.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { lint, type LintOptions } from '../../src/lint.js';
import type { Finding } from '../../src/engine/types.js';
import { tempDir } from '../helpers.js';

/** File contents by relative path; a value `{ link: target }` makes a symlink. */
export type Tree = Record<string, string | Buffer | { link: string }>;

export function writeTree(root: string, tree: Tree): void {
  for (const [path, content] of Object.entries(tree)) {
    const full = join(root, path);

    mkdirSync(dirname(full), { recursive: true });
    if (typeof content === 'object' && !Buffer.isBuffer(content)) symlinkSync(content.link, full);
    else writeFileSync(full, content);
  }
}

export interface TreeResult {
  findings: Finding[];
  notes: string[];
  root: string;
  /** Findings as `RULE file:line:col-endLine:endCol messageId`, paths relative to the tree. */
  summary: string[];
}

/** Lints `tree` written to a fresh folder; `path` (default `.`) is relative to it. */
export async function lintTree(
  tree: Tree,
  options: Partial<LintOptions> & { path?: string; only?: string[] } = {},
): Promise<TreeResult> {
  const dir = tempDir();

  try {
    writeTree(dir.path, tree);

    const notes: string[] = [];
    const result = await lint({
      env: {},
      ...options,
      paths: options.paths ?? [options.path ?? '.'],
      cwd: dir.path,
      note: (m) => notes.push(m),
    });
    const findings = result.findings.filter(
      (f) => !options.only || options.only.includes(f.ruleId),
    );

    return {
      findings,
      notes,
      root: dir.path,
      summary: findings.map(
        (f) =>
          `${f.ruleId} ${relative(dir.path, f.file)}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.messageId}`,
      ),
    };
  } finally {
    dir.cleanup();
  }
}
