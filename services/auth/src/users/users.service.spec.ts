import { ErrorCode } from '@berth/errors';
import { Logger } from '@nestjs/common';
import { PasswordHasher } from './password-hasher';
import type { UserWithCredentials } from './user';
import type { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { VerificationCache } from './verification-cache';

describe('UsersService.authenticate', () => {
  const hasher = new PasswordHasher({ N: 2 ** 10, r: 8, p: 1 });
  let users: Map<string, UserWithCredentials>;
  let service: UsersService;
  let verify: jest.SpyInstance;
  let warn: jest.SpyInstance;

  beforeEach(async () => {
    const passwordHash = await hasher.hash('s3cret');
    const base = {
      isAdmin: false,
      disabled: false,
      createdAt: new Date(),
      updatedAt: new Date(),
      passwordHash,
    };
    users = new Map([
      ['admin', { ...base, id: 'u1', username: 'admin', isAdmin: true }],
      ['off', { ...base, id: 'u2', username: 'off', disabled: true }],
    ]);
    const repo = {
      findByUsername: async (name: string) => users.get(name) ?? null,
    } as unknown as UsersRepository;
    service = new UsersService(repo, hasher, new VerificationCache());
    verify = jest.spyOn(hasher, 'verify');
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('authenticates a user, case-insensitively', async () => {
    await expect(service.authenticate('Admin', 's3cret', '10.0.0.1')).resolves.toEqual({
      kind: 'user',
      subject: 'admin',
      userId: 'u1',
      username: 'admin',
      isAdmin: true,
    });
  });

  it('runs scrypt once for a burst of logins with the same credentials', async () => {
    for (let i = 0; i < 5; i++) await service.authenticate('admin', 's3cret', '10.0.0.1');
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('never caches a failed verification', async () => {
    for (let i = 0; i < 3; i++) {
      await expect(service.authenticate('admin', 'wrong', '10.0.0.1')).rejects.toMatchObject({
        code: ErrorCode.UNAUTHORIZED,
      });
    }
    expect(verify).toHaveBeenCalledTimes(3);
  });

  it('re-verifies once the stored password changed', async () => {
    await service.authenticate('admin', 's3cret', '10.0.0.1');
    users.get('admin')!.passwordHash = await hasher.hash('new-password');
    await expect(service.authenticate('admin', 's3cret', '10.0.0.1')).rejects.toMatchObject({
      code: ErrorCode.UNAUTHORIZED,
    });
    await expect(service.authenticate('admin', 'new-password', '10.0.0.1')).resolves.toMatchObject({
      subject: 'admin',
    });
  });

  it('rejects a disabled user even with the right password', async () => {
    await expect(service.authenticate('off', 's3cret', '10.0.0.1')).rejects.toMatchObject({
      code: ErrorCode.UNAUTHORIZED,
      message: 'user is disabled',
    });
  });

  it('rejects an unknown user after spending the same work as for a known one', async () => {
    await expect(service.authenticate('nobody', 's3cret', '10.0.0.1')).rejects.toMatchObject({
      code: ErrorCode.UNAUTHORIZED,
    });
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('rejects invalid usernames, reserved names and empty secrets without a lookup', async () => {
    for (const [name, secret] of [
      ['anonymous', 'x'],
      ['bad name', 'x'],
      ['admin', ''],
    ]) {
      await expect(service.authenticate(name, secret, '10.0.0.1')).rejects.toMatchObject({
        code: ErrorCode.UNAUTHORIZED,
      });
    }
    expect(verify).not.toHaveBeenCalled();
  });

  it('logs failed logins with username and client address only', async () => {
    await service.authenticate('admin', 'wrong-secret', '10.0.0.9').catch(() => undefined);
    expect(warn).toHaveBeenCalledWith('login failed: user="admin" ip="10.0.0.9"');
    expect(JSON.stringify(warn.mock.calls)).not.toContain('wrong-secret');
  });
});
