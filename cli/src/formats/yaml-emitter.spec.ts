import { readYaml } from '../testing/read-yaml';
import { toYaml, yamlScalar } from './yaml-emitter';

describe('toYaml', () => {
  it('writes nested mappings, two spaces a level, in the given order', () => {
    const value = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'a-b', labels: { 'app.kubernetes.io/name': 'x' } },
    };
    const text = toYaml(value);
    expect(text).toBe(
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: a-b\n  labels:\n    app.kubernetes.io/name: x\n',
    );
    expect(readYaml(text)).toEqual(value);
  });

  it('quotes what YAML would read as something else, or cannot read plainly', () => {
    const tricky = [
      'yes',
      'No',
      'on',
      'null',
      '~',
      '123',
      '0x1f',
      '1e3',
      '.5',
      '-x',
      '',
      ' a',
      'a: b',
      'a #b',
      '#x',
      '127.0.0.1:5000',
      'é',
      'a\nb',
      '"q"',
      '*ref',
      '&a',
      '!tag',
      '{x}',
      '[x]',
      '@at',
      '%p',
      '`b',
      "'s",
      '=x',
      '.inf',
      '+1',
      'y',
      'N',
    ];
    const breaks = ['\u2028', 'x\u0085y', '\u007f', '\ufeffbom', 'a\u2029'];
    for (const s of [...tricky, ...breaks]) {
      const out = yamlScalar(s);
      expect(out.startsWith('"')).toBe(true);
      expect(JSON.parse(out)).toBe(s);
      // YAML reads these as line breaks or refuses them raw: they must be escaped.
      const raw = [...out].filter((c) => {
        const n = c.codePointAt(0)!;
        return n < 0x20 || (n >= 0x7f && n <= 0x9f) || n === 0x2028 || n === 0x2029 || n === 0xfeff;
      });
      expect(raw).toEqual([]);
    }
    for (const s of [
      'v1',
      'Secret',
      'kubernetes.io/dockerconfigjson',
      '.dockerconfigjson',
      'team-a-ci-pull-secret',
      'eyJh+b/c==',
      'a_b',
    ]) {
      expect(yamlScalar(s)).toBe(s);
    }
  });

  it('reads back keys and values of every kind of character', () => {
    const value = { 'a:b': 'c: d', 'x y': '"quoted" \\ \t tab', empty: {}, n: 'null', num: '42' };
    expect(readYaml(toYaml(value))).toEqual(value);
  });

  it('writes numbers, booleans, null, arrays, and leaves out undefined members', () => {
    expect(toYaml({ a: 1, b: true, c: null, d: undefined, e: ['x', { f: 'g', h: 'i' }], k: [] })).toBe(
      'a: 1\nb: true\nc: null\ne:\n- x\n- f: g\n  h: i\nk: []\n',
    );
  });
});
