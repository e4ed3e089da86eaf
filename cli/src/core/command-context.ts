import { ApiClient, type Credentials } from './api-client';
import { CliError } from './cli-error';
import type { CliIo } from './cli-io';
import { configPath, readConfig, type BerthConfig } from './config-store';
import type { Output } from './output';
import { Prompter } from './prompter';
import { normalizeRegistryUrl } from './registry-url';

/** What a command works with: I/O, the output, the stored login and API clients. */
export class CommandContext {
  readonly prompter: Prompter;
  readonly configPath: string;
  private loaded = false;
  private cached?: BerthConfig;

  constructor(
    readonly io: CliIo,
    readonly out: Output,
    readonly version: string,
    /** `--url`, when given. */
    private readonly urlFlag: string | undefined,
  ) {
    this.prompter = new Prompter(io);
    this.configPath = configPath(io.env, io.homedir);
  }

  /** The stored login, if any. */
  config(): BerthConfig | undefined {
    if (!this.loaded) {
      this.cached = readConfig(this.configPath);
      this.loaded = true;
    }
    return this.cached;
  }

  /** The stored login; an error when there is none. */
  login(): BerthConfig {
    const config = this.config();
    if (!config) throw new CliError("not logged in: run 'berth login URL' first");
    return config;
  }

  /** `--url`, else the URL of the stored login. */
  registryUrl(): string {
    if (this.urlFlag !== undefined) return normalizeRegistryUrl(this.urlFlag);
    const config = this.config();
    if (!config) throw new CliError("no registry: run 'berth login URL' first, or pass --url URL");
    return normalizeRegistryUrl(config.url);
  }

  /**
   * A client for the registry, with the stored login's credentials (username + API token) when
   * it is for this registry; the stored token is never sent to a URL other than the login's.
   */
  api(): ApiClient {
    const url = this.registryUrl();
    const config = this.config();
    const ours = config !== undefined && normalizeRegistryUrl(config.url) === url;
    return this.client(url, ours ? { username: config.username, secret: config.token } : undefined);
  }

  client(url: string, credentials?: Credentials): ApiClient {
    return new ApiClient(
      url,
      credentials,
      this.io.fetch,
      `berth-cli/${this.version} node/${process.versions.node}`,
    );
  }
}
