import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempHome } from '../testing/run-berth';
import {
  dockerConfigPath,
  loginFromDockerConfig,
  mergeRegistryAuth,
  normalizeServer,
  parseDockerConfig,
  type DockerConfig,
} from './docker-config';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const FILE = '/home/me/.docker/config.json';

describe('docker config.json', () => {
  it('is --to, else $DOCKER_CONFIG/config.json, else ~/.docker/config.json', () => {
    expect(dockerConfigPath({}, '/home/me')).toBe('/home/me/.docker/config.json');
    expect(dockerConfigPath({ DOCKER_CONFIG: '/etc/dk' }, '/home/me')).toBe('/etc/dk/config.json');
    expect(dockerConfigPath({ DOCKER_CONFIG: '/etc/dk' }, '/home/me', '/tmp/auth.json')).toBe(
      '/tmp/auth.json',
    );
  });

  it.each([
    ['https://index.docker.io/v1/', 'docker.io'],
    ['registry-1.docker.io', 'docker.io'],
    ['https://quay.io', 'quay.io'],
    ['Registry.Example.com:5000/v2/', 'registry.example.com:5000'],
    ['127.0.0.1:5000', '127.0.0.1:5000'],
  ])('names the registry of key %s as %s', (key, server) => {
    expect(normalizeServer(key)).toBe(server);
  });

  describe('login from a config (secret create --from-docker-config)', () => {
    const config: DockerConfig = {
      auths: {
        'https://index.docker.io/v1/': { auth: b64('hubuser:hub:pass:with:colons') },
        'quay.io': { username: 'quser', password: 'qpass', email: 'q@example.com' },
      },
    };

    it('decodes the auth field of the --docker-server entry, splitting at the first colon', () => {
      expect(loginFromDockerConfig(config, FILE, 'docker.io')).toEqual({
        server: 'docker.io',
        username: 'hubuser',
        password: 'hub:pass:with:colons',
      });
    });

    it('takes username, password and email fields', () => {
      expect(loginFromDockerConfig(config, FILE, 'https://quay.io/')).toEqual({
        server: 'quay.io',
        username: 'quser',
        password: 'qpass',
        email: 'q@example.com',
      });
    });

    it('takes the only entry without --docker-server; refuses to guess among several', () => {
      expect(loginFromDockerConfig({ auths: { 'r:5000': { auth: b64('u:p') } } }, FILE)).toEqual({
        server: 'r:5000',
        username: 'u',
        password: 'p',
      });
      expect(() => loginFromDockerConfig(config, FILE)).toThrow(
        `${FILE} holds credentials for several registries (https://index.docker.io/v1/, quay.io); choose one with --docker-server`,
      );
    });

    it('refuses entries kept by a credential helper, naming it', () => {
      const helperOnly: DockerConfig = { auths: { 'ghcr.io': {} }, credsStore: 'desktop' };
      expect(() => loginFromDockerConfig(helperOnly, FILE, 'ghcr.io')).toThrow(
        `${FILE} keeps the credentials for ghcr.io in docker-credential-desktop (credsStore); pass --docker-username and --docker-password instead`,
      );
      const perHost: DockerConfig = { credHelpers: { 'gcr.io': 'gcloud' } };
      expect(() => loginFromDockerConfig(perHost, FILE, 'gcr.io')).toThrow(
        `${FILE} keeps the credentials for gcr.io in docker-credential-gcloud (credHelpers); pass --docker-username and --docker-password instead`,
      );
      expect(() => loginFromDockerConfig(perHost, FILE)).toThrow(
        `${FILE} keeps its credentials in a credential helper (credsStore/credHelpers); pass --docker-username and --docker-password instead`,
      );
    });

    it('refuses identity tokens, missing hosts, broken auth and empty files', () => {
      expect(() => loginFromDockerConfig({ auths: { 'r.io': { identitytoken: 'x' } } }, FILE)).toThrow(
        `${FILE}: r.io has an identity token, not a username and password`,
      );
      expect(() => loginFromDockerConfig(config, FILE, 'ghcr.io')).toThrow(
        `${FILE} has no credentials for ghcr.io`,
      );
      expect(() => loginFromDockerConfig({ auths: { 'r.io': { auth: b64('nocolon') } } }, FILE)).toThrow(
        `${FILE}: the "auth" of r.io is not base64 of user:password`,
      );
      expect(() => loginFromDockerConfig({}, FILE)).toThrow(`${FILE} holds no registry credentials`);
    });

    it('refuses files that are not a JSON object', () => {
      expect(() => parseDockerConfig('{', FILE)).toThrow(`${FILE} is not valid JSON`);
      expect(() => parseDockerConfig('[]', FILE)).toThrow(`${FILE} is not a JSON object`);
      expect(() => parseDockerConfig('{"auths":3}', FILE)).toThrow(`${FILE}: "auths" is not an object`);
    });
  });

  describe('mergeRegistryAuth (registry login)', () => {
    it('creates the file 0600 and its folder 0700', () => {
      const file = path.join(tempHome(), '.docker', 'config.json');
      expect(mergeRegistryAuth(file, '127.0.0.1:5000', 'alice', 'bpat_1_x')).toEqual({ file });
      expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({
        auths: { '127.0.0.1:5000': { auth: b64('alice:bpat_1_x') } },
      });
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    });

    it('replaces the host entry and keeps every other key', () => {
      const file = path.join(tempHome(), 'config.json');
      const before = {
        auths: { 'quay.io': { auth: b64('q:p') }, 'r:5000': { auth: b64('old:old'), email: 'x' } },
        credHelpers: { 'gcr.io': 'gcloud' },
        HttpHeaders: { 'User-Agent': 'me' },
        experimental: 'enabled',
      };
      fs.writeFileSync(file, JSON.stringify(before), { mode: 0o644 });
      mergeRegistryAuth(file, 'r:5000', 'alice', 'tok');
      expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({
        ...before,
        auths: { 'quay.io': { auth: b64('q:p') }, 'r:5000': { auth: b64('alice:tok') } },
      });
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    });

    it('tells when a credsStore will be asked instead of auths', () => {
      const file = path.join(tempHome(), 'config.json');
      fs.writeFileSync(file, '{"credsStore":"desktop"}');
      expect(mergeRegistryAuth(file, 'r:5000', 'a', 't')).toEqual({
        file,
        helper: 'docker-credential-desktop (credsStore)',
      });
    });

    it('leaves a file it cannot parse untouched', () => {
      const file = path.join(tempHome(), 'config.json');
      fs.writeFileSync(file, '{broken');
      expect(() => mergeRegistryAuth(file, 'r', 'a', 't')).toThrow(`${file} is not valid JSON`);
      expect(fs.readFileSync(file, 'utf8')).toBe('{broken');
    });
  });
});
