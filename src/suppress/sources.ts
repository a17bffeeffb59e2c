// Which comment syntax each file of a run is written in: nginx files from the parsed
// configs, the deployment's files by the kind src/deploy found.
import { basename, extname } from 'node:path';
import type { Project } from '../engine/types.js';
import type { CommentSyntax } from './comments.js';

export interface SuppressionSource {
  path: string;
  syntax: CommentSyntax;
}

const DEPLOY_SYNTAX: Record<string, CommentSyntax> = {
  'systemd-unit': 'systemd',
  'systemd-dropin': 'systemd',
  shell: 'shell',
  env: 'env',
  procfile: 'line-hash',
  supervisor: 'ini',
  crontab: 'line-hash',
  compose: 'yaml',
  python: 'python',
};

/** Every file a run read, nginx first, each once. */
export function sourcesOfProject(project: Project): SuppressionSource[] {
  const sources = new Map<string, CommentSyntax>();

  for (const config of project.configs) {
    for (const file of config.files) if (!sources.has(file.path)) sources.set(file.path, 'nginx');
  }

  const deployment = project.deployment as { files?: { path: string; kind: string }[] } | undefined;

  for (const file of deployment?.files ?? []) {
    if (!sources.has(file.path)) sources.set(file.path, DEPLOY_SYNTAX[file.kind] ?? 'line-hash');
  }

  return [...sources].map(([path, syntax]) => ({ path, syntax }));
}

/** A guess from the name, for a file with findings that no stage listed. */
export function syntaxForPath(path: string): CommentSyntax {
  const name = basename(path);
  const ext = extname(name);

  if (/^\.env(\..*)?$/.test(name) || ext === '.env') return 'env';
  if (['.service', '.socket', '.timer', '.target', '.path', '.mount'].includes(ext))
    return 'systemd';
  if (ext === '.sh' || ext === '.bash') return 'shell';
  if (ext === '.py') return 'python';
  if (ext === '.yml' || ext === '.yaml') return 'yaml';
  if (ext === '.ini') return 'ini';

  return 'nginx';
}
