/** Fills `{{name}}` placeholders; a missing value is a bug in the rule, so it throws. */
export function formatMessage(
  template: string,
  data: Record<string, string | number> = {},
): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (_, key: string) => {
    if (!(key in data)) throw new Error(`message placeholder "${key}" has no value`);

    return String(data[key]);
  });
}
