import { ConfigError, loadConfig } from './config-schema';

const schema = {
  PORT: { type: 'int', default: 5000, min: 1, max: 65535, description: 'port' },
  DRIVER: { type: 'enum', values: ['filesystem', 's3'], default: 'filesystem', description: 'driver' },
  ADDR: { type: 'address', default: '127.0.0.1:1', description: 'address' },
  FLAG: { type: 'bool', default: false, description: 'flag' },
  NAME: { type: 'string', required: true, description: 'a name' },
} as const;

describe('loadConfig', () => {
  it('applies defaults and parses values', () => {
    expect(loadConfig(schema, { NAME: 'x', PORT: '8080', FLAG: 'yes' })).toEqual({
      PORT: 8080,
      DRIVER: 'filesystem',
      ADDR: '127.0.0.1:1',
      FLAG: true,
      NAME: 'x',
    });
  });

  it('names every invalid or missing variable in one error', () => {
    const run = () => loadConfig(schema, { PORT: 'eighty', DRIVER: 'tape', ADDR: 'nohost', FLAG: 'maybe' });
    expect(run).toThrow(ConfigError);
    try {
      run();
    } catch (err) {
      const message = (err as Error).message;
      for (const v of [
        'PORT must be an integer',
        'DRIVER must be one of',
        'ADDR must be host:port',
        'FLAG must be true or false',
        'NAME is required',
      ])
        expect(message).toContain(v);
    }
  });

  it('enforces integer bounds', () => {
    expect(() => loadConfig(schema, { NAME: 'x', PORT: '70000' })).toThrow('PORT must be ≤ 65535');
  });
});
