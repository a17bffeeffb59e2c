// A tree often leaves out what every nginx package installs (mime.types, proxy_params,
// snippets/…): an include of such a file is assumed to work on the server.
import { defineRule } from '../src/engine/define.js';
import { isStockIncludeError } from '../src/include/stock.js';

export default defineRule({
  id: 'NGX007',
  name: 'stock-include-assumed',
  description: 'Report includes of stock nginx files that the tree lacks and are assumed present',
  severity: 'info',
  tags: ['include'],
  messages: {
    assumed: 'include "{{path}}" is not in the tree, assumed present as in every nginx install',
  },
  create: (context) => ({
    config(config) {
      for (const error of config.errors) {
        if (!isStockIncludeError(error, config)) continue;

        const include = error.include!;

        context.report({
          messageId: 'assumed',
          node: include,
          data: { path: include.args[0].value },
        });
      }
    },
  }),
});
