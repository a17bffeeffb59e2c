// Env files hold secrets: no report quotes a value of one, whatever else the file is (a file
// nginx includes too, a script a unit names as its EnvironmentFile=), shows one of its lines,
// or fixes anything in it.
import type { Deployment } from '../deploy/types.js';
import type { Finding } from '../engine/types.js';

type ReadSource = (file: string) => string | undefined;

/** The findings and the source reader of a run, with every env file of the deployment hidden. */
export function hideEnvFiles(
  findings: Finding[],
  readSource: ReadSource,
  deployment: Deployment | undefined,
): { findings: Finding[]; readSource: ReadSource } {
  const envFiles = envFilesOf(deployment);

  return {
    findings: findings.map((f) => (envFiles.has(f.file) ? withoutEnvText(f) : f)),
    // The text format knows `.env` names by itself; this covers every other name.
    readSource: (file) => (envFiles.has(file) ? undefined : readSource(file)),
  };
}

/** Every file the deployment read as an env file, whatever its name or other kind. */
export function envFilesOf(deployment: Deployment | undefined): Set<string> {
  return new Set([
    ...(deployment?.files.filter((f) => f.kind === 'env').map((f) => f.path) ?? []),
    ...(deployment?.envFiles.map((f) => f.path) ?? []),
  ]);
}

/** A finding in an env file quotes nothing of it and fixes nothing in it: its words are values. */
function withoutEnvText(finding: Finding): Finding {
  const { fixes: _fixes, ...rest } = finding;

  // Punctuation nginx expects (`";"`, `"}"`) is no value, nor is a rule code, alone or in
  // a suppression comment's words (`"ngxlint-disable-line NGX312"`).
  const message = finding.message.replace(/"([^"]*)"/g, (quoted, inner: string) =>
    /^[;{}]$/.test(inner) || /^(ngxlint-[a-z-]+ )?NGX\d{3}(,? NGX\d{3})*$/.test(inner)
      ? quoted
      : '"…"',
  );

  return { ...rest, message };
}
