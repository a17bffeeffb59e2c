// nginx reads bytes, so invalid UTF-8 loads; editors, CI annotations and JSON tools do not
// show it faithfully, and it usually means a file saved in a legacy encoding.
import { defineRule } from '../src/engine/define.js';

export default defineRule({
  id: 'NGX006',
  name: 'invalid-utf8',
  description: 'Require config files to be valid UTF-8',
  severity: 'warning',
  tags: ['parse', 'encoding'],
  messages: {
    invalidUtf8: 'file is not valid UTF-8, expected UTF-8 text (nginx reads the bytes as they are)',
  },
  create: (context) => ({
    config(config) {
      for (const file of config.files) {
        if (!file.invalidUtf8) continue;

        context.report({
          messageId: 'invalidUtf8',
          location: { file: file.path, line: 1, column: 1, endLine: 1, endColumn: 1 },
        });
      }
    },
  }),
});
