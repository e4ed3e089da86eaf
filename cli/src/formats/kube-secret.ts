export type KubeSecret = {
  apiVersion: 'v1';
  kind: 'Secret';
  metadata: { name: string; namespace?: string };
  type: 'kubernetes.io/dockerconfigjson';
  data: { '.dockerconfigjson': string };
};

export interface DockerConfigJson {
  auths: Record<string, { username: string; password: string; auth: string }>;
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** The `.dockerconfigjson` document: one `auths` entry for the registry host. */
export function dockerConfigJson(host: string, username: string, password: string): DockerConfigJson {
  return { auths: { [host]: { username, password, auth: base64(`${username}:${password}`) } } };
}

/** A Secret of type kubernetes.io/dockerconfigjson, for `kubectl apply` and `imagePullSecrets`. */
export function pullSecretManifest(options: {
  name: string;
  namespace?: string;
  host: string;
  username: string;
  password: string;
}): KubeSecret {
  const { name, namespace, host, username, password } = options;
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': base64(JSON.stringify(dockerConfigJson(host, username, password))) },
  };
}
