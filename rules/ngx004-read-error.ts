// A file nginx cannot read (permissions, I/O error, a folder or FIFO named by include) stops it
// at start.
import { isReadError, parseErrorRule } from '../src/engine/parse-errors.js';

export default parseErrorRule({
  id: 'NGX004',
  name: 'read-error',
  description: 'Disallow config files that cannot be read',
  matches: isReadError,
});
