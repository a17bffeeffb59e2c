import type { RuleSettingInput } from '../engine/settings.js';
import type { Location } from '../engine/types.js';

/** ngxlint.config.json, as its JSON Schema (schemas/ngxlint.config.schema.json) describes it. */
export interface ProjectConfig {
  $schema?: string;
  app?: {
    port?: number;
    alternatePort?: number;
    /** Which launcher is the kept one (the port policy and launcher-duplicate follow it). */
    launcher?: string;
  };
  nginx?: {
    ports?: number[];
    /** Entry config, relative to the config file. */
    conf?: string;
    prefix?: string;
    context?: string;
    /** nginx version and loaded modules the directive checks follow. */
    version?: string;
    modules?: string[];
    /** false when nginx starts unprivileged (a server with no listen then takes *:8000). */
    asRoot?: boolean;
  };
  /** Absolute server paths mapped into the tree: { "/etc/nginx": "nginx" }. */
  pathMap?: Record<string, string>;
  rules?: Record<string, RuleSettingInput>;
}

export interface LoadedConfig {
  /** Absolute path of the file read; undefined when none was found. */
  file?: string;
  config: ProjectConfig;
  /** Where a key was written, by JSON pointer (`/app/port`). */
  locate(pointer: string): Location | undefined;
}
