import type { Client } from 'minio';
import { BerthError, ErrorCode } from '@berth/errors';
import { isValidKey, RESERVED_SEGMENT_SUFFIX } from './blob-key';

/** Digits of the zero-padded offset in a part's name; 16 digits sort correctly up to ~9 PB. */
const OFFSET_DIGITS = 16;
const PART_NAME = new RegExp(`^(.+)\\${RESERVED_SEGMENT_SUFFIX}/(\\d{${OFFSET_DIGITS}})$`);

/** One stored object that holds the bytes [offset, offset + size) of a logical object. */
export interface StoredPart {
  objectName: string;
  offset: number;
  size: number;
  modifiedAt: Date;
}

/** `<objectName>.parts/` — everything appended to `objectName` lives under it. */
export function partsPrefixOf(objectName: string): string {
  return `${objectName}${RESERVED_SEGMENT_SUFFIX}/`;
}

/** `<objectName>.parts/0000000000001234` for the bytes appended at offset 1234. */
export function partObjectName(objectName: string, offset: number): string {
  return `${partsPrefixOf(objectName)}${String(offset).padStart(OFFSET_DIGITS, '0')}`;
}

/**
 * The key a stored object belongs to (parts map to the key they were appended to), or undefined
 * for objects outside `root` or not named like a key (foreign objects in a shared bucket).
 */
export function keyOfObjectName(root: string, objectName: string): string | undefined {
  let name = objectName;
  if (root !== '') {
    if (!name.startsWith(`${root}/`)) return undefined;
    name = name.slice(root.length + 1);
  }
  const part = PART_NAME.exec(name);
  const key = part ? part[1] : name;
  return isValidKey(key) ? key : undefined;
}

/**
 * The parts appended to `objectName`, ordered by offset; [] when there are none. Throws when the
 * parts do not tile the object from offset 0 without gaps (the store was changed behind our back).
 */
export async function listPartsOf(client: Client, bucket: string, objectName: string): Promise<StoredPart[]> {
  const parts: StoredPart[] = [];
  for await (const item of client.listObjectsV2(bucket, partsPrefixOf(objectName), true)) {
    const { name, size, lastModified } = item as { name?: string; size?: number; lastModified?: Date };
    const match = name === undefined ? null : PART_NAME.exec(name);
    if (!name || !match || match[1] !== objectName) continue;
    parts.push({
      objectName: name,
      offset: Number(match[2]),
      size: size ?? 0,
      modifiedAt: lastModified ?? new Date(0),
    });
  }
  parts.sort((a, b) => a.offset - b.offset);
  let expected = 0;
  for (const part of parts) {
    if (part.offset !== expected) {
      throw new BerthError(
        ErrorCode.UNKNOWN,
        `appended parts of ${objectName} have a gap at offset ${expected}`,
        {
          objectName,
          offset: expected,
        },
      );
    }
    expected += part.size;
  }
  return parts;
}
