// The project config: discovery, validation against the shipped JSON Schema, positions.
export { loadProjectConfig, CONFIG_FILE_NAME, SCHEMA_PATH } from './load.js';
export { buildConfigSchema } from './schema.js';
export type { ProjectConfig, LoadedConfig } from './types.js';
