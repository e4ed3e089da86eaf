import { apiPath, normalizeRegistryUrl, registryHost } from './registry-url';

describe('registry URL', () => {
  it.each([
    ['https://registry.example.com/', 'https://registry.example.com'],
    ['registry.example.com', 'https://registry.example.com'],
    ['registry.example.com:5000', 'https://registry.example.com:5000'],
    ['localhost:5000', 'http://localhost:5000'],
    ['127.0.0.1:5000', 'http://127.0.0.1:5000'],
    ['http://10.0.0.1:5000//', 'http://10.0.0.1:5000'],
    ['https://example.com/berth/', 'https://example.com/berth'],
    ['HTTPS://Example.COM:443', 'https://example.com'],
  ])('normalizes %s to %s', (input, url) => {
    expect(normalizeRegistryUrl(input)).toBe(url);
  });

  it.each(['ftp://x', 'https://u:p@x', 'https://x/?a=1', 'http://'])('refuses %s', (input) => {
    expect(() => normalizeRegistryUrl(input)).toThrow(/invalid registry URL/);
  });

  it('names the registry host with its port unless it is the default', () => {
    expect(registryHost('http://127.0.0.1:5000')).toBe('127.0.0.1:5000');
    expect(registryHost('https://registry.example.com')).toBe('registry.example.com');
    expect(registryHost('https://registry.example.com:8443/berth')).toBe('registry.example.com:8443');
  });

  it('percent-encodes each path segment', () => {
    expect(apiPath('projects', 'p', 'members', 'serviceaccount', 'team-b:ci')).toBe(
      '/api/v1/projects/p/members/serviceaccount/team-b%3Aci',
    );
    expect(apiPath('users', 'a/b', 'tokens', 'berth-cli@host')).toBe(
      '/api/v1/users/a%2Fb/tokens/berth-cli%40host',
    );
  });
});
