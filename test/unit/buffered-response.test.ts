import { describe, expect, it } from 'vitest';
import { BufferedResponse, bufferedBody } from '../../shared/net/buffered-response.js';

const init = { status: 200, statusText: 'OK', headers: { 'content-type': 'application/json' } };
const make = (source: Uint8Array | string, parsed?: { value: unknown }) =>
  new BufferedResponse(source, init, parsed).asResponse();

/** A Response whose body is in hand: it behaves as a standard one, reading from the bytes instead of a stream. */
describe('BufferedResponse', () => {
  it('is a Response with its status, headers and body', async () => {
    const response = make(Buffer.from('{"a":1}'));
    expect(response).toBeInstanceOf(Response);
    expect([response.status, response.statusText, response.ok]).toEqual([200, 'OK', true]);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.bodyUsed).toBe(false);
    expect(await response.json()).toEqual({ a: 1 });
    expect(response.bodyUsed).toBe(true);
  });

  it('reads once: a second read rejects as a standard body does', async () => {
    const response = make('ünïcode');
    expect(await response.text()).toBe('ünïcode');
    await expect(response.text()).rejects.toThrow(TypeError);
    await expect(response.json()).rejects.toThrow(TypeError);
    expect(() => response.clone()).toThrow(TypeError);
  });

  it('answers json() with the value parsed before, and rejects bad JSON like fetch does', async () => {
    const value = { jsonrpc: '2.0', id: 1, result: {} };
    expect(await make(JSON.stringify(value), { value }).json()).toBe(value);
    await expect(make('<html>').json()).rejects.toThrow(SyntaxError);
  });

  it('gives bytes, a stream, a blob or a clone when asked, with the same content', async () => {
    const bytes = new Uint8Array(await make('abc').arrayBuffer());
    expect([...bytes]).toEqual([97, 98, 99]);
    const streamed = make(Buffer.from('stream me'));
    expect(await new Response(streamed.body).text()).toBe('stream me');
    expect(streamed.bodyUsed).toBe(true);
    expect(await (await make('blob').blob()).text()).toBe('blob');
    const original = make('twice');
    const copy = original.clone();
    expect([await original.text(), await copy.text()]).toEqual(['twice', 'twice']);
  });

  it('lets a body be cancelled without reading it, and reports a read body as used', async () => {
    const response = make('never read');
    await response.body!.cancel();
    expect(response.bodyUsed).toBe(true);
    const read = make('read');
    await read.text();
    expect(read.body).not.toBeNull();
    expect(read.bodyUsed).toBe(true);
  });

  it('tells its bytes in hand from a streamed response, with their length', () => {
    expect(bufferedBody(make('ünï'))?.byteLength).toBe(5); // ü and ï take two bytes each
    expect(bufferedBody(new Response('x'))).toBeUndefined();
  });
});
