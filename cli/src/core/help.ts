import type { CommandSpec, GroupSpec, OptionSpec, TopLevelSpec } from './command';
import { isGroup } from './command';

/** Flags every command accepts. */
export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  output: {
    type: 'string',
    short: 'o',
    value: 'FORMAT',
    description: 'output format: text (default) or json',
  },
  url: {
    type: 'string',
    value: 'URL',
    description: 'registry URL (default: the one of berth login; the stored login is sent only there)',
  },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

function optionLines(options: Record<string, OptionSpec>): string[] {
  const heads = Object.entries(options).map(([name, o]) => {
    const short = o.short ? `-${o.short}, ` : '    ';
    return `  ${short}--${name}${o.value ? ` ${o.value}` : ''}`;
  });
  const width = Math.max(...heads.map((h) => h.length)) + 3;
  return Object.values(options).map((o, i) => `${heads[i].padEnd(width)}${o.description}`);
}

function listLines(items: Array<[string, string]>): string[] {
  const width = Math.max(...items.map(([n]) => n.length)) + 3;
  return items.map(([n, s]) => `  ${n.padEnd(width)}${s}`);
}

export function commandHelp(path: string, spec: CommandSpec): string {
  const lines = [spec.summary, ''];
  if (spec.description) lines.push(spec.description, '');
  lines.push('Usage:', `  berth ${path}${spec.usage ? ` ${spec.usage}` : ''}`, '');
  if (spec.options && Object.keys(spec.options).length > 0) {
    lines.push('Flags:', ...optionLines(spec.options), '');
  }
  lines.push('Global flags:', ...optionLines(GLOBAL_OPTIONS), '');
  lines.push(spec.examples.length > 1 ? 'Examples:' : 'Example:', ...spec.examples.map((e) => `  ${e}`));
  return `${lines.join('\n')}\n`;
}

export function groupHelp(group: GroupSpec): string {
  const lines = [group.summary, '', 'Usage:', `  berth ${group.name} COMMAND [flags]`, ''];
  if (group.aliases?.length) lines.push(`Aliases: ${group.aliases.join(', ')}`, '');
  lines.push('Commands:', ...listLines(group.commands.map((c) => [c.name, c.summary])), '');
  lines.push('Global flags:', ...optionLines(GLOBAL_OPTIONS), '');
  lines.push(
    group.examples.length > 1 ? 'Examples:' : 'Example:',
    ...group.examples.map((e) => `  ${e}`),
    '',
  );
  lines.push(`Run 'berth ${group.name} COMMAND --help' for a command's arguments and flags.`);
  return `${lines.join('\n')}\n`;
}

export function rootHelp(entries: TopLevelSpec[]): string {
  const lines = [
    'berth: the command-line client of the Berth container registry.',
    '',
    'Usage:',
    '  berth COMMAND [flags]',
    '',
    'Commands:',
    ...listLines(entries.map((e) => [isGroup(e) ? `${e.name} ...` : e.name, e.summary])),
    '',
    'Global flags:',
    ...optionLines({ ...GLOBAL_OPTIONS, version: { type: 'boolean', description: 'print the version' } }),
    '',
    'Example:',
    '  berth login https://registry.example.com -u alice',
    '',
    "Run 'berth COMMAND --help' for a command's arguments and flags.",
    'The login is kept in ~/.berth/config.json ($BERTH_CONFIG overrides).',
  ];
  return `${lines.join('\n')}\n`;
}
