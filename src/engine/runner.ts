import { relative, sep } from 'node:path';
import {
  nameRangeOf,
  rangeOf,
  type Directive,
  type ParsedConfig,
  type Range,
} from '../syntax/tree.js';
import { walkConfig, walkListOf, type WalkPath } from '../syntax/walk.js';
import { fingerprintBase, uniquifyFingerprints } from './fingerprint.js';
import { formatMessage } from './messages.js';
import { isSeverity, type RuleSetting } from './settings.js';
import type {
  Finding,
  Location,
  Project,
  RelatedLocation,
  ReportDescriptor,
  RuleDefinition,
  RuleVisitors,
} from './types.js';
import { getOrAdd } from '../memo.js';

type DirectiveHandler = NonNullable<RuleVisitors['directive']>;

interface ActiveRule {
  rule: RuleDefinition<any>;
  visitors: RuleVisitors;
}

/**
 * Runs the enabled rules over a project: one walk per parsed config, each directive handed to
 * the rules that asked for its name, then every rule's `end`. Returns sorted, de-duplicated
 * findings with fingerprints that are unique within the run.
 */
export function runRules(
  project: Project,
  rules: readonly RuleDefinition<any>[],
  settings: Map<string, RuleSetting>,
): Finding[] {
  const findings: Finding[] = [];
  const paths = new PathIndex(project.configs);
  const active: ActiveRule[] = [];
  // Findings and messages name the same few files over and over: path.relative once per file.
  const rootPaths = new Map<string, string>();
  const rootPath = (file: string) =>
    getOrAdd(rootPaths, file, () => toRootPath(project.root, file));

  for (const rule of rules) {
    const setting = settings.get(rule.id);

    if (!setting || !isSeverity(setting.severity)) continue;

    const severity = setting.severity;
    const context = {
      project,
      severity,
      relativePath: rootPath,
      report: (descriptor: ReportDescriptor) => {
        findings.push(
          buildFinding(
            rootPath,
            rule,
            descriptor,
            paths,
            setting.explicit ? severity : undefined,
            severity,
          ),
        );
      },
    };

    active.push({ rule, visitors: rule.create(context, setting.options) });
  }

  const byName = new Map<string, DirectiveHandler[]>();
  const everyDirective: DirectiveHandler[] = [];

  for (const { rule, visitors } of active) {
    if (!visitors.directive) continue;

    if (!rule.directives) everyDirective.push(visitors.directive);

    for (const name of rule.directives ?? []) {
      byName.set(name, [...(byName.get(name) ?? []), visitors.directive]);
    }
  }

  for (const config of project.configs) {
    for (const { visitors } of active) visitors.config?.(config);

    paths.enter(config);
    walkConfig(config, (directive, path) => {
      paths.advance();

      for (const handler of everyDirective) handler(directive, path, config);
      for (const handler of byName.get(directive.name) ?? []) handler(directive, path, config);
    });
  }

  for (const { visitors } of active) visitors.end?.();

  return finalize(findings);
}

/**
 * Where the walk first reached each directive, for findings reported with a node but no path.
 * Clean runs never ask, so the index is built on the first question, and only up to where the
 * walk has got (a node not reached yet has no path, as when it was recorded on the way). It is
 * kept per file in walk order: a file walked once lists its directives by position, so a
 * lookup is a binary search (a Map keyed by 300k directives cost more than the rules).
 */
class PathIndex {
  private readonly byFile = new Map<string, FileEntries>();
  private config = -1;
  private reached = 0;
  private indexedConfig = 0;
  private indexed = 0;

  constructor(private readonly configs: readonly ParsedConfig[]) {}

  enter(config: ParsedConfig): void {
    this.config = this.configs.indexOf(config, this.config + 1);
    this.reached = 0;
  }

  advance(): void {
    this.reached += 1;
  }

  get(directive: Directive): WalkPath | undefined {
    this.extend();

    const entries = this.byFile.get(directive.file);

    if (!entries) return undefined;
    if (!entries.ordered) {
      const at = entries.directives.indexOf(directive);

      return at < 0 ? undefined : entries.paths[at];
    }

    const at = positionOf(entries.directives, directive);

    return at < 0 ? undefined : entries.paths[at];
  }

  private extend(): void {
    let last: FileEntries | undefined;

    for (; this.indexedConfig <= this.config; this.indexedConfig += 1, this.indexed = 0) {
      const { directives, paths } = walkListOf(this.configs[this.indexedConfig]);
      const end = this.indexedConfig === this.config ? this.reached : directives.length;

      for (; this.indexed < end; this.indexed += 1) {
        const node = directives[this.indexed];

        if (last?.file !== node.file) last = this.entriesOf(node.file);

        const previous = last.directives.at(-1);

        if (previous && !(comparePosition(previous, node) < 0)) last.ordered = false;
        last.directives.push(node);
        last.paths.push(paths[this.indexed]);
      }

      if (this.indexedConfig === this.config) break;
    }
  }

  private entriesOf(file: string): FileEntries {
    let entries = this.byFile.get(file);

    if (!entries) {
      entries = { file, directives: [], paths: [], ordered: true };
      this.byFile.set(file, entries);
    }

    return entries;
  }
}

interface FileEntries {
  file: string;
  directives: Directive[];
  paths: WalkPath[];
  /** Positions only grow: the file was walked once, and a binary search finds a directive. */
  ordered: boolean;
}

function comparePosition(a: Range, b: Range): number {
  return a.line - b.line || a.column - b.column;
}

function positionOf(directives: Directive[], directive: Directive): number {
  let low = 0;
  let high = directives.length - 1;

  while (low <= high) {
    const middle = (low + high) >> 1;
    const order = comparePosition(directives[middle], directive);

    if (order === 0) return directives[middle] === directive ? middle : -1;
    if (order < 0) low = middle + 1;
    else high = middle - 1;
  }

  return -1;
}

function buildFinding(
  rootPath: (file: string) => string,
  rule: RuleDefinition<any>,
  descriptor: ReportDescriptor,
  paths: PathIndex,
  forced: Finding['severity'] | undefined,
  fallback: Finding['severity'],
): Finding {
  const template = rule.messages[descriptor.messageId];

  if (template === undefined) {
    throw new Error(`rule ${rule.id} reported unknown message id "${descriptor.messageId}"`);
  }

  const location = descriptor.location ?? (descriptor.node && anchorOf(descriptor.node));

  if (!location) throw new Error(`rule ${rule.id} reported without a node or location`);

  const path = descriptor.path ?? (descriptor.node ? paths.get(descriptor.node) : undefined);
  // The include chain is part of where a finding is: SARIF readers show how a file was reached.
  // (concat: an array filled by push keeps room for 16 locations, and findings stay.)
  const related: RelatedLocation[] = (descriptor.related ?? []).concat(
    (path?.includeChain ?? []).map(includedFrom),
  );

  const fingerprint = fingerprintBase({
    ruleId: rule.id,
    file: rootPath(location.file),
    messageId: descriptor.messageId,
    anchor: descriptor.node ? writtenText(descriptor.node) : `column ${location.column}`,
    context: path ? contextText(path) : '',
    key: descriptor.key,
  });

  return {
    ruleId: rule.id,
    ruleName: rule.name,
    messageId: descriptor.messageId,
    severity: forced ?? descriptor.severity ?? fallback,
    message: formatMessage(template, descriptor.data),
    file: location.file,
    line: location.line,
    column: location.column,
    endLine: location.endLine,
    endColumn: location.endColumn,
    related,
    fingerprint,
    ...(descriptor.fixes ? { fixes: descriptor.fixes } : {}),
  };
}

/** Where a directive is shown: the whole statement, or a block's head without its body. */
export function anchorOf(directive: Directive): Location {
  if (!directive.block) return { file: directive.file, ...rangeOf(directive) };

  const last = directive.args.at(-1) ?? nameRangeOf(directive);

  return {
    file: directive.file,
    line: directive.line,
    column: directive.column,
    endLine: last.endLine,
    endColumn: last.endColumn,
  };
}

// Every finding in an included file names its include: one location object per include, which
// findings share and nothing changes.
const includeSites = new WeakMap<Directive, RelatedLocation>();

function includedFrom(include: Directive): RelatedLocation {
  return getOrAdd(includeSites, include, () => ({
    ...anchorOf(include),
    message: 'included from here',
  }));
}

// Findings in one block share its WalkPath: write its enclosing blocks out once.
const contextTexts = new WeakMap<WalkPath, string>();

function contextText(path: WalkPath): string {
  return getOrAdd(contextTexts, path, () => path.ancestors.map(writtenText).join(' > '));
}

function writtenText(directive: Directive): string {
  return [directive.name, ...directive.args.map((a) => a.raw)].join(' ');
}

/** A path as messages and SARIF show it: relative to the root, `/`-separated. */
export function toRootPath(root: string, file: string): string {
  const rel = relative(root, file);

  if (rel === '' || rel.startsWith('..')) return file.split(sep).join('/');

  return rel.split(sep).join('/');
}

function finalize(findings: Finding[]): Finding[] {
  const unique = new Map<string, Finding>();

  // A file linted in two configs (a snippet included by two fragments) reports once.
  for (const finding of findings) {
    const key = [finding.ruleId, finding.file, finding.line, finding.column, finding.message].join(
      '\0',
    );

    if (!unique.has(key)) unique.set(key, finding);
  }

  const sorted = [...unique.values()].sort(compareFindings);

  uniquifyFingerprints(sorted);

  return sorted;
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;

  return a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);
}
