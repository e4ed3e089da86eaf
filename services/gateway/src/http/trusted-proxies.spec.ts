import Fastify from 'fastify';
import { ErrorCode } from '@berth/errors';
import { trustedProxiesOf } from './trusted-proxies';

describe('trustedProxiesOf', () => {
  it('trusts nothing by default', () => {
    expect(trustedProxiesOf('')).toBe(false);
    expect(trustedProxiesOf(' , ')).toBe(false);
  });

  it('accepts addresses and CIDR ranges of both families', () => {
    expect(trustedProxiesOf('10.0.0.0/8, 127.0.0.1,::1,fd00::/8')).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
      'fd00::/8',
    ]);
  });

  it.each(['true', '1', '10.0.0.0/33', 'fd00::/129', 'proxy.local', '10.0.0.0/x'])('refuses %s', (value) => {
    expect(() => trustedProxiesOf(value)).toThrow(
      expect.objectContaining({ code: ErrorCode.INVALID_ARGUMENT }),
    );
  });

  it('makes the client address the right-most untrusted X-Forwarded-For hop, whatever the client prepends', async () => {
    const app = Fastify({ trustProxy: trustedProxiesOf('127.0.0.1') as string[] });
    app.get('/', async (req) => ({ ip: req.ip }));
    const spoofed = await app.inject({
      method: 'GET',
      url: '/',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.7' },
    });
    expect(spoofed.json()).toEqual({ ip: '203.0.113.7' });
    // A request that does not come through the trusted proxy: its header is ignored.
    const direct = await app.inject({
      method: 'GET',
      url: '/',
      remoteAddress: '198.51.100.2',
      headers: { 'x-forwarded-for': '6.6.6.6' },
    });
    expect(direct.json()).toEqual({ ip: '198.51.100.2' });
    await app.close();
  });
});
