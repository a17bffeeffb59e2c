// A literal include that names no file stops nginx at start (a glob that matches nothing does
// not). Stock files every install has are NGX007's, an info.
import { isNotFoundError, parseErrorRule } from '../src/engine/parse-errors.js';
import { isStockIncludeError } from '../src/include/stock.js';

export default parseErrorRule({
  id: 'NGX002',
  name: 'include-not-found',
  description: 'Disallow an include of a file that does not exist',
  tags: ['parse', 'include'],
  matches: (error, config) => isNotFoundError(error) && !isStockIncludeError(error, config),
});
