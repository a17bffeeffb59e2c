/** A problem with what the user asked for (bad flag, missing PATH, bad config): exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
