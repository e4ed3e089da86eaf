import { cell, Output } from './output';

function capture(format: 'text' | 'json') {
  const io = { out: '', err: '' };
  const output = new Output(
    { stdout: { write: (s: string) => (io.out += s) }, stderr: { write: (s: string) => (io.err += s) } },
    format,
  );
  return { io, output };
}

describe('Output', () => {
  it('aligns table columns with two spaces and capital headers, "-" for empty cells', () => {
    const { io, output } = capture('text');
    output.table(
      ['name', 'public', 'repositories'],
      [
        ['team-a', false, 3],
        ['base-images-long', true, undefined],
      ],
      'No projects.',
    );
    expect(io.out).toBe(
      [
        'NAME              PUBLIC  REPOSITORIES',
        'team-a            no      3',
        'base-images-long  yes     -',
        '',
      ].join('\n'),
    );
    expect(io.err).toBe('');
  });

  it('says on stderr that a table is empty, keeping stdout empty', () => {
    const { io, output } = capture('text');
    output.table(['name'], [], 'No projects.');
    expect(io).toEqual({ out: '', err: 'No projects.\n' });
  });

  it('aligns key: value lines', () => {
    const { io, output } = capture('text');
    output.fields([
      ['name', 'team-a'],
      ['registry admin', true],
      ['groups', ''],
    ]);
    expect(io.out).toBe('name:           team-a\nregistry admin: yes\ngroups:         -\n');
  });

  it('prints the response as indented JSON with -o json, and the text otherwise', () => {
    const json = capture('json');
    json.output.result({ a: [1] }, () => json.output.line('text'));
    expect(json.io.out).toBe('{\n  "a": [\n    1\n  ]\n}\n');
    const text = capture('text');
    text.output.result({ a: [1] }, () => text.output.line('text'));
    expect(text.io.out).toBe('text\n');
  });

  it('renders cells', () => {
    expect([cell(null), cell(undefined), cell(''), cell(0), cell(false), cell('x')]).toEqual([
      '-',
      '-',
      '-',
      '0',
      'no',
      'x',
    ]);
  });
});
