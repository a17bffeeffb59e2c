// Security of the lint itself: the root guard that keeps reads inside the project root, and
// the escaping of everything a message or a source line shows of a file.
export {
  checkoutFileSystem,
  guardFileSystem,
  isInside,
  isOutsideRootError,
  OUTSIDE_ROOT_CODE,
  type CheckoutGuardOptions,
  type GuardedFileSystem,
  type RefusedAccess,
} from './root-guard.js';
export {
  escapeControl,
  escapeControlKeepingLines,
  excerpt,
  hasControl,
  EXCERPT_LENGTH,
} from './escape.js';
export { withStdinText } from './stdin-source.js';
