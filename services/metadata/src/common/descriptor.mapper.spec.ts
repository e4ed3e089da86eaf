import { descriptorFromProto, descriptorToProto } from './descriptor.mapper';

describe('descriptor mapping', () => {
  it('treats empty optional proto strings as absent', () => {
    expect(
      descriptorFromProto({
        mediaType: 'm',
        digest: 'sha256:x',
        size: 3,
        artifactType: '',
        annotations: { a: 'b' },
        platform: { os: 'linux', architecture: 'arm64', variant: '' },
      }),
    ).toEqual({
      mediaType: 'm',
      digest: 'sha256:x',
      size: 3,
      artifactType: undefined,
      annotations: { a: 'b' },
      platform: { os: 'linux', architecture: 'arm64', variant: undefined },
    });
    expect(
      descriptorFromProto({
        mediaType: 'm',
        digest: 'd',
        size: 0,
        annotations: {},
        platform: { os: '', architecture: '', variant: '' },
      }).platform,
    ).toBeUndefined();
  });

  it('maps back with proto defaults', () => {
    expect(
      descriptorToProto({
        mediaType: 'm',
        digest: 'd',
        size: 1,
        annotations: {},
        platform: { os: 'linux', architecture: 'amd64' },
      }),
    ).toEqual({
      mediaType: 'm',
      digest: 'd',
      size: 1,
      artifactType: undefined,
      annotations: {},
      platform: { os: 'linux', architecture: 'amd64', variant: '' },
    });
  });
});
