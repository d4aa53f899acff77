import type { Writable } from 'node:stream';
import * as wsModule from 'ws';
import { buildTextFrame } from './text-frame.js';

/** ws's frame parser; exported by the package but missing from its type declarations. */
type ReceiverClass = new (options: { isServer: boolean; maxPayload: number }) => Writable;

const { Receiver } = wsModule as unknown as { Receiver: ReceiverClass };

/** Feeds `frame` to a client-side ws Receiver and resolves with the text message it yields. */
function receiveText(frame: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const receiver = new Receiver({ isServer: false, maxPayload: 0 });
    receiver.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) {
        reject(new Error('expected a text message'));
      } else {
        resolve(data.toString('utf8'));
      }
    });
    receiver.on('error', reject);
    receiver.write(frame);
  });
}

/** The payload length a frame header declares, and the header's size, parsed by hand. */
function readHeader(frame: Buffer): {
  fin: boolean;
  opcode: number;
  masked: boolean;
  length: number;
  headerLength: number;
} {
  const fin = (frame[0] & 0x80) !== 0;
  const opcode = frame[0] & 0x0f;
  const masked = (frame[1] & 0x80) !== 0;
  const short = frame[1] & 0x7f;
  if (short === 126) {
    return { fin, opcode, masked, length: frame.readUInt16BE(2), headerLength: 4 };
  }
  if (short === 127) {
    return { fin, opcode, masked, length: Number(frame.readBigUInt64BE(2)), headerLength: 10 };
  }
  return { fin, opcode, masked, length: short, headerLength: 2 };
}

describe(buildTextFrame.name, () => {
  it.each([
    [0, 2],
    [1, 2],
    [125, 2],
    [126, 4],
    [65535, 4],
    [65536, 10],
    [70000, 10],
  ])('should frame a payload of %i bytes with a %i-byte header', (length, headerLength) => {
    const payload = Buffer.alloc(length, 0x61);

    const sut = buildTextFrame(payload);

    expect(readHeader(sut)).toEqual({
      fin: true,
      opcode: 0x1,
      masked: false,
      length,
      headerLength,
    });
    expect(sut.length).toBe(headerLength + length);
    expect(sut.subarray(headerLength).equals(payload)).toBe(true);
  });

  it('should use the length marker bytes of RFC 6455', () => {
    expect(buildTextFrame(Buffer.alloc(125))[1]).toBe(125);
    expect([...buildTextFrame(Buffer.alloc(126)).subarray(0, 4)]).toEqual([0x81, 126, 0, 126]);
    expect([...buildTextFrame(Buffer.alloc(65535)).subarray(0, 4)]).toEqual([
      0x81, 126, 0xff, 0xff,
    ]);
    expect([...buildTextFrame(Buffer.alloc(65536)).subarray(0, 10)]).toEqual([
      0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0,
    ]);
  });

  it.each([0, 125, 126, 65535, 65536])(
    'should be read back by the ws receiver for %i bytes',
    async (length) => {
      const text = 'é'.repeat(Math.floor(length / 2)) + 'x'.repeat(length % 2);
      const payload = Buffer.from(text, 'utf8');
      expect(payload.length).toBe(length);

      await expect(receiveText(buildTextFrame(payload))).resolves.toBe(text);
    },
  );

  it('should carry a JSON broadcast unchanged', async () => {
    const json = JSON.stringify({ message: { text: 'héllo', n: [1, 2] } });

    await expect(receiveText(buildTextFrame(Buffer.from(json)))).resolves.toBe(json);
  });
});
