import { ErrorCode } from '@berth/errors';
import type { BlobDriver } from '../blob-driver';
import {
  bodyOf,
  bytes,
  collect,
  drained,
  expectBerthError,
  expectBytes,
  failingBody,
  manualBody,
  MiB,
  readAll,
  watchedBody,
} from './stream-fixtures';

export interface BlobDriverFixture {
  driver: BlobDriver;
  cleanup(): Promise<void>;
}

const INVALID_KEYS = [
  '',
  '/abs',
  'a//b',
  'a/',
  '..',
  'a/../b',
  'a/./b',
  'with space',
  'back\\slash',
  'ü',
  'x.parts/0000000000000000',
  'a/b.parts',
  '_tmp/x',
  'k'.repeat(901),
];

/**
 * The conformance suite every BlobDriver passes. The factory runs once per suite; each test
 * works under its own key prefix, so drivers may share one store across tests.
 */
export function describeBlobDriver(name: string, factory: () => Promise<BlobDriverFixture>): void {
  describe(`BlobDriver conformance: ${name}`, () => {
    let fixture: BlobDriverFixture | undefined;
    let driver: BlobDriver;
    let space = '';
    let counter = 0;
    const k = (rest: string) => `${space}/${rest}`;

    beforeAll(async () => {
      fixture = await factory();
      driver = fixture.driver;
    });
    afterAll(async () => {
      await fixture?.cleanup();
    });
    beforeEach(() => {
      space = `case-${++counter}-${Date.now().toString(36)}`;
    });

    /** Appends `chunks` one after another and returns their concatenation. */
    async function appendAll(key: string, chunks: Buffer[]): Promise<Buffer> {
      let offset = 0;
      for (const chunk of chunks) {
        const { size } = await driver.append(key, bodyOf(chunk), offset);
        expect(size).toBe(offset + chunk.length);
        offset = size;
      }
      return Buffer.concat(chunks);
    }

    describe('stat, put and read', () => {
      it('stat is null and read is NOT_FOUND for an absent key', async () => {
        expect(await driver.stat(k('nothing'))).toBeNull();
        await expectBerthError(driver.read(k('nothing')), ErrorCode.NOT_FOUND);
        await expectBerthError(driver.read(k('nothing'), { start: 0, end: 0 }), ErrorCode.NOT_FOUND);
      });

      it('round-trips a multi-MiB stream byte for byte', async () => {
        const data = bytes(6 * MiB + 123);
        const before = Date.now();
        expect(await driver.put(k('big'), bodyOf(data))).toEqual({ size: data.length });
        const st = await driver.stat(k('big'));
        expect(st?.size).toBe(data.length);
        // Not toBeInstanceOf(Date): Jest's sandbox has its own Date constructor.
        expect(Object.prototype.toString.call(st?.modifiedAt)).toBe('[object Date]');
        expect(st!.modifiedAt.getTime()).toBeGreaterThanOrEqual(before - 2000);
        expect(st!.modifiedAt.getTime()).toBeLessThanOrEqual(Date.now() + 2000);
        expectBytes(await readAll(await driver.read(k('big'))), data);
      });

      it('stores zero-byte objects', async () => {
        expect(await driver.put(k('empty'), bodyOf(Buffer.alloc(0)))).toEqual({ size: 0 });
        expect((await driver.stat(k('empty')))?.size).toBe(0);
        expect((await readAll(await driver.read(k('empty')))).length).toBe(0);
        await expectBerthError(driver.read(k('empty'), { start: 0, end: 0 }), ErrorCode.RANGE_INVALID, {
          size: 0,
        });
      });

      it('put replaces an existing object', async () => {
        await driver.put(k('obj'), bodyOf(bytes(5000)));
        const second = bytes(321);
        expect(await driver.put(k('obj'), bodyOf(second))).toEqual({ size: 321 });
        expectBytes(await readAll(await driver.read(k('obj'))), second);
      });

      it('put checks expectedSize and stores nothing on a mismatch', async () => {
        const data = bytes(10_000);
        expect(await driver.put(k('sized'), bodyOf(data), { expectedSize: 10_000 })).toEqual({
          size: 10_000,
        });
        await expectBerthError(
          driver.put(k('short'), bodyOf(data), { expectedSize: 10_001 }),
          ErrorCode.SIZE_INVALID,
        );
        await expectBerthError(
          driver.put(k('long'), bodyOf(data), { expectedSize: 9_999 }),
          ErrorCode.SIZE_INVALID,
        );
        await expectBerthError(
          driver.put(k('sized'), bodyOf(bytes(5)), { expectedSize: 6 }),
          ErrorCode.SIZE_INVALID,
        );
        expect(await driver.stat(k('short'))).toBeNull();
        expect(await driver.stat(k('long'))).toBeNull();
        expectBytes(await readAll(await driver.read(k('sized'))), data);
      });

      it('a failing body leaves nothing visible and keeps the previous object', async () => {
        const boom = new Error('client went away');
        await expect(driver.put(k('fresh'), failingBody(bytes(MiB), boom))).rejects.toThrow(
          'client went away',
        );
        expect(await driver.stat(k('fresh'))).toBeNull();
        expect(await collect(driver.list(space))).toEqual([]);

        const old = bytes(777);
        await driver.put(k('kept'), bodyOf(old));
        await expect(driver.put(k('kept'), failingBody(bytes(MiB), boom))).rejects.toThrow(
          'client went away',
        );
        expectBytes(await readAll(await driver.read(k('kept'))), old);
      });

      it('an unfinished put is invisible until it completes', async () => {
        const data = bytes(6 * MiB);
        const body = manualBody();
        const put = driver.put(k('slow'), body);
        body.write(data.subarray(0, 5.5 * MiB));
        await drained(body);
        expect(await driver.stat(k('slow'))).toBeNull();
        expect(await collect(driver.list(space))).toEqual([]);
        body.end(data.subarray(5.5 * MiB));
        expect(await put).toEqual({ size: data.length });
        expectBytes(await readAll(await driver.read(k('slow'))), data);
      });
    });

    describe('ranges', () => {
      it('reads the first byte, a middle span, the last byte and the whole object', async () => {
        const data = bytes(3 * MiB + 17);
        const last = data.length - 1;
        await driver.put(k('r'), bodyOf(data));
        const read = async (start: number, end: number) => readAll(await driver.read(k('r'), { start, end }));
        expectBytes(await read(0, 0), data.subarray(0, 1));
        expectBytes(await read(1000, 2_000_000), data.subarray(1000, 2_000_001));
        expectBytes(await read(last, last), data.subarray(last));
        expectBytes(await read(0, last), data);
      });

      it('rejects ranges outside the object and malformed ranges', async () => {
        await driver.put(k('r'), bodyOf(bytes(100)));
        await expectBerthError(driver.read(k('r'), { start: 50, end: 100 }), ErrorCode.RANGE_INVALID, {
          size: 100,
        });
        await expectBerthError(driver.read(k('r'), { start: 100, end: 100 }), ErrorCode.RANGE_INVALID, {
          size: 100,
        });
        await expectBerthError(driver.read(k('r'), { start: 5, end: 4 }), ErrorCode.INVALID_ARGUMENT);
        await expectBerthError(driver.read(k('r'), { start: -1, end: 4 }), ErrorCode.INVALID_ARGUMENT);
        await expectBerthError(driver.read(k('r'), { start: 0.5, end: 4 }), ErrorCode.INVALID_ARGUMENT);
      });

      it('reads ranges across appended chunks', async () => {
        const data = await appendAll(k('u'), [bytes(1000), bytes(2000), bytes(3000)]);
        const read = async (start: number, end: number) => readAll(await driver.read(k('u'), { start, end }));
        expectBytes(await read(0, 0), data.subarray(0, 1));
        expectBytes(await read(500, 3500), data.subarray(500, 3501));
        expectBytes(await read(1000, 2999), data.subarray(1000, 3000));
        expectBytes(await read(2999, 3000), data.subarray(2999, 3001));
        expectBytes(await read(5999, 5999), data.subarray(5999));
        await expectBerthError(driver.read(k('u'), { start: 0, end: 6000 }), ErrorCode.RANGE_INVALID, {
          size: 6000,
        });
      });
    });

    describe('append', () => {
      it('appends at the current size and reads back the concatenation', async () => {
        const data = await appendAll(k('up/data'), [bytes(1), bytes(MiB + 3), bytes(4096), bytes(2 * MiB)]);
        expect((await driver.stat(k('up/data')))?.size).toBe(data.length);
        expectBytes(await readAll(await driver.read(k('up/data'))), data);
      });

      it('rejects an offset other than the current size without reading the body', async () => {
        const data = await appendAll(k('up'), [bytes(100)]);
        for (const offset of [0, 99, 101, 5000]) {
          const watched = watchedBody(bytes(10));
          await expectBerthError(driver.append(k('up'), watched.body, offset), ErrorCode.RANGE_INVALID, {
            size: 100,
          });
          expect(watched.wasRead()).toBe(false);
        }
        expect((await driver.stat(k('up')))?.size).toBe(100);
        expectBytes(await readAll(await driver.read(k('up'))), data);
      });

      it('rejects a non-zero offset on an absent key and leaves it absent', async () => {
        await expectBerthError(driver.append(k('none'), bodyOf(bytes(10)), 10), ErrorCode.RANGE_INVALID, {
          size: 0,
        });
        expect(await driver.stat(k('none'))).toBeNull();
        await expectBerthError(driver.append(k('none'), bodyOf(bytes(1)), -1), ErrorCode.INVALID_ARGUMENT);
      });

      it('a failed body leaves the previous size and content', async () => {
        const boom = new Error('connection reset');
        await expect(driver.append(k('up'), failingBody(bytes(1000), boom), 0)).rejects.toThrow(
          'connection reset',
        );
        expect(await driver.stat(k('up'))).toBeNull();

        const first = await appendAll(k('up'), [bytes(3000)]);
        await expect(driver.append(k('up'), failingBody(bytes(MiB), boom), 3000)).rejects.toThrow(
          'connection reset',
        );
        expect((await driver.stat(k('up')))?.size).toBe(3000);
        expectBytes(await readAll(await driver.read(k('up'))), first);

        const more = bytes(500);
        expect(await driver.append(k('up'), bodyOf(more), 3000)).toEqual({ size: 3500 });
        expectBytes(await readAll(await driver.read(k('up'))), Buffer.concat([first, more]));
      });

      it('appends a body of many small chunks, byte for byte', async () => {
        const data = bytes(3 * MiB + 5);
        const body = manualBody();
        const append = driver.append(k('many'), body, 0);
        for (let at = 0; at < data.length; at += 1000) {
          if (!body.write(data.subarray(at, Math.min(data.length, at + 1000)))) {
            await new Promise((resolve) => body.once('drain', resolve));
          }
        }
        body.end();
        expect(await append).toEqual({ size: data.length });
        expectBytes(await readAll(await driver.read(k('many'))), data);
      });

      it('zero-byte appends create an empty object and keep the size', async () => {
        expect(await driver.append(k('z'), bodyOf(Buffer.alloc(0)), 0)).toEqual({ size: 0 });
        expect((await driver.stat(k('z')))?.size).toBe(0);
        const data = bytes(10);
        await driver.append(k('z'), bodyOf(data), 0);
        expect(await driver.append(k('z'), bodyOf(Buffer.alloc(0)), 10)).toEqual({ size: 10 });
        expectBytes(await readAll(await driver.read(k('z'))), data);
      });

      it('continues an object that was written with put', async () => {
        const head = bytes(2048);
        const tail = bytes(100);
        await driver.put(k('p'), bodyOf(head));
        expect(await driver.append(k('p'), bodyOf(tail), 2048)).toEqual({ size: 2148 });
        expectBytes(await readAll(await driver.read(k('p'))), Buffer.concat([head, tail]));
        await driver.put(k('p'), bodyOf(head));
        expectBytes(await readAll(await driver.read(k('p'))), head);
        expect(await driver.append(k('p'), bodyOf(tail), 2048)).toEqual({ size: 2148 });
      });
    });

    describe('commit', () => {
      it('moves an appended object into place', async () => {
        const data = await appendAll(k('uploads/1/data'), [bytes(MiB), bytes(1234), bytes(77)]);
        await driver.commit(k('uploads/1/data'), k('blobs/ab/abc'));
        expect((await driver.stat(k('blobs/ab/abc')))?.size).toBe(data.length);
        expectBytes(await readAll(await driver.read(k('blobs/ab/abc'))), data);
        expect(await driver.stat(k('uploads/1/data'))).toBeNull();
        await expectBerthError(driver.read(k('uploads/1/data')), ErrorCode.NOT_FOUND);
        expect(await collect(driver.list(space))).toEqual([k('blobs/ab/abc')]);
      });

      it('moves a single-chunk upload and a put object into place', async () => {
        const one = await appendAll(k('u1'), [bytes(4321)]);
        await driver.commit(k('u1'), k('b1'));
        expectBytes(await readAll(await driver.read(k('b1'))), one);
        const put = bytes(999);
        await driver.put(k('u2'), bodyOf(put));
        await driver.commit(k('u2'), k('b2'));
        expectBytes(await readAll(await driver.read(k('b2'))), put);
        expect(await collect(driver.list(space))).toEqual([k('b1'), k('b2')]);
      });

      it('commits zero-byte objects', async () => {
        await driver.append(k('u'), bodyOf(Buffer.alloc(0)), 0);
        await driver.commit(k('u'), k('b'));
        expect((await driver.stat(k('b')))?.size).toBe(0);
        expect(await driver.stat(k('u'))).toBeNull();
      });

      it('only removes the source when the target already exists', async () => {
        const data = bytes(5000);
        await driver.put(k('blob'), bodyOf(data));
        const before = await driver.stat(k('blob'));
        // Different bytes make an overwrite visible; content-addressed callers never do this.
        await appendAll(k('up'), [bytes(2000), bytes(3000)]);
        await driver.commit(k('up'), k('blob'));
        expect(await driver.stat(k('up'))).toBeNull();
        expect(await driver.stat(k('blob'))).toEqual(before);
        expectBytes(await readAll(await driver.read(k('blob'))), data);
      });

      it('checks expectedSize against the source and changes nothing on a mismatch', async () => {
        const data = await appendAll(k('up'), [bytes(3000), bytes(1000)]);
        await expectBerthError(
          driver.commit(k('up'), k('blob'), { expectedSize: 4001 }),
          ErrorCode.SIZE_INVALID,
          { expected: 4001, actual: 4000 },
        );
        await expectBerthError(
          driver.commit(k('up'), k('blob'), { expectedSize: 3999 }),
          ErrorCode.SIZE_INVALID,
          { expected: 3999, actual: 4000 },
        );
        await expectBerthError(
          driver.commit(k('up'), k('blob'), { expectedSize: -1 }),
          ErrorCode.INVALID_ARGUMENT,
        );
        await expectBerthError(
          driver.commit(k('nothing'), k('blob'), { expectedSize: 0 }),
          ErrorCode.NOT_FOUND,
        );
        expect(await driver.stat(k('blob'))).toBeNull();
        expectBytes(await readAll(await driver.read(k('up'))), data);

        await driver.commit(k('up'), k('blob'), { expectedSize: 4000 });
        expect(await driver.stat(k('up'))).toBeNull();
        expectBytes(await readAll(await driver.read(k('blob'))), data);
      });

      it('with expectedSize, still keeps a target that already exists', async () => {
        const data = bytes(100);
        await driver.put(k('blob'), bodyOf(data));
        await appendAll(k('up'), [bytes(100)]);
        await driver.commit(k('up'), k('blob'), { expectedSize: 100 });
        expect(await driver.stat(k('up'))).toBeNull();
        expectBytes(await readAll(await driver.read(k('blob'))), data);
      });

      it('is NOT_FOUND for an absent source and rejects committing a key onto itself', async () => {
        await driver.put(k('blob'), bodyOf(bytes(10)));
        await expectBerthError(driver.commit(k('nothing'), k('blob')), ErrorCode.NOT_FOUND);
        await expectBerthError(driver.commit(k('nothing'), k('other')), ErrorCode.NOT_FOUND);
        await expectBerthError(driver.commit(k('blob'), k('blob')), ErrorCode.INVALID_ARGUMENT);
        expect((await driver.stat(k('blob')))?.size).toBe(10);
        expect(await driver.stat(k('other'))).toBeNull();
      });
    });

    describe('delete, deletePrefix and list', () => {
      it('delete removes put and appended objects and is idempotent', async () => {
        await driver.put(k('a/b'), bodyOf(bytes(10)));
        await driver.put(k('a/b2'), bodyOf(bytes(10)));
        await appendAll(k('a/c'), [bytes(10), bytes(10)]);
        await driver.delete(k('a/b'));
        await driver.delete(k('a/c'));
        await driver.delete(k('a/b'));
        await driver.delete(k('never/was'));
        expect(await driver.stat(k('a/b'))).toBeNull();
        expect(await driver.stat(k('a/c'))).toBeNull();
        expect(await collect(driver.list(space))).toEqual([k('a/b2')]);
      });

      it('deletePrefix removes everything under the prefix and nothing beside it', async () => {
        await appendAll(k('uploads/x/data'), [bytes(100), bytes(100)]);
        await driver.put(k('uploads/x/state/hash'), bodyOf(bytes(32)));
        await driver.put(k('uploads/xy/data'), bodyOf(bytes(5)));
        await driver.deletePrefix(k('uploads/x'));
        expect(await driver.stat(k('uploads/x/data'))).toBeNull();
        expect(await collect(driver.list(space))).toEqual([k('uploads/xy/data')]);
        await driver.deletePrefix(k('uploads/x'));
        await driver.deletePrefix(k('never'));
        await expectBerthError(driver.deletePrefix(''), ErrorCode.INVALID_ARGUMENT);
      });

      it('deletePrefix of a committed upload leaves nothing, and never removes the key itself', async () => {
        await appendAll(k('uploads/y/data'), [bytes(10)]);
        await driver.commit(k('uploads/y/data'), k('blobs/y'));
        await driver.deletePrefix(k('uploads/y'));
        expect(await collect(driver.list(space))).toEqual([k('blobs/y')]);
        await driver.deletePrefix(k('blobs/y'));
        expect((await driver.stat(k('blobs/y')))?.size).toBe(10);
      });

      it('lists keys under a prefix, appended objects once', async () => {
        await driver.put(k('a/1'), bodyOf(bytes(1)));
        await driver.put(k('a/b/2'), bodyOf(bytes(2)));
        await appendAll(k('a/c/3'), [bytes(3), bytes(3), bytes(3)]);
        await driver.put(k('ab/4'), bodyOf(bytes(4)));
        await driver.put(k('a/empty'), bodyOf(Buffer.alloc(0)));
        expect(await collect(driver.list(k('a')))).toEqual([k('a/1'), k('a/b/2'), k('a/c/3'), k('a/empty')]);
        expect(await collect(driver.list(k('a/c')))).toEqual([k('a/c/3')]);
        expect(await collect(driver.list(k('a/1')))).toEqual([]);
        expect(await collect(driver.list(k('missing')))).toEqual([]);
        const all = await collect(driver.list(''));
        expect(all).toEqual(expect.arrayContaining([k('a/1'), k('a/c/3'), k('ab/4')]));
        expect(all.filter((key) => key.startsWith(`${space}/`))).toHaveLength(5);
      });
    });

    describe('keys', () => {
      it.each(INVALID_KEYS.map((key) => [key]))('rejects %j everywhere', async (bad) => {
        const code = ErrorCode.INVALID_ARGUMENT;
        await expectBerthError(driver.stat(bad), code);
        await expectBerthError(driver.read(bad), code);
        await expectBerthError(driver.put(bad, bodyOf(bytes(1))), code);
        await expectBerthError(driver.append(bad, bodyOf(bytes(1)), 0), code);
        await expectBerthError(driver.commit(bad, k('ok')), code);
        await expectBerthError(driver.commit(k('ok'), bad), code);
        await expectBerthError(driver.delete(bad), code);
        await expectBerthError(driver.deletePrefix(bad), code);
        if (bad !== '') await expectBerthError(collect(driver.list(bad)), code);
      });

      it('accepts digest-shaped and upload-shaped keys', async () => {
        const keys = [k('blobs/sha256/ab/ab12ef'), k('uploads/0b4f-9c_x/data'), k('v=1/.hidden/x.y-z')];
        for (const key of keys) await driver.put(key, bodyOf(bytes(3)));
        expect(await collect(driver.list(space))).toEqual([...keys].sort());
      });
    });
  });
}
