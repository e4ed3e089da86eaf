import type { CommandContext } from './command-context';
import { UsageError } from './cli-error';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** The value's placeholder in the help, e.g. `N`. */
  value?: string;
  description: string;
}

export interface CommandSpec {
  name: string;
  /** One line for the listings and the top of the help. */
  summary: string;
  /** More help text, shown under the summary. */
  description?: string;
  /** Positional arguments; `[X]` is optional. */
  args: string[];
  /** What follows `berth <command>` in the usage line. */
  usage: string;
  options?: Record<string, OptionSpec>;
  examples: string[];
  run(ctx: CommandContext, input: CommandInput): Promise<void>;
}

export interface GroupSpec {
  name: string;
  aliases?: string[];
  summary: string;
  commands: CommandSpec[];
  examples: string[];
}

export type TopLevelSpec = CommandSpec | GroupSpec;

export function isGroup(spec: TopLevelSpec): spec is GroupSpec {
  return 'commands' in spec;
}

export type FlagValues = Record<string, string | boolean | string[] | undefined>;

/** A command's parsed arguments and flags. */
export class CommandInput {
  constructor(
    /** e.g. `user create`, for messages. */
    readonly command: string,
    readonly args: string[],
    private readonly flags: FlagValues,
  ) {}

  string(name: string): string | undefined {
    const v = this.flags[name];
    return typeof v === 'string' ? v : undefined;
  }

  bool(name: string): boolean {
    return this.flags[name] === true;
  }

  list(name: string): string[] {
    const v = this.flags[name];
    return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  }

  /** A flag that must be given, e.g. `required('project', '-n PROJECT')`. */
  required(name: string, label: string): string {
    const v = this.string(name);
    if (v === undefined || v === '') throw this.usage(`missing ${label}`);
    return v;
  }

  /** A non-negative integer flag. */
  integer(name: string, label: string): number | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    if (!/^\d{1,9}$/.test(v)) throw this.usage(`${label} must be a whole number, not ${JSON.stringify(v)}`);
    return Number(v);
  }

  /** One of the allowed values of a positional argument or flag. */
  oneOf<T extends string>(value: string, allowed: readonly T[], label: string): T {
    if (!(allowed as readonly string[]).includes(value)) {
      throw this.usage(`${label} must be ${allowed.join(' or ')}, not ${JSON.stringify(value)}`);
    }
    return value as T;
  }

  usage(message: string): UsageError {
    return new UsageError(message, this.command);
  }
}
