// The JSON of the management API's responses (the gRPC messages of proto/berth/auth/v1 with
// ts-proto camelCase names). Written out here so that the CLI depends on no other project; only
// the fields the text output shows are listed, everything else is passed through by `-o json`.

export interface Caller {
  kind: string;
  subject: string;
  registryAdmin?: boolean;
  groups?: string[];
}

export interface User {
  username: string;
  registryAdmin?: boolean;
  disabled?: boolean;
  createdAt?: string;
  groups?: string[];
}

export interface ApiToken {
  name: string;
  createdAt?: string;
  expiresAt?: string;
  lastUsedAt?: string;
  revoked?: boolean;
}

export interface Group {
  name: string;
  members?: string[];
  createdAt?: string;
}

export interface AuditEvent {
  id: string;
  at?: string;
  actor?: string;
  action?: string;
  project?: string;
  target?: string;
  clientIp?: string;
  outcome?: string;
  details?: Record<string, string>;
}

export interface Subject {
  kind: string;
  name: string;
}

export interface Project {
  name: string;
  public?: boolean;
  createdAt?: string;
  createdBy?: string;
  repositoryCount?: number;
  callerRole?: string;
}

export interface Member {
  subject?: Subject | null;
  role?: string;
  addedAt?: string;
}

export interface RoleBinding {
  project?: string;
  role?: string;
  subject?: Subject | null;
  createdAt?: string;
}

export interface ServiceAccount {
  project?: string;
  name: string;
  subject?: string;
  username?: string;
  createdAt?: string;
  pullSecretCreatedAt?: string;
}

export interface PullSecret {
  username: string;
  password: string;
  createdAt?: string;
}

export interface PullSecretResponse {
  serviceAccount?: ServiceAccount | null;
  pullSecret?: PullSecret | null;
}

export interface RegistryCredential {
  project?: string;
  name: string;
  server?: string;
  username?: string;
  email?: string;
  createdAt?: string;
}

export interface ImageScope {
  repository: string;
  scope: string;
}

/** The Docker token endpoint's answer. */
export interface TokenResponse {
  token?: string;
  access_token?: string;
  expires_in?: number;
  issued_at?: string;
}
