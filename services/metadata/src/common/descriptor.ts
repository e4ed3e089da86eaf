/** An image's platform (from its index entry or its config). */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** A content descriptor as metadata keeps it (the domain side of metadataV1.Descriptor). */
export interface ContentDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations: Record<string, string>;
  platform?: Platform;
}
