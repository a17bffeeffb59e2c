/** The user asked for something that cannot run (bad config file, unreadable PATH, nothing to
 * lint): the CLI reports it in one line and exits 2. Problems inside linted files are findings. */
export class LintInputError extends Error {
  override name = 'LintInputError';
}
