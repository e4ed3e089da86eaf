import type { CommandSpec, GroupSpec } from '../core/command';

interface RotateSigningKeyResponse {
  keyId: string;
  retiredKeyIds: string[];
  retiredKeysExpireAt: string;
}

const rotate: CommandSpec = {
  name: 'rotate',
  summary: 'Sign access tokens with a new key from now on (registry administrators)',
  description:
    'Tokens signed with the retired keys stay valid until they expire, so nobody is logged out. ' +
    'Needs a password or API token login (berth login), not an access token.',
  args: [],
  usage: '',
  examples: ['berth signing-key rotate', 'berth signing-key rotate -o json'],
  async run(ctx) {
    const res = await ctx.api().post<RotateSigningKeyResponse>('/api/v1/signing-keys/rotate', {});
    ctx.out.result(res, () =>
      ctx.out.fields([
        ['key', res.keyId],
        ['retired', res.retiredKeyIds.join(', ') || '(none)'],
        ['retired keys verify until', res.retiredKeysExpireAt],
      ]),
    );
  },
};

export const signingKeyGroup: GroupSpec = {
  name: 'signing-key',
  aliases: ['signing-keys'],
  summary: 'Keys that sign access tokens',
  commands: [rotate],
  examples: ['berth signing-key rotate'],
};
