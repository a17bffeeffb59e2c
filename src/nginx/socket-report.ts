// How the listen-socket rules (NGX020–NGX024) report: at the listen (or at the server block
// for nginx's implicit listen), with the earlier listen it clashes with as related.
import { anchorOf } from '../engine/runner.js';
import type { Location, RelatedLocation, RuleContext } from '../engine/types.js';
import type { ParsedConfig } from '../syntax/tree.js';
import {
  nginxAddressText,
  socketModelOf,
  type ListenEntry,
  type SocketModel,
  type SocketProblem,
} from './sockets.js';

/** The socket model for the project's target (nginx.version, and whether nginx runs as root). */
export function projectSockets(context: RuleContext, config: ParsedConfig): SocketModel {
  const { project } = context;

  return socketModelOf(config, {
    asRoot: project.policy?.nginxAsRoot ?? true,
    ...(project.nginx?.version ? { version: project.nginx.version } : {}),
  });
}

export function entryLocation(entry: ListenEntry): Location {
  return anchorOf(entry.directive ?? entry.server.block);
}

/** `file:line`, and the include that brought the line in when there is one. */
/** A listen entry as written, no line numbers: a fingerprint part that survives edits. */
export function entryKey(context: RuleContext, entry: ListenEntry): string {
  const at = entry.directive ?? entry.server.block;
  const include = entry.directive ? entry.includeChain.at(-1) : undefined;
  const text = (d: { name: string; args: { raw: string }[] }) =>
    `${d.name} ${d.args.map((a) => a.raw).join(' ')}`;

  return [context.relativePath(at.file), text(at), include && context.relativePath(include.file)]
    .filter(Boolean)
    .join(' ');
}

export function entryWhere(context: RuleContext, entry: ListenEntry): string {
  const at = entry.directive ?? entry.server.block;
  const include = entry.directive ? entry.includeChain.at(-1) : undefined;
  const via = include ? ` (included at ${context.relativePath(include.file)}:${include.line})` : '';

  return `${context.relativePath(at.file)}:${at.line}${via}`;
}

/** The clashing listen, and the include chain of the one reported, as related locations. */
export function relatedEntries(
  entry: ListenEntry,
  first: ListenEntry,
  message: string,
): RelatedLocation[] {
  return [
    { ...entryLocation(first), message },
    ...entry.includeChain.map((d) => ({ ...anchorOf(d), message: 'included from here' })),
  ];
}

type PairedProblem = Extract<SocketProblem, { first: ListenEntry }>;

/**
 * Reports every socket problem of one kind that pairs a listen with an earlier one (NGX020,
 * NGX021, NGX023): at the later listen, with the address, both places and the first as related.
 */
export function reportPairedProblems(
  context: RuleContext,
  config: ParsedConfig,
  kind: PairedProblem['kind'],
  report: { messageId: string; firstMessage: string },
): void {
  for (const p of projectSockets(context, config).problems) {
    if (p.kind !== kind) continue;

    context.report({
      messageId: report.messageId,
      data: {
        address: nginxAddressText(p.entry),
        first: entryWhere(context, p.first),
        at: entryWhere(context, p.entry),
      },
      location: entryLocation(p.entry),
      related: relatedEntries(p.entry, p.first, report.firstMessage),
      key: entryKey(context, p.entry),
    });
  }
}
