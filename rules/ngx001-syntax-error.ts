// nginx's own wording (`unexpected "}"`, `unexpected end of file, expecting ";" or "}"`), at
// the place nginx -t names.
import { parseErrorRule } from '../src/engine/parse-errors.js';

export default parseErrorRule({
  id: 'NGX001',
  name: 'syntax-error',
  description: 'Disallow configuration that nginx cannot parse',
  matches: (error) => error.kind === 'syntax',
});
