import { ErrorCode } from '@berth/errors';
import { normalizeRegistryServer } from './registry-server';

describe('normalizeRegistryServer', () => {
  it.each([
    ['quay.io', 'quay.io'],
    ['Quay.IO', 'quay.io'],
    ['https://index.docker.io/v1/', 'index.docker.io'],
    ['http://registry.example.com:5000/v2/', 'registry.example.com:5000'],
    ['registry.example.com:5000', 'registry.example.com:5000'],
    ['localhost:5000', 'localhost:5000'],
    ['10.0.0.7', '10.0.0.7'],
    ['[::1]:5000', '[::1]:5000'],
    ['[fd00::7]', '[fd00::7]'],
    ['  ghcr.io/owner  ', 'ghcr.io'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeRegistryServer(input)).toBe(expected);
  });

  it.each([
    '',
    'https://',
    'not a host',
    'user:pw@quay.io',
    'quay.io:0',
    'quay.io:65536',
    'quay.io:port',
    '-bad.example.com',
    'bad-.example.com',
    'quay..io',
    'quay.io?x=1',
    '::1',
    '[::1',
    'a'.repeat(64) + '.com',
    'quay\n.io',
  ])('rejects %j', (input) => {
    expect(() => normalizeRegistryServer(input)).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_ARGUMENT }),
    );
  });
});
