import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError, UsageError } from './cli-error';
import type { CliIo } from './cli-io';
import { CommandContext } from './command-context';
import { CommandInput, isGroup, type CommandSpec, type OptionSpec, type TopLevelSpec } from './command';
import { commandHelp, GLOBAL_OPTIONS, groupHelp, rootHelp } from './help';
import { Output, type OutputFormat } from './output';

const GLOBAL_VALUE_FLAGS = new Set(['-o', '--output', '--url']);

interface Located {
  /** Command words, e.g. ['user', 'create']. */
  path: string[];
  entry?: TopLevelSpec;
  command?: CommandSpec;
  /** argv without the command words. */
  rest: string[];
}

/** Finds the command words in argv (global flags with values may come before them). */
function locate(argv: string[], entries: TopLevelSpec[]): Located {
  const out: Located = { path: [], rest: [] };
  let i = 0;
  for (; i < argv.length && !out.command; i++) {
    const token = argv[i];
    if (token === '--') break;
    if (token.startsWith('-') && token !== '-') {
      out.rest.push(token);
      if (GLOBAL_VALUE_FLAGS.has(token) && i + 1 < argv.length) out.rest.push(argv[++i]);
      continue;
    }
    if (!out.entry) {
      const entry = entries.find((e) => e.name === token || (isGroup(e) && e.aliases?.includes(token)));
      if (!entry) throw new UsageError(`unknown command ${JSON.stringify(token)}`);
      out.entry = entry;
      out.path.push(entry.name);
      if (!isGroup(entry)) out.command = entry;
    } else if (isGroup(out.entry)) {
      const command = out.entry.commands.find((c) => c.name === token);
      if (!command) {
        throw new UsageError(
          `unknown command ${JSON.stringify(`${out.entry.name} ${token}`)}`,
          out.entry.name,
        );
      }
      out.command = command;
      out.path.push(command.name);
    }
  }
  out.rest.push(...argv.slice(i));
  return out;
}

function wantsHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '-h' || a === '--help');
}

function parse(args: string[], options: Record<string, OptionSpec>, command: string) {
  const config: ParseArgsConfig['options'] = {};
  for (const [name, o] of Object.entries(options)) {
    config[name] = {
      type: o.type,
      ...(o.short ? { short: o.short } : {}),
      ...(o.multiple ? { multiple: true } : {}),
    };
  }
  try {
    return parseArgs({ args, options: config, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(parseErrorMessage(err as Error & { code?: string }), command);
  }
}

/** node:util's messages made short: "unknown flag --x", "flag --url needs a value". */
function parseErrorMessage(err: Error & { code?: string }): string {
  const option = /'(-[^']*)'/.exec(err.message)?.[1];
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown flag ${option}`;
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = /--[a-z0-9-]+/.exec(err.message)?.[0];
    if (/argument missing/.test(err.message) && name) return `flag ${name} needs a value`;
    if (/does not take an argument/.test(err.message) && name) return `flag ${name} takes no value`;
  }
  return err.message.split('. ')[0];
}

function outputFormat(value: string | undefined, command: string): OutputFormat {
  if (value === undefined || value === 'text') return 'text';
  if (value === 'json') return 'json';
  throw new UsageError(`-o must be text or json, not ${JSON.stringify(value)}`, command);
}

/** Runs one command line; returns the exit status (0, 1 for errors, 2 for usage errors). */
export async function runCli(
  argv: string[],
  io: CliIo,
  entries: TopLevelSpec[],
  version: string,
): Promise<number> {
  let ctx: CommandContext | undefined;
  try {
    const found = locate(argv, entries);
    const name = found.path.join(' ');
    const show = (text: string): number => {
      io.stdout.write(text);
      return 0;
    };
    if (!found.command) {
      if (found.entry && isGroup(found.entry)) {
        if (wantsHelp(found.rest)) return show(groupHelp(found.entry));
        parse(found.rest, GLOBAL_OPTIONS, name);
        throw new UsageError(`${name}: missing command`, name);
      }
      if (argv.length === 0 || wantsHelp(found.rest)) return show(rootHelp(entries));
      const root = parse(
        found.rest,
        { ...GLOBAL_OPTIONS, version: { type: 'boolean', description: '' } },
        '',
      );
      if (root.values['version']) return show(`berth ${version}\n`);
      throw new UsageError('missing command');
    }
    const spec = found.command;
    if (wantsHelp(found.rest)) return show(commandHelp(name, spec));
    const parsed = parse(found.rest, { ...GLOBAL_OPTIONS, ...spec.options }, name);
    const required = spec.args.filter((a) => !a.startsWith('[')).length;
    if (parsed.positionals.length < required) {
      throw new UsageError(`missing ${spec.args[parsed.positionals.length]}`, name);
    }
    if (parsed.positionals.length > spec.args.length) {
      throw new UsageError(
        `unexpected argument ${JSON.stringify(parsed.positionals[spec.args.length])}`,
        name,
      );
    }
    const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
    const format = outputFormat(values['output'] as string | undefined, name);
    ctx = new CommandContext(io, new Output(io, format), version, values['url'] as string | undefined);
    await spec.run(ctx, new CommandInput(name, parsed.positionals, values));
    return 0;
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr.write(`berth: ${err.message}\n`);
      return err.exitCode;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`berth: ${message}\n`);
    return 1;
  } finally {
    ctx?.prompter.close();
  }
}
