/**
 * Manifest payloads by digest, least recently used evicted first, bounded by total bytes.
 * Content addressed bytes never change, so entries need no invalidation; whether a repository may
 * read a digest is still asked of the database on every request.
 */
export class ManifestCache {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;

  constructor(readonly maxBytes: number) {}

  get size(): number {
    return this.bytes;
  }

  get(digest: string): Buffer | undefined {
    const payload = this.entries.get(digest);
    if (payload !== undefined) {
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      this.entries.delete(digest);
      this.entries.set(digest, payload);
    }
    return payload;
  }

  set(digest: string, payload: Buffer): void {
    if (payload.byteLength > this.maxBytes) return;
    const previous = this.entries.get(digest);
    if (previous !== undefined) {
      this.entries.delete(digest);
      this.bytes -= previous.byteLength;
    }
    this.entries.set(digest, payload);
    this.bytes += payload.byteLength;
    for (const [oldest, evicted] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= evicted.byteLength;
    }
  }
}
