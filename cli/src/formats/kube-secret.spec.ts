import { dockerConfigJson, pullSecretManifest } from './kube-secret';
import { toYaml } from './yaml-emitter';
import { readYaml } from '../testing/read-yaml';

describe('pull secret manifest', () => {
  const options = {
    name: 'team-a-default-pull-secret',
    host: '127.0.0.1:5000',
    username: 'team-a+default',
    password: 'bsat_x_y',
  };

  it('holds the same .dockerconfigjson as `kubectl create secret docker-registry`', () => {
    // kubectl create secret docker-registry x --docker-server=127.0.0.1:5000 \
    //   --docker-username=team-a+default --docker-password=bsat_x_y --dry-run=client -o yaml
    const fromKubectl =
      'eyJhdXRocyI6eyIxMjcuMC4wLjE6NTAwMCI6eyJ1c2VybmFtZSI6InRlYW0tYStkZWZhdWx0IiwicGFzc3dvcmQiOiJic2F0X3hfeSIsImF1dGgiOiJkR1ZoYlMxaEsyUmxabUYxYkhRNlluTmhkRjk0WDNrPSJ9fX0=';
    expect(pullSecretManifest(options).data['.dockerconfigjson']).toBe(fromKubectl);
  });

  it('is a kubernetes.io/dockerconfigjson Secret, with a namespace only when given', () => {
    const secret = pullSecretManifest({ ...options, namespace: 'apps' });
    expect(secret).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'team-a-default-pull-secret', namespace: 'apps' },
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': expect.any(String) },
    });
    expect(pullSecretManifest(options).metadata).toEqual({ name: 'team-a-default-pull-secret' });
  });

  it('reads back from its YAML', () => {
    const secret = pullSecretManifest({ ...options, namespace: 'apps' });
    const doc = readYaml(toYaml(secret)) as typeof secret;
    expect(doc).toEqual(secret);
    const auths = JSON.parse(Buffer.from(doc.data['.dockerconfigjson'], 'base64').toString('utf8'));
    expect(auths).toEqual(dockerConfigJson('127.0.0.1:5000', 'team-a+default', 'bsat_x_y'));
    expect(Buffer.from(auths.auths['127.0.0.1:5000'].auth, 'base64').toString()).toBe(
      'team-a+default:bsat_x_y',
    );
  });
});
