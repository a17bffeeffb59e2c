// Blocks nested deeper than the parser follows, or a token past nginx's length limit.
import { parseErrorRule } from '../src/engine/parse-errors.js';

export default parseErrorRule({
  id: 'NGX005',
  name: 'nesting-limit',
  description: 'Disallow configuration past the parser limits (nesting depth, token length)',
  matches: (error) => error.kind === 'limit',
});
