// nginx follows an include cycle until it runs out of file descriptors; ngxlint stops at the
// include that closes the cycle.
import { isCycleError, parseErrorRule } from '../src/engine/parse-errors.js';

export default parseErrorRule({
  id: 'NGX003',
  name: 'include-cycle',
  description: 'Disallow includes that lead back to a file already being read',
  tags: ['parse', 'include'],
  matches: (error) => isCycleError(error),
});
